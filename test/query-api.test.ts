// The query API as the front end uses it: every operation here is a typed document generated from
// client/operations, so a change to the schema that breaks the front end breaks these tests.
import { afterAll, describe, expect, it } from "vitest";
import {
  EngagementsDocument,
  EngagementStatsDocument,
  LastContactDocument,
  MembershipHistoryDocument,
  MemberStatesOnDocument,
  NodeByIdDocument,
  OfficeHolderOnDocument,
  ScoTraversalDocument,
  SearchDocument,
  TimelineDocument,
} from "../client/generated/graphql.ts";
import { disconnectDb, sqlStatements } from "../src/db.ts";
import { createServer } from "../src/yoga.ts";
import { execute, run } from "./helpers/graphql.ts";

const yoga = createServer();
/** The same API with every operation resolved field by field (COMPILED_READS=0). */
const resolvers = createServer({ config: { compiledReads: false } });
afterAll(() => disconnectDb());

const codes = (result: { data?: any }, path: (d: any) => any[]) => path(result.data).map((e: any) => `${e.node.code} ${e.certainty}`);

describe("time travel (asOf)", () => {
  it("lists the SCO's member states on a day, each CERTAIN when its dates leave no doubt", async () => {
    const onDay = await run(yoga, MemberStatesOnDocument, { acronym: "SCO", asOf: "2017-06-09" });
    expect(codes(onDay, (d) => d.organisation.memberStates.edges)).toEqual([
      "CN CERTAIN", "KZ CERTAIN", "KG CERTAIN", "RU CERTAIN", "TJ CERTAIN", "UZ CERTAIN", "IN CERTAIN", "PK CERTAIN",
    ]);
    const dayBefore = await run(yoga, MemberStatesOnDocument, { acronym: "SCO", asOf: "2017-06-08" });
    expect(dayBefore.data?.organisation?.memberStates.totalCount).toBe(6);
  });

  it("does not claim certainty for a partial asOf: India and Pakistan joined on some day of 2017", async () => {
    const year = await run(yoga, MemberStatesOnDocument, { acronym: "SCO", asOf: "2017" });
    expect(codes(year, (d) => d.organisation.memberStates.edges)).toEqual([
      "CN CERTAIN", "KZ CERTAIN", "KG CERTAIN", "RU CERTAIN", "TJ CERTAIN", "UZ CERTAIN", "IN POSSIBLE", "PK POSSIBLE",
    ]);
    // Belarus: dialogue partner 2010 to 2015 and observer from 2015, both known to the year only.
    const belarus = await run(yoga, MembershipHistoryDocument, { code: "BY", asOf: "2015-03-01" });
    expect(belarus.data?.country?.memberships.edges.map((e) => [e.node.status, e.node.from, e.node.to, e.certainty])).toEqual([
      ["DIALOGUE_PARTNER", "2010", "2015", "POSSIBLE"],
      ["OBSERVER", "2015", "2024-07-03", "POSSIBLE"],
    ]);
    const midTerm = await run(yoga, MembershipHistoryDocument, { code: "BY", asOf: "2012-05" });
    expect(midTerm.data?.country?.memberships.edges.map((e) => [e.node.status, e.certainty])).toEqual([["DIALOGUE_PARTNER", "CERTAIN"]]);
    const later = await run(yoga, MembershipHistoryDocument, { code: "BY", asOf: "2024-07-04" });
    expect(later.data?.country?.memberships.edges.map((e) => [e.node.status, e.certainty])).toEqual([["MEMBER", "CERTAIN"]]);
  });

  it("treats an unknown start as possible, and a status attested in June 2023 as certain on its report's day only", async () => {
    const armenia = await run(yoga, MembershipHistoryDocument, { code: "AM", asOf: "2023-06-01" });
    expect(armenia.data?.country?.memberships.edges.map((e) => [e.node.attested, e.certainty])).toEqual([["2023-06", "POSSIBLE"]]);
    // The report listing it was published on 2023-06-02; nothing has shown it since.
    const onDay = await run(yoga, MembershipHistoryDocument, { code: "AM", asOf: "2023-06-02" });
    expect(onDay.data?.country?.memberships.edges.map((e) => e.certainty)).toEqual(["CERTAIN"]);
    const after = await run(yoga, MembershipHistoryDocument, { code: "AM", asOf: "2023-07-01" });
    expect(after.data?.country?.memberships.edges.map((e) => e.certainty)).toEqual(["PRESUMED"]);
    // Nobody was an SCO observer before the SCO was founded, unknown start or not.
    const before = await run(yoga, MembershipHistoryDocument, { code: "AF", asOf: "1999" });
    expect(before.data?.country?.memberships.totalCount).toBe(0);
  });

  it("answers who held a ministry on a day", async () => {
    const pk = await run(yoga, OfficeHolderOnDocument, { code: "PK", portfolio: "DEFENCE", asOf: "2025-06-25" });
    expect(pk.data?.country?.officeHolders.edges).toEqual([
      {
        certainty: "CERTAIN",
        confirmedUntil: "2025-06-25",
        node: {
          title: "Federal Minister for Defence",
          from: "2024-03-11",
          to: null,
          attested: null,
          person: { name: "Khawaja Muhammad Asif" },
          sources: [
            { publisher: "The Nation", url: "https://www.nation.com.pk/12-Mar-2024/19-member-cabinet-takes-oath-given-portfolios" },
            { publisher: "PEN", url: "urn:summitry:seed:000_10a016cd793c5963" },
          ],
        },
      },
    ]);
    const beforeOath = await run(yoga, OfficeHolderOnDocument, { code: "PK", portfolio: "DEFENCE", asOf: "2024-03-10" });
    expect(beforeOath.data?.country?.officeHolders.edges).toEqual([]);
    // Wang Xiaohong is only attested in office in June 2025: possible on 2025-06-25, not certain.
    const cn = await run(yoga, OfficeHolderOnDocument, { code: "CN", portfolio: "PUBLIC_SECURITY", asOf: "2025-06-25" });
    expect(cn.data?.country?.officeHolders.edges.map((e) => [e.node.person.name, e.node.attested, e.certainty])).toEqual([
      ["Wang Xiaohong", "2025-06", "POSSIBLE"],
    ]);
  });
});

describe("lastContact", () => {
  it("finds the last defence-level contact between India and Pakistan at an SCO forum before Qingdao: Peace Mission 2018", async () => {
    const result = await run(yoga, LastContactDocument, {
      between: ["IN", "PK"],
      organisation: "SCO",
      portfolio: "DEFENCE",
      before: "2025-06-25",
    });
    expect(result.data).toEqual({
      lastContact: {
        kind: "JOINT_EXERCISE",
        date: "2018-08-24",
        place: "Chebarkul",
        placeCountry: { code: "RU" },
        engagement: { title: "Peace Mission 2018 joint military exercise", status: "HELD" },
        summit: null,
        sources: [
          { publisher: "PEN", url: "urn:summitry:seed:000_10a016cd793c5963" },
          { publisher: "Daily Times", url: "https://dailytimes.com.pk/291048/peace-mission-2018-bringing-antagonists-together" },
        ],
      },
    });
  });

  it("counts attending the same summit in person, but not virtual attendance or a speculated meeting", async () => {
    const latest = await run(yoga, LastContactDocument, { between: ["PK", "IN"] });
    expect(latest.data?.lastContact).toMatchObject({
      kind: "SAME_SUMMIT",
      date: "2025-06-25",
      place: "Qingdao",
      summit: { name: "SCO Defence Ministers' Meeting 2025" },
      engagement: null,
    });
    // The day before Qingdao both national security advisers were at the Beijing meeting.
    const beforeQingdao = await run(yoga, LastContactDocument, { between: ["IN", "PK"], before: "2025-06-25" });
    expect(beforeQingdao.data?.lastContact).toMatchObject({
      kind: "SAME_SUMMIT",
      date: "2025-06-24",
      summit: { name: "SCO Meeting of Security Council Secretaries 2025" },
    });
    // At defence level, New Delhi 2023 does not count (Pakistan attended virtually), nor does the
    // speculated Qingdao encounter: the answer is Peace Mission 2018.
    const defence = await run(yoga, LastContactDocument, { between: ["IN", "PK"], portfolio: "DEFENCE", before: "2025-06-25" });
    expect([defence.data?.lastContact?.kind, defence.data?.lastContact?.date]).toEqual(["JOINT_EXERCISE", "2018-08-24"]);
    // From the first day of Qingdao on, both defence ministers were at the same meeting.
    const atQingdao = await run(yoga, LastContactDocument, { between: ["IN", "PK"], portfolio: "DEFENCE", before: "2025-06-26" });
    expect([atQingdao.data?.lastContact?.kind, atQingdao.data?.lastContact?.date]).toEqual(["SAME_SUMMIT", "2025-06-25"]);
    // China and India: the 2020 Moscow bilateral is a meeting, at a defence ministers' meeting.
    const chinaIndia = await run(yoga, LastContactDocument, { between: ["CN", "IN"], portfolio: "DEFENCE", before: "2021" });
    expect(chinaIndia.data?.lastContact).toMatchObject({ kind: "BILATERAL_MEETING", date: "2020-09-04", engagement: { title: "Rajnath Singh and Wei Fenghe bilateral meeting" } });
    const never = await run(yoga, LastContactDocument, { between: ["EG", "QA"] });
    expect(never.data).toEqual({ lastContact: null });
  });

  it("refuses between without exactly two countries, and unknown codes", async () => {
    const one = await run(yoga, LastContactDocument, { between: ["IN"] });
    expect(one.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    const three = await run(yoga, LastContactDocument, { between: ["IN", "PK", "CN"] });
    expect(three.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ["between takes exactly two different country codes", "BAD_USER_INPUT"],
    ]);
    const same = await run(yoga, LastContactDocument, { between: ["IN", "in"] });
    expect(same.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    const unknown = await run(yoga, LastContactDocument, { between: ["IN", "ZZ"] });
    expect(unknown.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([["Unknown country code: ZZ", "UNKNOWN_COUNTRY"]]);
  });
});

describe("engagements", () => {
  it("filters by countries that all took part, status and organisation, newest first", async () => {
    const result = await run(yoga, EngagementsDocument, { filter: { countries: ["IN", "PK"] } });
    expect(result.data?.engagements.edges.map((e) => [e.node.title, e.node.status, e.node.date])).toEqual([
      ["Possible India-Pakistan encounter at Qingdao", "SPECULATED", "2025-06"],
      ["Peace Mission 2018 joint military exercise", "HELD", "2018-08-24"],
    ]);
    const held = await run(yoga, EngagementsDocument, { filter: { countries: ["IN", "PK"], status: ["HELD"] } });
    expect(held.data?.engagements.totalCount).toBe(1);
    const any = await run(yoga, EngagementsDocument, { filter: { anyCountries: ["PK", "IN"], kind: ["BILATERAL_MEETING"] }, orderBy: "DATE_ASC" });
    expect(any.data?.engagements.edges.map((e) => e.node.title)).toEqual([
      "Rajnath Singh and Wei Fenghe bilateral meeting",
      "Ajit Doval and Wang Yi meeting",
      "Dong Jun and Khawaja Asif bilateral meeting",
    ]);
  });

  it("reads from/to as ranges: an engagement dated 2025-06 may fall after 2025-06-15", async () => {
    const june = await run(yoga, EngagementsDocument, { filter: { from: "2025-06-25", to: "2025" } });
    expect(june.data?.engagements.edges.map((e) => e.node.date)).toEqual(["2025-06-25", "2025-06-25", "2025-06"]);
    const year2018 = await run(yoga, EngagementsDocument, { filter: { to: "2018" } });
    expect(year2018.data?.engagements.edges.map((e) => e.node.title)).toEqual(["Peace Mission 2018 joint military exercise"]);
  });

  it("pages with cursors and refuses a page over 100 with PAGE_SIZE_EXCEEDED", async () => {
    const first = await run(yoga, EngagementsDocument, { first: 2 });
    expect(first.data?.engagements.totalCount).toBe(6);
    expect(first.data?.engagements.pageInfo.hasNextPage).toBe(true);
    const rest = await run(yoga, EngagementsDocument, { first: 10, after: first.data!.engagements.pageInfo.endCursor });
    const titles = [...first.data!.engagements.edges, ...rest.data!.engagements.edges].map((e) => e.node.title);
    expect(new Set(titles).size).toBe(6);
    expect(rest.data?.engagements.pageInfo.hasNextPage).toBe(false);

    const tooBig = await run(yoga, EngagementsDocument, { first: 101 });
    expect(tooBig.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ["first: 101 is over the maximum page size of 100", "PAGE_SIZE_EXCEEDED"],
    ]);
    const nested = await execute(yoga, `{ organisation(acronym: "SCO") { memberships(first: 500) { totalCount } } }`);
    expect(nested.errors?.map((e) => e.extensions?.code)).toEqual(["PAGE_SIZE_EXCEEDED"]);
  });

  it("refuses unknown country codes and invalid dates with codes", async () => {
    const unknown = await run(yoga, EngagementsDocument, { filter: { countries: ["IN", "XX", "YY"] } });
    expect(unknown.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([["Unknown country codes: XX, YY", "UNKNOWN_COUNTRY"]]);
    const badDate = await run(yoga, EngagementsDocument, { filter: { from: "2025-02-30" } });
    expect(badDate.errors?.map((e) => e.extensions?.code)).toEqual(["INVALID_DATE"]);
    expect(badDate.errors?.[0]?.message).toContain('"2025-02-30" is not a valid date: no such day');
    const badLiteral = await execute(yoga, `{ engagements(filter: { to: "June 2025" }) { totalCount } }`);
    expect(badLiteral.errors?.map((e) => e.extensions?.code)).toEqual(["INVALID_DATE"]);
  });
});

describe("global IDs", () => {
  it("refetches by global ID and refuses a malformed one with INVALID_ID", async () => {
    const list = await run(yoga, EngagementsDocument, { first: 1 });
    const id = list.data!.engagements.edges[0]!.node.id;
    const found = await run(yoga, NodeByIdDocument, { id });
    expect(found.data?.node).toMatchObject({ __typename: "Engagement", id, title: list.data!.engagements.edges[0]!.node.title });
    const malformed = await run(yoga, NodeByIdDocument, { id: "not-an-id" });
    expect(malformed.errors?.map((e) => e.extensions?.code)).toEqual(["INVALID_ID"]);
    const wrongType = await execute(yoga, `query($id: ID!) { summit(id: $id) { name } }`, { id });
    expect(wrongType.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([[`"${id}" is not the ID of a Summit`, "INVALID_ID"]]);
  });
});

describe("timeline, search and stats", () => {
  it("merges summits, engagements, incidents and statements about a country, newest first, across pages", async () => {
    const page1 = await run(yoga, TimelineDocument, { countries: ["PK"], from: "2025", first: 4 });
    expect(page1.data?.timeline.totalCount).toBe(6);
    const page2 = await run(yoga, TimelineDocument, { countries: ["PK"], from: "2025", first: 10, after: page1.data!.timeline.pageInfo.endCursor });
    const items = [...page1.data!.timeline.edges, ...page2.data!.timeline.edges].map((e) => {
      const n = e.node as any;
      return `${n.__typename} ${n.start ?? n.date} ${n.name ?? n.title ?? n.summary.slice(0, 20)}`;
    });
    expect(items).toEqual([
      "Summit 2025-06-25 SCO Defence Ministers' Meeting 2025",
      "Engagement 2025-06-25 Dong Jun and Khawaja Asif bilateral meeting",
      "Summit 2025-06-24 SCO Meeting of Security Council Secretaries 2025",
      "Statement 2025-06-24 Pakistan's national ",
      "Engagement 2025-06 Possible India-Pakistan encounter at Qingdao",
      "Incident 2025-05 India-Pakistan military standoff of May 2025",
    ]);
    expect(page2.data?.timeline.pageInfo.hasNextPage).toBe(false);
    const incident = page2.data!.timeline.edges.find((e) => e.node.__typename === "Incident")!.node as any;
    expect(incident.names).toEqual([{ name: "Marka-e-Haq", usedBy: { code: "PK" } }]);
  });

  it("ranks full-text matches across entity types", async () => {
    const result = await run(yoga, SearchDocument, { query: "Qingdao defence" });
    const hits = result.data!.search.edges.map((e) => (e.node as any).__typename);
    expect(result.data!.search.totalCount).toBe(hits.length);
    expect(hits[0]).toBe("Summit");
    const ranks = result.data!.search.edges.map((e) => e.rank);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    const person = await run(yoga, SearchDocument, { query: "Khawaja" });
    expect(person.data?.search.edges.map((e) => e.node)).toEqual([
      { __typename: "Person", name: "Khawaja Muhammad Asif" },
      { __typename: "Engagement", title: "Dong Jun and Khawaja Asif bilateral meeting" },
    ]);
    const phrase = await run(yoga, SearchDocument, { query: '"five-point plan" -pakistan' });
    expect(phrase.data?.search.edges.map((e) => e.node.__typename)).toEqual(["Statement"]);
    const empty = await run(yoga, SearchDocument, { query: "   " });
    expect(empty.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
  });

  it("counts engagements per year and per country without paging, agreeing with the connection", async () => {
    const byYear = await run(yoga, EngagementStatsDocument, { groupBy: ["YEAR"] });
    expect(byYear.data?.engagementStats).toEqual({
      total: 6,
      groups: [
        { year: 2018, country: null, kind: null, status: null, count: 1 },
        { year: 2020, country: null, kind: null, status: null, count: 1 },
        { year: 2025, country: null, kind: null, status: null, count: 4 },
      ],
    });
    const filter = { anyCountries: ["IN", "PK"], status: ["HELD" as const], from: "2019" };
    const byCountry = await run(yoga, EngagementStatsDocument, { filter, groupBy: ["COUNTRY"] });
    expect(byCountry.data?.engagementStats.groups.map((g) => [g.country?.code, g.count])).toEqual([
      ["CN", 4], ["IN", 3], ["PK", 1],
    ]);
    const list = await run(yoga, EngagementsDocument, { filter });
    expect(byCountry.data?.engagementStats.total).toBe(list.data?.engagements.totalCount);
  });
});

describe("no N+1 and no unbounded reads", () => {
  const deep = (n: number) => `{
    organisations(first: ${n}) { edges { node {
      memberships(first: ${n}) { totalCount edges { node { country {
        engagements(first: ${n}) { totalCount edges { role node { title
          participants(first: 3) { edges { node { person { name } country { code } } } }
          sources { url } } } } } } } } } } } }`;

  it("runs a deep nested query in the same number of SQL statements whether pages hold 5 or 25", async () => {
    const counts: number[] = [];
    for (const n of [5, 25]) {
      sqlStatements.count = 0;
      const result = await execute(yoga, deep(n));
      expect(result.errors).toBeUndefined();
      counts.push(sqlStatements.count);
    }
    expect(counts[0]).toBe(counts[1]);
    // The traversal, one windowed page of engagements for all countries at once, those
    // engagements, and one batched load of their participants and sources.
    expect(counts[0]).toBeGreaterThan(0); // statements are being counted at all
    expect(counts[0]).toBeLessThanOrEqual(5);
  });

  it("enforces a nested first: in SQL with a LIMIT per parent, not by cutting in memory", async () => {
    // India took part in five engagements; ask for one. The resolvers (the path for what
    // whole-operation SQL does not cover) and the one compiled statement both cut the page in SQL.
    const query = `{ country(code: "IN") { engagements(first: 1) { totalCount edges { node { title } } } } }`;
    const expected = { totalCount: 5, edges: [{ node: { title: "Dong Jun receives Rajnath Singh" } }] };
    sqlStatements.keepLog = true;
    sqlStatements.log = [];
    const result = await execute(resolvers, query);
    sqlStatements.keepLog = false;
    expect((result.data as any).country.engagements).toEqual(expected);
    // The page is cut inside PostgreSQL: each parent's participations are walked newest first in
    // a LATERAL subquery (off the (countryId, date DESC, engagementId DESC) index) that stops after
    // the page's rows (plus one, to know whether there is a next page).
    const paged = sqlStatements.log.find((sql) => sql.includes("CROSS JOIN LATERAL"));
    expect(paged).toMatch(/WHERE p\."countryId" = parent\.id/);
    expect(paged).toMatch(/ORDER BY p\.date DESC, p\."engagementId" DESC, p\.id\s+OFFSET \$\d+ LIMIT \$\d+/);
    // The total comes from the engagement-count rollup, not from counting India's engagements.
    expect(sqlStatements.log.some((sql) => /FROM "EngagementCount" c/.test(sql))).toBe(true);
    // Compiled: one statement, with the same page subquery (correlated to the country row) and rollup.
    sqlStatements.keepLog = true;
    sqlStatements.log = [];
    expect(((await execute(yoga, query)).data as any).country.engagements).toEqual(expected);
    sqlStatements.keepLog = false;
    expect(sqlStatements.log).toHaveLength(1);
    expect(sqlStatements.log[0]).toMatch(/WHERE p\."countryId" = t\d+\.id[\s\S]*ORDER BY p\.date DESC, p\."engagementId" DESC, p\.id\s+OFFSET \$\d+ LIMIT \$\d+/);
    expect(sqlStatements.log[0]).toMatch(/FROM "EngagementCount" c/);
    // Relation connections planned by Prisma carry their page size as a LIMIT in the SQL too.
    sqlStatements.keepLog = true;
    sqlStatements.log = [];
    await execute(resolvers, `{ organisation(acronym: "SCO") { memberships(first: 2) { edges { node { status } } } } }`);
    sqlStatements.keepLog = false;
    expect(sqlStatements.log).toHaveLength(1);
    expect(sqlStatements.log[0]).toMatch(/FROM "public"\."Membership"[\s\S]*LIMIT \$\d+/);
  });
});

describe("the front end's traversal document", () => {
  it("runs ScoTraversal with its variables", async () => {
    const result = await run(yoga, ScoTraversalDocument, { acronym: "SCO", members: 2, engagements: 1 });
    expect(result.errors).toBeUndefined();
    expect(result.data?.organisation?.memberships.totalCount).toBe(10);
    expect(result.data?.organisation?.memberships.edges.map((e) => e.node.country.code)).toEqual(["CN", "KZ"]);
  });
});
