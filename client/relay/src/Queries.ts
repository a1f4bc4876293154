// The queries a Relay app starts from, a mutation on the result union with `... on UserError`,
// and a subscription.
declare const graphql: (strings: TemplateStringsArray) => unknown; // relay-runtime's tag; relay-compiler reads the templates

export const organisationPage = graphql`
  query QueriesOrganisationQuery($acronym: String!) {
    organisation(acronym: $acronym) { id name ...OrganisationMemberships_organisation }
  }
`;

export const countryPage = graphql`
  query QueriesCountryQuery($code: String!) {
    country(code: $code) { id name ...CountryEngagements_country }
  }
`;

export const setStatus = graphql`
  mutation QueriesSetStatusMutation($id: ID!, $status: EngagementStatus!, $source: CitationInput!, $version: Int) {
    setEngagementStatus(id: $id, status: $status, source: $source, version: $version) {
      __typename
      ... on MutationSetEngagementStatusSuccess { data { id status version } }
      ... on ConflictError { expectedVersion currentVersion }
      ... on UserError { code message }
    }
  }
`;

export const engagementChanged = graphql`
  subscription QueriesEngagementChangedSubscription($countries: [String!]) {
    engagementChanged(countries: $countries) { action engagement { id title status version } }
  }
`;
