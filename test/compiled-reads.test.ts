// Whole-operation SQL (src/schema/compiled-reads.ts) must answer exactly as the resolvers do: the
// same bytes, for the client's documents (as written and as the generated client sends them, with
// __typename and id everywhere), the bench's deep traversal, and random selections over every
// field it covers. Each comparison also checks that the compiled side really was one statement,
// so a compiler that silently fell back to the resolvers would fail here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { Kind, parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { createPrismaClient, db, disconnectDb, queryText, sqlStatements } from "../src/db.ts";
import { createServer } from "../src/yoga.ts";
import { encodeOffset } from "../src/schema/cursors.ts";
import { readHooks } from "../src/domain/recorded.ts";
import { compileRead } from "../src/schema/compiled-reads.ts";
import { schema } from "../src/schema/index.ts";
import { writtenOperations } from "./helpers/graphql.ts";

const compiled = createServer({ config: { compiledReads: true } });
const resolvers = createServer({ config: { compiledReads: false } });
afterAll(() => disconnectDb());

async function answer(yoga: typeof compiled, query: string, variables?: Record<string, unknown>) {
  const response = await yoga.fetch("http://summitry.test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return `${response.status} ${await response.text()}`;
}

/** Both ways; returns whether the compiled side was answered by one statement building the JSON. */
async function compare(query: string, variables?: Record<string, unknown>): Promise<boolean> {
  const expected = await answer(resolvers, query, variables);
  sqlStatements.log = [];
  sqlStatements.keepLog = true;
  const actual = await answer(compiled, query, variables);
  sqlStatements.keepLog = false;
  expect(actual, `${query}\n${JSON.stringify(variables)}`).toBe(expected);
  const oneStatement = sqlStatements.log.length === 1 && /^SELECT (concat\(|CASE WHEN )/.test(sqlStatements.log[0]!);
  sqlStatements.log = [];
  return oneStatement;
}

let summitId = "";
beforeAll(async () => {
  const found = JSON.parse(
    (await answer(resolvers, '{ country(code: "IN") { engagements(first: 50) { edges { node { summit { id } } } } } }')).slice(4),
  );
  summitId = found.data.country.engagements.edges.map((e: any) => e.node.summit?.id).find(Boolean);
  expect(summitId).toBeTruthy();
});

// Values per variable name; an operation is tried with the i-th value of each (cycling).
const values: Record<string, unknown[]> = {
  acronym: ["SCO", " sco ", "NOPE"],
  code: ["IN", "BY", "AM", "cn", "ZZ"],
  asOf: ["2024-06-01", "2017", "2017-06-09", "2023-06", "2015-03-01", "2023-06-02", "2023-07-01"],
  certainOnly: [null, true, false],
  members: [20, 3, 1],
  engagements: [5, 2, 100],
  query: ["defence ministers meeting", "Qingdao", " sco ", "Rajnat Singh", '"five-point plan" -pakistan', "Zanzibar", "Minister of National Defence"],
};

function variablesFor(query: string, i: number): Record<string, unknown> | null {
  const operation = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (name === "portfolio") variables[name] = query.includes("organisation(acronym") ? "SECRETARY_GENERAL" : "DEFENCE";
    else if (name === "summit") variables[name] = summitId;
    else if (values[name]) variables[name] = values[name][i % values[name].length];
    else if (definition.type.kind === Kind.NON_NULL_TYPE) return null;
  }
  return variables;
}

const persisted = Object.values(
  JSON.parse(readFileSync(join(import.meta.dirname, "../client/generated/persisted-documents.json"), "utf8")) as Record<string, string>,
);
const readsByKeyLookup = (query: string) => /^query /.test(query) && /\b(organisation\(acronym|country\(code|search\(query)/.test(query);
const documents = [
  ...[...writtenOperations()].map(([name, query]) => ({ name: `${name} (as written)`, query })),
  ...persisted.map((query) => ({ name: `${/^query (\w+)/.exec(query)?.[1]} (as the client sends it)`, query })),
].filter((d) => readsByKeyLookup(d.query));

// Documents wholly inside what the compiler covers: these must be one statement, not a fallback.
const covered = ["ScoTraversal", "MembershipHistory", "OfficeHolderOn", "OrganisationOfficeHolderOn", "CountryEngagementsAtSummit", "Search", "ExplorerSearch"];

describe("whole-operation SQL answers as the resolvers do", () => {
  it.each(documents)("$name", async ({ name, query }) => {
    let compiledOnce = false;
    for (let i = 0; i < 7; i++) {
      const variables = variablesFor(query, i);
      if (!variables) return;
      compiledOnce = (await compare(query, variables)) || compiledOnce;
    }
    if (covered.includes(name.split(" ")[0]!)) expect(compiledOnce).toBe(true);
  });

  it("answers the bench's deep traversal (Q1) in one statement, identically, on several days", async () => {
    const q1 = readFileSync(join(import.meta.dirname, "../bench/queries/q1.ours.graphql"), "utf8");
    for (const asOf of ["2024-06-01", "2017", "2018-04", "2025-06-25", "2001-06-15", "1990"]) {
      expect(await compare(q1, { asOf })).toBe(true);
    }
  });

  it("answers the bench's search (Q4) and every page after it in one statement, identically", async () => {
    const q4 = readFileSync(join(import.meta.dirname, "../bench/queries/q4.ours.graphql"), "utf8");
    expect(await compare(q4)).toBe(true);
    const paged = `query($q: String!, $first: Int, $after: String) { search(query: $q, first: $first, after: $after) {
      totalCount totalCountIsExact pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor rank node { __typename ... on Summit { name start } ... on Engagement { title date } ... on Statement { summary topics } } } } }`;
    for (const q of ["Qingdao", "defense ministers meeting", "Zanzibar"]) {
      let after: string | null = null;
      for (let page = 0; page < 6; page++) {
        expect(await compare(paged, { q, first: 2, after })).toBe(true);
        const body = JSON.parse((await answer(compiled, paged, { q, first: 2, after })).slice(4));
        if (!body.data.search.pageInfo.hasNextPage) break;
        after = body.data.search.pageInfo.endCursor;
      }
    }
  });

  it("answers the bench's counts (Q5) and the rollup's other groupings in one statement, identically", async () => {
    const q5 = readFileSync(join(import.meta.dirname, "../bench/queries/q5.ours.graphql"), "utf8");
    expect(await compare(q5)).toBe(true);
    const stats = `query($filter: EngagementFilter, $groupBy: [StatsDimension!]!) { engagementStats(filter: $filter, groupBy: $groupBy) {
      total groups { __typename year country { code name } kind status count } } }`;
    for (const groupBy of [[], ["YEAR"], ["COUNTRY"], ["KIND", "STATUS"], ["STATUS", "YEAR", "YEAR"], ["YEAR", "COUNTRY", "KIND"]]) {
      for (const filter of [null, { status: ["HELD", "SPECULATED"] }, { kind: ["BILATERAL_MEETING"], formality: ["FORMAL"] }, { status: [] }]) {
        expect(await compare(stats, { filter, groupBy }), `${JSON.stringify(filter)} ${groupBy}`).toBe(true);
      }
    }
    // A filter with something to look up (a country, a date) takes the resolvers.
    expect(await compare(stats, { filter: { countries: ["IN"] }, groupBy: ["YEAR"] })).toBe(false);
    expect(await compare(stats, { filter: { from: "2020" }, groupBy: ["YEAR"] })).toBe(false);
  });

  it("gives the bench's queries statements of plain values, which run as named prepared statements", () => {
    // A Date (or any value node-postgres would format unlike Prisma) sends the statement through
    // Prisma instead (src/db.ts queryText): unnamed, so planned on every request; Q3's `before`
    // did, and PostgreSQL spent 7 ms planning each 1 ms read.
    const variables = JSON.parse(readFileSync(join(import.meta.dirname, "../bench/queries/variables.json"), "utf8"));
    const plain = (v: unknown): boolean =>
      v === null || ["string", "number", "boolean"].includes(typeof v) || (Array.isArray(v) && v.every(plain));
    for (const q of ["q1", "q2", "q3", "q4", "q5"]) {
      const document = parse(readFileSync(join(import.meta.dirname, `../bench/queries/${q}.ours.graphql`), "utf8"));
      const statement = compileRead(schema, document, null, variables[q] ?? {});
      expect(statement, q).not.toBeNull();
      expect(statement!.values.filter((v) => !plain(v)), q).toEqual([]);
    }
  });

  it("answers the bench's filtered list (Q2) and its variants in one statement, identically", async () => {
    const q2 = readFileSync(join(import.meta.dirname, "../bench/queries/q2.ours.graphql"), "utf8");
    for (const first of [1, 5, 100]) expect(await compare(q2, { first })).toBe(true);
    const list = `query($filter: EngagementFilter, $orderBy: EngagementOrder, $first: Int) {
      engagements(filter: $filter, orderBy: $orderBy, first: $first) {
        totalCount totalCountIsExact edges { node { __typename slug title date status kind summit { name } participants { totalCount } } } } }`;
    const cases: Record<string, unknown>[] = [
      {},
      { first: 3, orderBy: "DATE_ASC" },
      { filter: { countries: ["IN", "PK"] } },
      { filter: { countries: ["pk ", "IN", "in"], status: ["HELD", "SPECULATED"] }, orderBy: "DATE_ASC" },
      { filter: { countries: ["CN"], kind: ["BILATERAL_MEETING"], formality: ["FORMAL"] } },
      { filter: { countries: [], status: [] } }, // an empty list of statuses matches nothing
      { filter: { countries: ["IN", "AM"] } }, // no meeting: an empty page, total 0
    ];
    for (const variables of cases) expect(await compare(list, variables), JSON.stringify(variables)).toBe(true);
    // An unknown or invalid code, three countries (no rollup total), other filters, paging on: the resolvers.
    for (const variables of [
      { filter: { countries: ["IN", "ZZ"] } },
      { filter: { countries: ["IN", "INDIA"] } },
      { filter: { countries: ["IN", "PK", "CN"] } },
      { filter: { organisation: "SCO" } },
      { filter: { from: "2025" } },
      { first: 101 },
    ]) {
      expect(await compare(list, variables), JSON.stringify(variables)).toBe(false);
    }
    expect(await compare(`{ engagements(first: 2) { edges { cursor node { title } } } }`)).toBe(false);
    expect(await compare(`{ engagements(first: 2) { pageInfo { hasNextPage } edges { node { title } } } }`)).toBe(false);
  });

  it("answers the bench's last contact (Q3) and its variants in one statement, identically", async () => {
    const q3 = readFileSync(join(import.meta.dirname, "../bench/queries/q3.ours.graphql"), "utf8");
    expect(await compare(q3)).toBe(true);
    const contact = `query($between: [String!], $people: [String!], $organisation: String, $portfolio: Portfolio, $before: PartialDate) {
      lastContact(between: $between, betweenPeople: $people, organisation: $organisation, portfolio: $portfolio, before: $before) {
        __typename kind date place placeCountry { code } engagement { title status date } summit { name start } sources { url title } } }`;
    const cases: Record<string, unknown>[] = [
      { between: ["IN", "PK"] },
      { between: [" pk", "in "], organisation: "sco", portfolio: "DEFENCE" },
      { between: ["IN", "PK"], before: "2025-06-25" },
      { between: ["IN", "PK"], before: "2018" },
      { between: ["CN", "IN"], portfolio: "DEFENCE", before: "2025-06" },
      { between: ["IN", "PK"], portfolio: "FOREIGN_AFFAIRS" },
      { between: ["IN", "AM"] }, // no contact: null
      { people: ["rajnath-singh", "khawaja-muhammad-asif"] },
      { people: ["rajnath-singh", "dong-jun"], portfolio: "DEFENCE", before: "2025-06-26" },
    ];
    for (const variables of cases) expect(await compare(contact, variables), JSON.stringify(variables)).toBe(true);
    // What the resolver refuses or cannot find takes the resolvers, with their errors.
    for (const variables of [{ between: ["IN", "ZZ"] }, { between: ["IN", "IN"] }, { between: ["IN", "INDIA"] }, { people: ["rajnath-singh", "nobody"] }, { between: ["IN", "PK"], organisation: "NOPE" }, {}]) {
      expect(await compare(contact, variables), JSON.stringify(variables)).toBe(false);
    }
  });

  it("takes the resolver path, errors and all, for what it does not cover or the resolvers refuse", async () => {
    const cases = [
      '{ organisation(acronym: "SCO") { memberships(first: 101) { totalCount } } }', // PAGE_SIZE_EXCEEDED
      '{ organisation(acronym: "SCO") { memberships(last: 2) { totalCount } } }',
      '{ country(code: "INDIA") { name } }', // BAD_USER_INPUT
      '{ country(code: "IN") { engagements(after: "nonsense") { totalCount } } }', // INVALID_CURSOR
      '{ country(code: "IN") { engagements(summit: "bad") { totalCount } } }', // INVALID_ID
      '{ organisation(acronym: "SCO") { memberships(first: 2) { pageInfo { hasNextPage } edges { cursor } } } }',
      '{ organisation(acronym: "SCO") { memberStates { totalCount } } }',
      'query($d: PartialDate!) { country(code: "IN") { memberships(asOf: $d) { totalCount } } }',
      '{ search(query: "   ") { totalCount } }', // BAD_USER_INPUT
      `{ search(query: "${"x".repeat(201)}") { totalCount } }`, // BAD_USER_INPUT
      '{ search(query: "SCO", after: "nonsense") { totalCount } }', // INVALID_CURSOR
      '{ search(query: "SCO", first: 101) { totalCount } }', // PAGE_SIZE_EXCEEDED
      '{ search(query: "SCO") { edges { node { ... on Person { attendance { totalCount } } } } } }',
    ];
    for (const query of cases) {
      expect(await compare(query, { d: "2017-13" })).toBe(false);
    }
  });

  it("answers random selections over every covered field identically", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), async (seed) => {
        const query = `{ ${seed % 4 === 0 ? randomSearch(seed) : randomSelection(seed)} }`;
        expect(await compare(query)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe("whole-operation SQL under @asRecorded reads the past, as the resolvers do", () => {
  // Q1 under the directive: the compiled statement must run inside the recorded transaction (its
  // table names resolving to the recorded views), not on the pool beside it.
  const q1 = readFileSync(join(import.meta.dirname, "../bench/queries/q1.ours.graphql"), "utf8").replace(
    "query Q1($asOf: PartialDate!)",
    "query Q1($asOf: PartialDate!, $at: DateTime!) @asRecorded(at: $at)",
  );
  // The recorded read's own statements are not the operation's; what is left must be the one
  // compiled statement, on the live tables and through the views alike
  // (settling the instant, asking whether anything was recorded after it, opening the transaction)
  const setup = /^(BEGIN|COMMIT|ROLLBACK|SET TRANSACTION|SELECT recorded\.settle\(\)|SELECT set_config\(|SELECT EXISTS \(SELECT 1 FROM "FactVersion")/;
  async function compareRecorded(variables: Record<string, unknown>) {
    const expected = await answer(resolvers, q1, variables);
    sqlStatements.log = [];
    sqlStatements.keepLog = true;
    const actual = await answer(compiled, q1, variables);
    sqlStatements.keepLog = false;
    const operation = sqlStatements.log.filter((sql) => !setup.test(sql.trim()));
    sqlStatements.log = [];
    // A future instant answers for the latest settled one, which moves between the two requests.
    const settled = (text: string) => text.replace(/"instant":"[^"]+"/, '"instant":"(settled)"');
    expect(settled(actual), JSON.stringify(variables)).toBe(settled(expected));
    expect(operation).toHaveLength(1);
    expect(operation[0]).toMatch(/^SELECT concat\(/);
    return JSON.parse(actual.slice(4));
  }
  const titles = (body: any): string[] =>
    body.data.organisation.memberships.edges.flatMap((m: any) =>
      m.node.country.officeHolders.edges.flatMap((t: any) => t.node.person.engagements.edges.map((e: any) => e.node.title)),
    );

  it("before anything was recorded, now, and either side of a write", async () => {
    const paths: string[] = [];
    readHooks.onPath = (path) => paths.push(path);
    onTestFinished(() => void (readHooks.onPath = undefined));
    const asOf = "2025-06-25";
    const empty = await compareRecorded({ asOf, at: "2000-01-01T00:00:00Z" });
    expect(empty.data).toEqual({ organisation: null });

    const now = await compareRecorded({ asOf, at: "2999-01-01T00:00:00Z" });
    const present = titles(now);
    expect(present.length).toBeGreaterThan(0);

    // Rename one engagement Q1 lists; the instant before the write must still show the old title.
    const oldTitle = present[0]!;
    const row = await db().engagement.findFirstOrThrow({ where: { title: oldTitle } });
    await new Promise((r) => setTimeout(r, 5));
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await db().engagement.update({ where: { id: row.id }, data: { title: `${oldTitle} (renamed)` } });
    try {
      const past = await compareRecorded({ asOf, at: before });
      expect(titles(past)).toEqual(present);
      const after = await compareRecorded({ asOf, at: "2999-01-01T00:00:00Z" });
      expect(titles(after)).toEqual(present.map((t) => (t === oldTitle ? `${oldTitle} (renamed)` : t)));
      // Each request twice (resolvers, then compiled): the views before anything and before the
      // write, the live tables now and after it.
      expect(paths).toEqual(["views", "views", "live", "live", "views", "views", "live", "live"]);
    } finally {
      await db().engagement.update({ where: { id: row.id }, data: { title: oldTitle } });
    }
  });
});

describe("a compiled answer is sent as PostgreSQL's text", () => {
  const q1 = readFileSync(join(import.meta.dirname, "../bench/queries/q1.ours.graphql"), "utf8");

  it("without parsing it into objects", async () => {
    const expected = await answer(resolvers, q1, { asOf: "2024-06-01" });
    const parse = vi.spyOn(JSON, "parse");
    onTestFinished(() => parse.mockRestore());
    const actual = await answer(compiled, q1, { asOf: "2024-06-01" });
    expect(actual).toBe(expected);
    // The request's own body is parsed; the answer's data never is.
    const parsedAnswer = parse.mock.calls.some(([text]) => typeof text === "string" && text.startsWith('{"organisation":'));
    expect(parsedAnswer).toBe(false);
  });

  it("cached and served again by the response cache, which reads the data, as the resolvers' answer", async () => {
    const cachedCompiled = createServer({ config: { compiledReads: true, responseCacheTtlMs: 60_000 } });
    const cachedResolvers = createServer({ config: { compiledReads: false, responseCacheTtlMs: 60_000 } });
    onTestFinished(() => Promise.all([cachedCompiled.dispose(), cachedResolvers.dispose()]).then(() => {}));
    const variables = { asOf: "2017-06-09" };
    const expected = await answer(cachedResolvers, q1, variables);
    expect(expected).toContain('"responseCache":{"hit":false,"didCache":true');
    sqlStatements.log = [];
    sqlStatements.keepLog = true;
    const miss = await answer(cachedCompiled, q1, variables);
    const compiledStatements = sqlStatements.log.length;
    const hit = await answer(cachedCompiled, q1, variables);
    sqlStatements.keepLog = false;
    expect(compiledStatements).toBe(1);
    expect(sqlStatements.log).toHaveLength(1);
    expect(miss).toBe(expected);
    const data = (text: string) => JSON.parse(text.slice(4)).data;
    expect(JSON.parse(hit.slice(4)).extensions.responseCache).toMatchObject({ hit: true });
    expect(data(hit)).toEqual(data(expected));
  });

  it("run on the pool as a statement PostgreSQL prepares once per connection, or unnamed when told", async () => {
    const statement = { text: `SELECT concat('{"n":', $1::int, '}') AS data`, values: [7] };
    const prepared = (c: ReturnType<typeof createPrismaClient>) =>
      c.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = ${statement.text}`;
    // One connection each, so the catalogue asked is the connection's that ran the read.
    const named = createPrismaClient(process.env.DATABASE_URL!, { poolSize: 1 });
    const unnamed = createPrismaClient(process.env.DATABASE_URL!, { poolSize: 1, namedStatements: false });
    onTestFinished(() => Promise.all([named.$disconnect(), unnamed.$disconnect()]).then(() => {}));
    for (let i = 0; i < 3; i++) expect(await queryText(statement, named)).toBe('{"n":7}');
    expect(await prepared(named)).toEqual([{ n: 1 }]);
    expect(await queryText(statement, unnamed)).toBe('{"n":7}');
    expect(await prepared(unnamed)).toEqual([{ n: 0 }]);
    // Each name stays prepared on the connection: past 100 texts, the rest run unnamed.
    for (let i = 0; i < 105; i++) expect(await queryText({ text: `SELECT '${i}' AS data`, values: [] }, named)).toBe(String(i));
    const all = await named.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_prepared_statements`;
    expect(all).toEqual([{ n: 100 }]);
  });

  it("survive the server ending a pool connection that only compiled reads used (no unhandled error)", async () => {
    const c = createPrismaClient(process.env.DATABASE_URL!, { poolSize: 1 });
    onTestFinished(() => c.$disconnect());
    // Prisma itself has not connected yet: only queryText has used the pool.
    const pid = await queryText({ text: "SELECT pg_backend_pid()::text AS data", values: [] }, c);
    await db().$queryRaw`SELECT pg_terminate_backend(${Number(pid)})`;
    await new Promise((r) => setTimeout(r, 200));
    expect(await queryText({ text: "SELECT 'still here' AS data", values: [] }, c)).toBe("still here");
  });

  it("measured against MAX_RESPONSE_BYTES as the resolvers' answer is", async () => {
    const small = { maxResponseBytes: 500 };
    const compiledSmall = createServer({ config: { ...small, compiledReads: true } });
    const resolversSmall = createServer({ config: { ...small, compiledReads: false } });
    const expected = await answer(resolversSmall, q1, { asOf: "2024-06-01" });
    expect(expected).toContain('"code":"RESPONSE_TOO_LARGE"');
    expect(await answer(compiledSmall, q1, { asOf: "2024-06-01" })).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Random selections: each type's fields as the schema has them, connection arguments from a list.

interface TypeSpec {
  scalars: string[];
  objects?: Record<string, string>;
  lists?: Record<string, string>;
  connections?: Record<string, { node: string; args: string[]; edge?: string[] }>;
}

const membershipArgs = ["", "(first: 5)", '(asOf: "2017", status: [MEMBER])', '(asOf: "2024-07-04", certainOnly: true, first: 30)', "(status: [OBSERVER, DIALOGUE_PARTNER])", '(asOf: "2015")'];
const engagementArgs = () => ["(first: 3)", "(status: [HELD], first: 2)", `(first: 2, after: "${encodeOffset(0)}")`, "(kind: [BILATERAL_MEETING, MULTILATERAL_MEETING])", "(status: [SPECULATED])"];
const types: Record<string, TypeSpec> = {
  Organisation: {
    scalars: ["id", "acronym", "name", "kind", "founded", "seatCity", "seatSince", "version", "corroboration", "__typename"],
    objects: { seatCountry: "Country" },
    lists: { sources: "Source", citations: "Citation" },
    connections: {
      memberships: { node: "Membership", args: membershipArgs, edge: ["certainty", "confirmedUntil", "__typename"] },
      officeHolders: { node: "Tenure", args: ['(portfolio: SECRETARY_GENERAL, asOf: "2020")', "", '(asOf: "2019-01", certainOnly: true)'], edge: ["certainty", "confirmedUntil"] },
    },
  },
  Membership: {
    scalars: ["id", "status", "founding", "from", "to", "attested", "confirmedUntil", "presumedUntil", "endLatest", "note", "version", "corroboration"],
    objects: { organisation: "Organisation", country: "Country" },
    lists: { sources: "Source", citations: "Citation" },
  },
  Country: {
    scalars: ["id", "code", "alpha3", "name", "region", "version", "__typename"],
    connections: {
      memberships: { node: "Membership", args: membershipArgs, edge: ["certainty", "confirmedUntil"] },
      officeHolders: { node: "Tenure", args: ['(portfolio: DEFENCE, asOf: "2024-06-01", first: 1)', "(portfolio: FOREIGN_AFFAIRS)", '(asOf: "2019", certainOnly: true)', '(asOf: "2023-07-01")'], edge: ["certainty", "confirmedUntil"] },
      engagements: { node: "Engagement", args: engagementArgs(), edge: ["role"] },
    },
  },
  Tenure: {
    scalars: ["id", "portfolio", "title", "from", "to", "attested", "confirmedUntil", "presumedUntil", "endLatest", "note", "version", "corroboration"],
    objects: { person: "Person", country: "Country", organisation: "Organisation" },
    lists: { sources: "Source", citations: "Citation" },
  },
  Person: {
    scalars: ["id", "slug", "name", "alternateNames", "version"],
    objects: { country: "Country" },
    connections: { engagements: { node: "Engagement", args: engagementArgs(), edge: ["role"] } },
  },
  Engagement: {
    scalars: ["id", "slug", "title", "kind", "formality", "status", "date", "place", "summary", "version", "corroboration"],
    objects: { placeCountry: "Country", summit: "Summit", organisation: "Organisation" },
    lists: { sources: "Source", citations: "Citation" },
    connections: { participants: { node: "EngagementParticipant", args: ["", "(first: 1)"] } },
  },
  EngagementParticipant: { scalars: ["id", "role"], objects: { engagement: "Engagement", country: "Country", person: "Person" } },
  Citation: { scalars: ["note", "attests"], objects: { source: "Source" } },
  Source: { scalars: ["id", "url", "title", "publisher", "kind", "published", "version", "retrieved"] },
  Summit: {
    scalars: ["id", "slug", "name", "city", "region", "start", "end", "note", "version", "corroboration"],
    objects: { organisation: "Organisation", hostCountry: "Country", hostPerson: "Person" },
    lists: { sources: "Source", citations: "Citation" },
  },
  Incident: {
    scalars: ["id", "slug", "name", "kind", "start", "end", "location", "summary", "version", "corroboration"],
    lists: { sources: "Source", citations: "Citation" },
  },
  Statement: {
    scalars: ["id", "slug", "place", "date", "summary", "topics", "version", "corroboration"],
    objects: { speaker: "Person", country: "Country", summit: "Summit" },
    lists: { sources: "Source", citations: "Citation" },
  },
};

const searchTypes = ["Organisation", "Country", "Person", "Summit", "Engagement", "Incident", "Statement"];

/**
 * A search with a random page and a random selection of one member type behind its fragment (two
 * members' selections could give one response key two shapes, which validation refuses).
 */
function randomSearch(seed: number): string {
  const pick = <T>(xs: readonly T[], salt: number) => xs[Math.abs(seed * 31 + salt) % xs.length]!;
  const query = pick(["defence ministers meeting", "Qingdao", "SCO", "singh", "India", "five-point plan", "Rajnat Singh"], 1);
  const member = pick(searchTypes, 8);
  const fragments = `... on ${member} { ${randomSelection(seed, member)} }`;
  const edge = [pick(["cursor", ""], 2), pick(["rank", ""], 3), `node { __typename ${fragments} }`].join(" ");
  const extras = [pick(["totalCount", ""], 4), pick(["totalCountIsExact", ""], 5), pick(["pageInfo { hasNextPage endCursor }", ""], 6)].join(" ");
  return `search(query: "${query}", first: ${pick([1, 3, 20], 7)}) { ${extras} edges { ${edge} } }`;
}

function randomSelection(seed: number, only?: string): string {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  let aliases = 0;
  const key = (name: string) => (random() < 0.1 && aliases < 10 ? `a${++aliases}: ${name}` : name);
  const select = (typeName: string, depth: number): string => {
    const type = types[typeName]!;
    const parts = type.scalars.filter(() => random() < 0.35).map(key);
    if (parts.length === 0) parts.push(pick(type.scalars));
    if (depth < 4) {
      for (const [field, target] of Object.entries({ ...type.objects, ...type.lists })) {
        if (random() < 0.25) parts.push(`${key(field)} { ${select(target, depth + 1)} }`);
      }
      for (const [field, spec] of Object.entries(type.connections ?? {})) {
        if (random() >= 0.35) continue;
        const edge = (spec.edge ?? []).filter(() => random() < 0.5);
        const inner = [...edge, `node { ${select(spec.node, depth + 1)} }`];
        parts.push(`${key(field)}${pick(spec.args)} { ${random() < 0.5 ? "totalCount " : ""}edges { ${inner.join(" ")} } }`);
      }
    }
    // Fragments and directives: the compiler must collect fields as the executor does.
    if (random() < 0.15) parts.push(`... on ${typeName} { ${pick(type.scalars)} }`);
    if (random() < 0.1) parts.push(`${pick(type.scalars)} @include(if: false)`);
    return parts.join(" ");
  };
  if (only) return select(only, 1);
  const root = pick(['organisation(acronym: "SCO")', 'country(code: "IN")', 'country(code: "by")', 'country(code: "PK")', 'organisation(acronym: "nope")']);
  return `${root} { ${select(root.startsWith("organisation") ? "Organisation" : "Country", 0)} }`;
}
