// What GraphiQL opens with: the example traversal first, then one operation per analyst question.
// Each opens in its own tab (graphiqlTabs); the assets are served by the service itself
// (@graphql-yoga/render-graphiql), so the page works offline and behind a firewall.
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

export const analystExamples = /* GraphQL */ `
# Which states belonged to the SCO on a day? A partial date ("2017") is some day of that year:
# members whose dates leave that day open come back POSSIBLE rather than CERTAIN.
query MemberStatesOnADay {
  organisation(acronym: "SCO") {
    memberStates(asOf: "2017") { totalCount edges { certainty since node { code name } } }
  }
}

# Who was Pakistan's defence minister on 2025-06-25, and who says so? confirmedUntil is the last
# day a source shows the answer in effect: past it, an open-ended tenure is only PRESUMED.
query DefenceMinisterOnADay {
  country(code: "PK") {
    officeHolders(portfolio: DEFENCE, asOf: "2025-06-25") {
      edges { certainty confirmedUntil node { title from person { name } sources { publisher url } } }
    }
  }
}

# China's defence minister in 2030: Dong Jun is PRESUMED (last attested 2025-06-25), Wei Fenghe
# (attested once, in 2020) is gone because Dong Jun followed him. certainOnly keeps only CERTAIN.
query PresumedNotCertain {
  country(code: "CN") {
    in2030: officeHolders(portfolio: DEFENCE, asOf: "2030") {
      edges { certainty confirmedUntil node { person { name } presumedUntil endLatest } }
    }
    certainIn2030: officeHolders(portfolio: DEFENCE, asOf: "2030", certainOnly: true) { totalCount }
  }
}

# Who was the SCO's Secretary-General on a day (an organisation's own offices)?
query SecretaryGeneralOnADay {
  organisation(acronym: "SCO") {
    officeHolders(portfolio: SECRETARY_GENERAL, asOf: "2023-05-01") {
      edges { certainty confirmedUntil node { title from to person { name } citations { note attests source { publisher } } } }
    }
  }
}

# What is one report the evidence for? Every fact a source is cited for, with the citation's note.
query WhatOneReportSupports {
  source(ref: "article-qingdao-2025") {
    title publisher
    citations(first: 20) { totalCount edges { node { note attests fact { __typename
      ... on Tenure { title person { name } } ... on Membership { status country { code } } ... on Summit { name } } } } }
  }
}

# Which meetings did Rajnath Singh attend, in which role and mode?
query PersonAttendance {
  person(slug: "rajnath-singh") {
    attendance(first: 10) { totalCount edges { node { role mode summit { name start city } } } }
  }
}

# Which SCO members were recorded absent from Qingdao, and of which is nothing recorded? Members
# are those on the meeting's dates by the membership certainty rules; absence is a sourced fact
# (addAttendance with mode: ABSENT), listed by absentMembers { country { code } absence { note } }.
query WhoWasMissing {
  summit(slug: "sco-dmm-2025-qingdao") {
    unknownMembers { country { code } membershipCertainty membershipConfirmedUntil }
  }
}

# When did India and Pakistan last meet at defence level at an SCO forum before Qingdao?
query LastDefenceContact {
  lastContact(between: ["IN", "PK"], organisation: "SCO", portfolio: DEFENCE, before: "2025-06-25") {
    kind date place engagement { title } summit { name } sources { publisher url }
  }
}

# When did Rajnath Singh and Khawaja Asif last meet in person? Only HELD meetings and in-person
# attendance count: the speculated Qingdao encounter and a virtual attendance do not.
query WhenTwoPeopleLastMet {
  lastContact(betweenPeople: ["rajnath-singh", "khawaja-muhammad-asif"]) {
    kind date place engagement { title } summit { name } sources { publisher url }
  }
}

# Which encounters at Qingdao were only speculated?
query SpeculatedAtQingdao {
  engagements(filter: { countries: ["IN", "PK"], status: [SPECULATED] }) {
    edges { node { title date summit { name } summary sources { publisher } } }
  }
}

# Everything involving Pakistan since 2025, newest first.
query PakistanTimeline {
  timeline(countries: ["PK"], from: "2025", first: 10) {
    edges { node { __typename
      ... on Summit { name start } ... on Engagement { title date status }
      ... on Incident { name start names { name usedBy { code } } } ... on Statement { summary date } } }
  }
}

# Dates overlap: the two-day Qingdao meeting (2025-06-25..26) is on its second day, and so may be
# what is dated only "2025-06". countries means all of them (anyCountries: at least one); the
# timeline pages backwards from its oldest end with last/before.
query OnTheSecondDay {
  summits(filter: { on: "2025-06-26" }) { edges { node { name start end } } }
  timeline(countries: ["IN", "PK"], last: 3) {
    pageInfo { hasPreviousPage startCursor }
    edges { node { __typename ... on Summit { name start } ... on Engagement { title date } ... on Incident { name start } } }
  }
}

# Full-text search across every kind of fact.
query SearchQingdao {
  search(query: "Qingdao defence", first: 10) {
    edges { rank node { __typename ... on Summit { name } ... on Engagement { title } ... on Statement { summary } } }
  }
}

# What did our data say, and when did it say it? @asRecorded answers the whole query as it would
# have been answered at an instant: set $at between two recordedAt of a fact's history to see it
# as it was then (a future instant answers for now).
query WhatWeKnewThen($at: DateTime! = "2999-01-01T00:00:00Z") @asRecorded(at: $at) {
  engagement(slug: "qingdao-2025-india-pakistan-informal") {
    title status recordedAt
    history { version recordedAt actor change }
  }
}

# Search knows other names, spellings and typos: American spelling, a typo, a side's name, an office.
query SearchOtherNames {
  spelling: search(query: "defense ministers meeting", first: 3) { edges { rank node { __typename ... on Summit { name city } } } }
  typo: search(query: "Rajnat Singh", first: 1) { edges { node { __typename ... on Person { name } } } }
  sideName: search(query: "Marka-e-Haq") { edges { node { __typename ... on Incident { name names { name usedBy { code } } } } } }
  office: search(query: "secretary general") { edges { node { __typename ... on Person { name } } } }
}

# Contacts per year, for a chart.
query EngagementsPerYear {
  engagementStats(filter: { status: [HELD] }, groupBy: [YEAR]) { total groups { year count } }
}
`;

export const graphiqlDocument = `${exampleQuery}${analystExamples}`;

/**
 * One GraphiQL tab per question: the traversal, then each analyst example with the comment above
 * it (an operation starts at the comment block that precedes it; none holds a blank line).
 */
export const graphiqlTabs: string[] = [
  exampleQuery,
  ...analystExamples
    .trim()
    .split(/\n\s*\n(?=#)/)
    .map((block) => `${block.trim()}\n`),
];
