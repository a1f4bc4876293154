// A country's engagements a page at a time, with the role on the edge and nested participants.
declare const graphql: (strings: TemplateStringsArray) => unknown; // relay-runtime's tag; relay-compiler reads the templates

export const countryEngagements = graphql`
  fragment CountryEngagements_country on Country
  @refetchable(queryName: "CountryEngagementsPaginationQuery")
  @argumentDefinitions(
    count: { type: "Int", defaultValue: 5 }
    cursor: { type: "String" }
    kind: { type: "[EngagementKind!]" }
  ) {
    code
    engagements(first: $count, after: $cursor, kind: $kind)
      @connection(key: "CountryEngagements_engagements", filters: ["kind"]) {
      totalCount
      edges {
        role
        node {
          id
          title
          date
          status
          participants(first: 10) { edges { node { role country { id code } person { id name } } } }
          sources { id url publisher }
        }
      }
    }
  }
`;
