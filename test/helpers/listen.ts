// A server listening on a loopback port, as `npm start` wires it (HTTP, SSE and graphql-ws on one
// port), for tests that drive real client libraries over the network.
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadHardeningConfig, type HardeningConfig } from "../../src/config.ts";
import { attachGraphQLWebSocket } from "../../src/http/websocket.ts";
import { type ChangePubSub, createChangePubSub } from "../../src/pubsub.ts";
import { createServer, type ServerOptions } from "../../src/yoga.ts";

export interface Listening {
  yoga: ReturnType<typeof createServer>;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  /** ws://127.0.0.1:<port>/graphql */
  wsUrl: string;
  webSocket: ReturnType<typeof attachGraphQLWebSocket>;
  /** The server's change events (in memory unless one was given). */
  pubsub: ChangePubSub;
  /** Resolves once `count` subscription streams are open (bounded). */
  subscribers(count?: number): Promise<void>;
  close(): Promise<void>;
}

export async function listen(options: ServerOptions = {}): Promise<Listening> {
  const config: HardeningConfig = { ...loadHardeningConfig(), ...options.config };
  const pubsub = options.pubsub ?? createChangePubSub();
  const yoga = createServer({ ...options, config, pubsub });
  const http = createHttpServer(yoga);
  // As in src/server.ts: keep-alive outlasts the clients' own idle timeout, so a client never
  // reuses a socket the server is closing (ECONNRESET).
  http.keepAliveTimeout = 65_000;
  const webSocket = attachGraphQLWebSocket(http, yoga, { config });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    yoga,
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    webSocket,
    pubsub,
    async subscribers(count = 1) {
      for (const deadline = Date.now() + 5_000; pubsub.subscriberCount < count; ) {
        if (Date.now() > deadline) throw new Error(`${pubsub.subscriberCount} of ${count} subscriptions open after 5 s`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      await webSocket.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await yoga.dispose();
      if (!options.pubsub) await pubsub.close();
    },
  };
}
