import { GraphQLError } from "graphql";
import { createYoga, maskError, type Plugin } from "graphql-yoga";
import { databaseErrorToUserError } from "./domain/db-errors.ts";
import { createContext } from "./context.ts";
import { graphiqlDocument } from "./graphiql.ts";
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

export function createServer(options: { plugins?: Plugin[] } = {}) {
  return createYoga({
    schema,
    context: createContext,
    graphqlEndpoint: "/graphql",
    landingPage: false,
    graphiql: { title: "Summitry", defaultQuery: graphiqlDocument },
    plugins: options.plugins ?? [],
    maskedErrors: {
      // Constraint violations become errors a client can act on; everything else unexpected is
      // masked (the original is logged by Yoga).
      maskError: (error, message, isDev) => {
        const original = isGraphQLError(error) ? error.originalError : error;
        // Errors we raise on purpose (userError) carry a code and are meant for the client.
        if (isGraphQLError(error) && isGraphQLError(original) && original.extensions.code) return error;
        const mapped = databaseErrorToUserError(original);
        if (mapped) {
          const at = isGraphQLError(error) ? { nodes: error.nodes, path: error.path } : {};
          return new GraphQLError(mapped.message, { ...at, extensions: mapped.extensions });
        }
        return maskError(error, message, isDev);
      },
    },
  });
}

export type Server = ReturnType<typeof createServer>;
