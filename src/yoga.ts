import { GraphQLError, type GraphQLSchema } from "graphql";
import { createYoga, maskError, type Plugin } from "graphql-yoga";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { type HardeningConfig, loadHardeningConfig } from "./config.ts";
import { databaseErrorToUserError } from "./domain/db-errors.ts";
import { createContext } from "./context.ts";
import { exampleQuery, graphiqlTabs } from "./graphiql.ts";
import { createLogger } from "./observability/logger.ts";
import { createMetrics } from "./observability/metrics.ts";
import { useAsRecorded } from "./plugins/as-recorded.ts";
import { clientMistake } from "./plugins/client-errors.ts";
import { databaseUnavailableError } from "./plugins/database-unavailable.ts";
import { useAnswerText } from "./plugins/json-answers.ts";
import { corsAllowHeaders, CSRF_HEADER, CSRF_HEADERS, productionPlugins, yogaLogger } from "./plugins/index.ts";
import { type ChangePubSub, createChangePubSub } from "./pubsub.ts";
import { schema } from "./schema/index.ts";

// The example traversal lives with the other GraphiQL examples; tests import it from here.
export { exampleQuery } from "./graphiql.ts";

/**
 * Duck-typed: under some loaders (vitest) the executor and this module can see two copies of
 * graphql, and instanceof fails across them.
 */
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError || (error instanceof Error && error.name === "GraphQLError" && "extensions" in error);
}

export interface ServerOptions {
  plugins?: Plugin[];
  /** Overrides of the environment's settings (src/config.ts), for tests. */
  config?: Partial<HardeningConfig>;
  logger?: Logger;
  /** A test-only schema in place of the real one. */
  schema?: GraphQLSchema;
  /** A Redis client for the response cache, owned by the caller (default: one from REDIS_URL). */
  redis?: Redis;
  /** Change events for subscriptions, owned by the caller (default: one from REDIS_URL, closed on dispose). */
  pubsub?: ChangePubSub;
  /** The explorer's built assets (default web/dist). */
  explorerDist?: string;
}

export { CSRF_HEADER, CSRF_HEADERS };

export function createServer(options: ServerOptions = {}) {
  const config = { ...loadHardeningConfig(), ...options.config };
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const metrics = createMetrics({ processMetrics: process.env.NODE_ENV !== "test" });
  const graphqlEndpoint = "/graphql";
  const production = productionPlugins({ config, logger, metrics, graphqlEndpoint, redis: options.redis, explorerDist: options.explorerDist });
  const ownPubSub = options.pubsub
    ? undefined
    : createChangePubSub({
        redisUrl: config.redisUrl,
        logger,
        maxStreams: config.maxSubscriptions,
        maxStreamsPerClient: config.maxSubscriptionsPerClient,
      });
  const pubsub = options.pubsub ?? ownPubSub!;
  return createYoga({
    schema: options.schema ?? schema,
    context: (initial) => createContext(initial, pubsub, { trustProxy: config.trustProxy }),
    graphqlEndpoint,
    landingPage: false,
    // GraphiQL's code (editor, workers, styles) is inlined in the page from the package, never
    // fetched from a CDN: the playground works offline and behind a firewall. That module is 9 MB,
    // so it is loaded by the first GraphiQL page rather than on start.
    renderGraphiQL: async (options) => (await import("@graphql-yoga/render-graphiql")).renderGraphiQL(options),
    graphiql: { title: "Summitry", defaultQuery: exampleQuery, defaultTabs: graphiqlTabs.map((query) => ({ query })) },
    logging: yogaLogger(logger),
    healthCheckEndpoint: "/health",
    cors: {
      origin: config.corsOrigins.includes("*") ? "*" : config.corsOrigins,
      // API keys travel in a header, never in cookies.
      credentials: false,
      allowedHeaders: corsAllowHeaders(config.corsAllowHeaders),
      exposedHeaders: ["x-request-id"],
      maxAge: 600,
    },
    batching: { limit: config.maxBatch },
    // MAX_BODY_BYTES is useRequestBodyLimit (src/plugins/limits.ts), which reads it more cheaply.
    maxRequestBodySize: false,
    plugins: [
      ...production.plugins,
      // After the response cache, so a cached answer (keyed on the document, directive included)
      // is served without opening a recorded transaction.
      useAsRecorded(),
      ...(options.plugins ?? []),
      // Last: it measures the answer against MAX_RESPONSE_BYTES and hands the text it measured to
      // the response, which holds only if no plugin changes the result after it.
      useAnswerText(config.maxResponseBytes),
      { onDispose: () => Promise.all([production.dispose(), ownPubSub?.close()]).then(() => {}) },
    ],
    maskedErrors: {
      // Constraint violations become errors a client can act on; everything else unexpected is
      // masked (the original is logged by Yoga).
      maskError: (error, message, isDev) => {
        const original = isGraphQLError(error) ? error.originalError : error;
        // Errors we raise on purpose (userError) carry a code and are meant for the client.
        if (isGraphQLError(error) && isGraphQLError(original) && original.extensions.code) return error;
        const mistake = clientMistake(error as Error, original);
        if (mistake) return mistake;
        const mapped = databaseErrorToUserError(original);
        if (mapped) {
          const at = isGraphQLError(error) ? { nodes: error.nodes, path: error.path } : {};
          return new GraphQLError(mapped.message, { ...at, extensions: mapped.extensions });
        }
        // The database down or a statement past statement_timeout: a code a client can retry on.
        const unavailable = databaseUnavailableError(original, isGraphQLError(error) ? { nodes: error.nodes, path: error.path } : {});
        if (unavailable) return unavailable;
        return maskError(error, message, isDev);
      },
    },
  });
}

export type Server = ReturnType<typeof createServer>;
