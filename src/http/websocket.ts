// GraphQL over WebSocket (the graphql-ws protocol, `graphql-transport-ws`) on /graphql, beside
// Yoga's HTTP and Server-Sent Events: the transport Apollo's GraphQLWsLink and urql's
// subscriptionExchange use by default. Every operation goes through Yoga's own envelop (the
// same parse, validate, abuse limits, masking and error codes as over HTTP), and its context is
// built from a Request carrying the connection's key, so the API key rules are those of HTTP:
// reading and subscribing are open, writing needs a key with the role.
import type { Server as HttpServer, IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type ExecutionArgs, type ExecutionResult, GraphQLError } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import type { YogaServerInstance } from "graphql-yoga";
import { WebSocketServer } from "ws";
import type { HardeningConfig } from "../config.ts";
import { codeFor, withCode } from "../plugins/error-codes.ts";
import { loadManifest } from "../plugins/persisted-operations.ts";

export interface WebSocketOptions {
  config: Pick<HardeningConfig, "corsOrigins" | "maxBodyBytes" | "maxResponseBytes" | "persistedOperations">;
  /** The persisted operations for PERSISTED_OPERATIONS=only (default: client/generated's manifest). */
  manifest?: Map<string, string>;
}

export interface GraphQLWebSocket {
  /** Open sockets (for shutdown and tests). */
  readonly clientCount: number;
  /** Closes every socket (code 1001, going away) and stops accepting new ones. */
  close(): Promise<void>;
}

/**
 * connectionParams may carry the key as `authorization` (or `Authorization`): "Bearer smy_...",
 * exactly the HTTP header's value.
 */
function authorizationOf(params: Record<string, unknown> | undefined): string | null {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === "string" ? value : null;
}

/**
 * Browsers do not apply CORS to WebSocket handshakes, so the origin check CORS does for fetch is
 * done here: with CORS_ORIGINS set, a page on another origin cannot open a socket. Clients that
 * are not browsers send no Origin and are let in, as over HTTP.
 */
function originAllowed(origins: string[], request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  return !origin || origins.includes("*") || origins.includes(origin);
}

const withCodes = (errors: readonly GraphQLError[]) => errors.map((e) => (e.extensions?.code ? e : (withCode(e, codeFor(e)) as GraphQLError)));

const refusal = (message: string, code: string) => [new GraphQLError(message, { extensions: { code } })];

export function attachGraphQLWebSocket(
  httpServer: HttpServer,
  // Any server context: only the endpoint and the envelop are used.
  yoga: YogaServerInstance<any, any>,
  options: WebSocketOptions,
): GraphQLWebSocket {
  const { config } = options;
  const manifest = config.persistedOperations === "only" ? (options.manifest ?? loadManifest()) : undefined;
  // noServer: the HTTP server's own errors (a port in use) stay its own, reported in one line by
  // src/server.ts, instead of being re-emitted on this server too.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxBodyBytes }); // the same bound as a request body
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? "/", "http://websocket.local").pathname;
    if (path !== yoga.graphqlEndpoint || !originAllowed(config.corsOrigins, request)) {
      socket.end(`HTTP/1.1 ${path === yoga.graphqlEndpoint ? "403 Forbidden" : "404 Not Found"}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
  };
  httpServer.on("upgrade", onUpgrade);

  const disposable = useServer(
    {
      // A client that opens a socket and never says connection_init is cut after this long.
      connectionInitWaitTimeout: 10_000,
      execute: (args: ExecutionArgs) => (args.rootValue as Envelope).execute(args),
      subscribe: (args: ExecutionArgs) => (args.rootValue as Envelope).subscribe(args),
      onSubscribe: async (ctx, _id, payload) => {
        let query = payload.query;
        if (manifest) {
          const persisted = persistedIdOf(payload);
          if (!persisted) {
            return refusal("This server accepts only persisted operations: send documentId instead of query.", "PERSISTED_OPERATION_REQUIRED");
          }
          const text = manifest.get(persisted);
          if (!text) return refusal("No persisted operation has this documentId.", "PERSISTED_OPERATION_NOT_FOUND");
          query = text;
        }
        if (typeof query !== "string" || !query) return refusal("Send a query.", "BAD_REQUEST");
        // The Request Yoga's context is built from: the endpoint's URL and the connection's key. A
        // POST, as Yoga allows mutations only on POST; a WebSocket message is not a request a
        // browser could send cross-site, which is what that rule is for.
        const headers = new Headers({ "content-type": "application/json" });
        const authorization = authorizationOf(ctx.connectionParams);
        if (authorization) headers.set("authorization", authorization);
        const request = new Request(new URL(yoga.graphqlEndpoint, "http://websocket.local"), { method: "POST", headers });
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          request,
          params: { ...payload, query },
          socket: ctx.extra.socket,
          // The upgrade request: its socket's address names an anonymous client for the
          // subscription and rate bounds, as over HTTP.
          req: ctx.extra.request,
        });
        let document;
        try {
          document = parse(query);
        } catch (e) {
          return withCodes([e instanceof GraphQLError ? e : new GraphQLError(String(e))]);
        }
        const errors = validate(schema, document);
        if (errors.length) return withCodes(errors);
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          // Yoga's envelop, carried to execute/subscribe below (the recipe in Yoga's docs).
          rootValue: { execute, subscribe } as Envelope,
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) => bounded(codeResult(result) ?? result, config.maxResponseBytes),
    },
    wss,
  );

  return {
    get clientCount() {
      return wss.clients.size;
    },
    async close() {
      httpServer.off("upgrade", onUpgrade);
      // 1001 "going away": clients reconnect (elsewhere) and catch up with changes(since:).
      for (const socket of wss.clients) socket.close(1001, "Server shutting down");
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

type Result = ExecutionResult | AsyncIterable<ExecutionResult>;
interface Envelope {
  execute: (args: ExecutionArgs) => Result | Promise<Result>;
  subscribe: (args: ExecutionArgs) => Result | Promise<Result>;
}

/** Apollo's persisted-query extension, or the GraphQL-over-HTTP `documentId`. */
function persistedIdOf(payload: { extensions?: Record<string, unknown> | null }): string | null {
  const documentId = (payload as { documentId?: unknown }).documentId;
  if (typeof documentId === "string") return documentId;
  const apollo = payload.extensions?.persistedQuery as { version?: number; sha256Hash?: unknown } | undefined;
  if (apollo?.version === 1 && typeof apollo.sha256Hash === "string") return `sha256:${apollo.sha256Hash}`;
  return null;
}

/** MAX_RESPONSE_BYTES bounds each message as it bounds an HTTP answer. */
function bounded<R extends object>(result: R, maxBytes: number) {
  if (!maxBytes) return result;
  const bytes = Buffer.byteLength(JSON.stringify(result));
  if (bytes <= maxBytes) return result;
  const message = `The answer would be ${bytes} bytes, over the limit of ${maxBytes}: ask for less (smaller pages, fewer fields).`;
  return { errors: [{ message, extensions: { code: "RESPONSE_TOO_LARGE", maximum: maxBytes } }] };
}

/** Errors inside a result (a field's error, a refused subscription) get a code as over HTTP. */
function codeResult(result: ExecutionResult) {
  if (!result.errors?.length) return undefined;
  return { ...result, errors: withCodes(result.errors).map((e) => e.toJSON()) };
}
