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
}

export async function createContext({ request }: YogaInitialContext, pubsub: ChangePubSub): Promise<Context> {
  // Only requests that carry a key cost a lookup; anonymous reads never touch the key table.
  return { request, viewer: await viewerFromHeader(db(), request.headers.get("authorization")), pubsub };
}
