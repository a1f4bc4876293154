import type { YogaInitialContext } from "graphql-yoga";
import { db } from "./db.ts";
import { type Viewer, viewerFromHeader } from "./domain/api-keys.ts";
import type { ChangePubSub } from "./pubsub.ts";

export interface Context {
  request: Request;
  /**
   * Who is writing: undefined for an anonymous request (reading is open), null when the request
   * carried an unknown, revoked or malformed key.
   */
  viewer: Viewer | null | undefined;
  /** This server instance's change events, for subscriptions. */
  pubsub: ChangePubSub;
  /**
   * Who the caller is for budgets and bounds (rate limits, open subscriptions): `key:<id>` for a
   * valid API key, else `ip:<address>` (X-Forwarded-For's first address only with TRUST_PROXY).
   */
  client: string;
}

export async function createContext(
  initial: YogaInitialContext & { req?: { socket?: { remoteAddress?: string } } },
  pubsub: ChangePubSub,
  options: { trustProxy?: boolean } = {},
): Promise<Context> {
  const { request } = initial;
  // Only requests that carry a key cost a lookup; anonymous reads never touch the key table.
  const viewer = await viewerFromHeader(db(), request.headers.get("authorization"));
  return { request, viewer, pubsub, client: clientOf(initial, viewer, options.trustProxy ?? false) };
}

function clientOf(initial: { request: Request; req?: { socket?: { remoteAddress?: string } } }, viewer: Viewer | null | undefined, trustProxy: boolean) {
  if (viewer) return `key:${viewer.keyId}`;
  if (trustProxy) {
    const forwarded = initial.request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return `ip:${forwarded}`;
  }
  // Under yoga.fetch (tests) there is no socket: every such caller is one client.
  return `ip:${initial.req?.socket?.remoteAddress ?? "unknown"}`;
}
