import { createYoga, type Plugin } from "graphql-yoga";
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

export function createServer(options: { plugins?: Plugin[] } = {}) {
  return createYoga({
    schema,
    context: createContext,
    graphqlEndpoint: "/graphql",
    landingPage: false,
    graphiql: { title: "Summitry", defaultQuery: exampleQuery },
    plugins: options.plugins ?? [],
  });
}

export type Server = ReturnType<typeof createServer>;
