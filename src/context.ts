import type { YogaInitialContext } from "graphql-yoga";
import { db } from "./db.ts";
import { type Viewer, viewerFromHeader } from "./domain/api-keys.ts";

export interface Context {
  request: Request;
  /**
   * Who is writing: undefined for an anonymous request (reading is open), null when the request
   * carried an unknown, revoked or malformed key.
   */
  viewer: Viewer | null | undefined;
}

export async function createContext({ request }: YogaInitialContext): Promise<Context> {
  // Only requests that carry a key cost a lookup; anonymous reads never touch the key table.
  return { request, viewer: await viewerFromHeader(db(), request.headers.get("authorization")) };
}
