import type { YogaInitialContext } from "graphql-yoga";

export interface Context {
  request: Request;
}

export function createContext({ request }: YogaInitialContext): Context {
  return { request };
}
