import { GraphQLError } from "graphql";
import { createYoga, maskError, type Plugin } from "graphql-yoga";
import { databaseErrorToUserError } from "./domain/db-errors.ts";
import { createContext } from "./context.ts";
import { schema } from "./schema/index.ts";

/** The query GraphiQL opens with: the SCO's member states and their meetings, with sources. */
export const exampleQuery = /* GraphQL */ `# Summitry: from the SCO to its member states to the meetings between them.
# Press the run button, then try country(code: "PK") or organisation(acronym: "SCO") { summits { ... } }.
query ScoTraversal {
  organisation(acronym: "SCO") {
    name
    memberships(first: 20, status: [MEMBER]) {
      totalCount
      edges {
        node {
          status
          from
          country {
            code
            name
            engagements(first: 5) {
              totalCount
              edges {
                role
                node {
                  title
                  kind
                  status
                  date
                  summit { name }
                  participants {
                    edges { node { role country { code } person { name } } }
                  }
                  sources { publisher title url }
                }
              }
            }
          }
        }
      }
    }
  }
}
`;

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
    graphiql: { title: "Summitry", defaultQuery: exampleQuery },
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
