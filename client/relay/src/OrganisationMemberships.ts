// A Relay paginated fragment: the organisation's memberships, a page at a time, refetchable
// through node(id:) with another status filter.
declare const graphql: (strings: TemplateStringsArray) => unknown; // relay-runtime's tag; relay-compiler reads the templates

export const organisationMemberships = graphql`
  fragment OrganisationMemberships_organisation on Organisation
  @refetchable(queryName: "OrganisationMembershipsPaginationQuery")
  @argumentDefinitions(
    count: { type: "Int", defaultValue: 10 }
    cursor: { type: "String" }
    status: { type: "[MembershipStatus!]", defaultValue: [MEMBER] }
  ) {
    acronym
    memberships(first: $count, after: $cursor, status: $status)
      @connection(key: "OrganisationMemberships_memberships", filters: ["status"]) {
      totalCount
      edges {
        certainty
        node { id status from to country { id code name ...CountryEngagements_country } }
      }
    }
  }
`;
