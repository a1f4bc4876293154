// Every connection of the schema that advertises `last`/`before` pages backwards for real: walking
// a list from its end with `last` and `before` gives the same edges (cursors and nodes) as walking
// it from the start with `first` and `after`, reversed page by page. A connection that cannot page
// backwards must not take those arguments at all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getNamedType, isObjectType, type GraphQLField } from "graphql";
import { db, disconnectDb } from "../src/db.ts";
import { createApiKey } from "../src/domain/api-keys.ts";
import { schema } from "../src/schema/index.ts";
import { createServer } from "../src/yoga.ts";
import { execute } from "./helpers/graphql.ts";

const yoga = createServer();
let adminKey = "";

// The seed has one organisation, one incident and no more than two office-holders per office:
// this file's database gets a few more rows, some with the null dates that the office-holders'
// order ("nulls last") has to page across.
beforeAll(async () => {
  adminKey = (await createApiKey(db(), { name: "paging admin", role: "ADMIN" })).key;
  await createApiKey(db(), { name: "paging editor 1", role: "EDITOR" });
  await createApiKey(db(), { name: "paging editor 2", role: "EDITOR" });
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  await db().organisation.createMany({
    data: [
      { acronym: "CSTO", name: "Collective Security Treaty Organization", kind: "MILITARY_ALLIANCE" },
      { acronym: "CICA", name: "Conference on Interaction and Confidence-Building Measures in Asia", kind: "REGIONAL_FORUM" },
    ],
  });
  await db().incident.createMany({
    data: [
      { slug: "paging-incident-a", name: "Paging incident A", kind: "OTHER", startDate: day("2020-01-01"), startPrecision: "YEAR" },
      { slug: "paging-incident-b", name: "Paging incident B", kind: "OTHER", startDate: day("2021-03-01"), startPrecision: "MONTH" },
    ],
  });
  const india = await db().country.findUniqueOrThrow({ where: { code: "IN" } });
  const sco = await db().organisation.findUniqueOrThrow({ where: { acronym: "SCO" } });
  const person = await db().person.findUniqueOrThrow({ where: { slug: "rajnath-singh" } });
  await db().tenure.createMany({
    data: [
      // Start unknown, attested only: sorts after every dated start.
      { personId: person.id, portfolio: "INTERIOR", title: "Minister of Home Affairs", countryId: india.id, attestedDate: day("2014-06-01"), attestedPrecision: "DAY" },
      { personId: person.id, portfolio: "DEFENCE", title: "Raksha Mantri", countryId: india.id, attestedDate: day("2003-01-01"), attestedPrecision: "YEAR" },
      { personId: person.id, portfolio: "SECRETARY_GENERAL", title: "Secretary-General", organisationId: sco.id, attestedDate: day("2004-01-01"), attestedPrecision: "YEAR" },
    ],
  });
  // The seed gives no one more than one statement: three of Rajnath Singh's, two on one day and one
  // a year earlier, so the walk crosses a tie of dates.
  await db().statement.createMany({
    data: [
      { slug: "paging-statement-a", speakerId: person.id, countryId: india.id, date: day("2024-02-01"), datePrecision: "DAY", summary: "Paging statement A." },
      { slug: "paging-statement-b", speakerId: person.id, countryId: india.id, date: day("2024-02-01"), datePrecision: "DAY", summary: "Paging statement B." },
      { slug: "paging-statement-c", speakerId: person.id, countryId: india.id, date: day("2023-01-01"), datePrecision: "YEAR", summary: "Paging statement C." },
    ],
  });
});
afterAll(() => disconnectDb());

/**
 * How to reach each connection field in the data: a query with `CONN` where the field's name goes
 * (its arguments added), and where its answer is. Each list has at least 3 items, so every walk
 * below takes at least two pages each way.
 */
const reach: Record<string, { query: string; pick: (data: any) => any; admin?: true; args?: string; node?: string }> = {
  "Country.engagements": { query: `{ country(code: "IN") { CONN } }`, pick: (d) => d.country.conn },
  "Country.memberships": { query: `{ country(code: "BY") { CONN } }`, pick: (d) => d.country.conn },
  "Country.officeHolders": { query: `{ country(code: "IN") { CONN } }`, pick: (d) => d.country.conn },
  "Engagement.participants": {
    query: `{ engagements(first: 100) { edges { node { participants(first: 100) { totalCount } CONN } } } }`,
    // The first engagement with three or more participants.
    pick: (d) => d.engagements.edges.find((e: any) => e.node.participants.totalCount >= 3).node.conn,
  },
  "EventSeries.summits": {
    query: `{ organisation(acronym: "SCO") { series { summits(first: 100) { totalCount } CONN } } }`,
    pick: (d) => d.organisation.series.find((s: any) => s.summits.totalCount >= 3).conn,
  },
  "Organisation.memberStates": { query: `{ organisation(acronym: "SCO") { CONN } }`, pick: (d) => d.organisation.conn },
  "Organisation.memberships": { query: `{ organisation(acronym: "SCO") { CONN } }`, pick: (d) => d.organisation.conn },
  "Organisation.officeHolders": { query: `{ organisation(acronym: "SCO") { CONN } }`, pick: (d) => d.organisation.conn },
  "Organisation.summits": { query: `{ organisation(acronym: "SCO") { CONN } }`, pick: (d) => d.organisation.conn },
  "Person.attendance": { query: `{ person(slug: "rajnath-singh") { CONN } }`, pick: (d) => d.person.conn },
  "Person.statements": { query: `{ person(slug: "rajnath-singh") { CONN } }`, pick: (d) => d.person.conn },
  "Person.engagements": { query: `{ person(slug: "rajnath-singh") { CONN } }`, pick: (d) => d.person.conn },
  "Person.tenures": { query: `{ person(slug: "rajnath-singh") { CONN } }`, pick: (d) => d.person.conn },
  "Query.apiKeys": { query: `{ CONN }`, pick: (d) => d.conn, admin: true },
  // The seed alone wrote hundreds of entries: one kind of row keeps the list under a page of 100.
  "Query.changes": { query: `{ CONN }`, pick: (d) => d.conn, args: `entityTypes: ["Engagement"], ` },
  "Query.countries": { query: `{ CONN }`, pick: (d) => d.conn },
  "Query.engagements": { query: `{ CONN }`, pick: (d) => d.conn },
  "Query.incidents": { query: `{ CONN }`, pick: (d) => d.conn },
  "Query.organisations": { query: `{ CONN }`, pick: (d) => d.conn },
  "Query.people": { query: `{ CONN }`, pick: (d) => d.conn },
  "Query.sources": { query: `{ CONN }`, pick: (d) => d.conn },
  "Query.statements": { query: `{ CONN }`, pick: (d) => d.conn },
  "Query.summits": { query: `{ CONN }`, pick: (d) => d.conn },
  // Summits, engagements, incidents and statements together: India's keeps the walk to a few pages.
  "Query.timeline": { query: `{ CONN }`, pick: (d) => d.conn, args: `countries: ["IN"], `, node: "{ ... on Node { id } }" },
  "Source.citations": {
    query: `{ sources(first: 100) { edges { node { citations(first: 100) { totalCount } CONN } } } }`,
    // The source that supports the most facts (the Qingdao report).
    // A citation is not a Node: its source and fact name it.
    node: "{ source { id } fact { ... on Node { id } } }",
    pick: (d) => d.sources.edges.reduce((a: any, b: any) => (b.node.citations.totalCount > a.node.citations.totalCount ? b : a)).node.conn,
  },
  "Summit.attendance": { query: `{ summit(slug: "sco-dmm-2025-qingdao") { CONN } }`, pick: (d) => d.summit.conn },
  "Summit.engagements": { query: `{ summit(slug: "sco-dmm-2025-qingdao") { CONN } }`, pick: (d) => d.summit.conn },
};

/** Every field of every object type whose type is a Relay connection (edges and pageInfo). */
function connectionFields(): { coordinate: string; field: GraphQLField<unknown, unknown> }[] {
  const found = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const target = getNamedType(field.type);
      if (isObjectType(target) && "edges" in target.getFields() && "pageInfo" in target.getFields()) {
        found.push({ coordinate: `${type.name}.${field.name}`, field });
      }
    }
  }
  return found;
}

const hasArg = (field: GraphQLField<unknown, unknown>, name: string) => field.args.some((a) => a.name === name);

type Page = { edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null } };

async function page(coordinate: string, args: string): Promise<Page> {
  const { query, pick, admin, args: fixed = "", node = "{ id }" } = reach[coordinate]!;
  const fieldName = coordinate.split(".")[1];
  const selection = `conn: ${fieldName}(${fixed}${args}) { edges { cursor node ${node} } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }`;
  const result = await execute(yoga, query.replace("CONN", selection), undefined, admin ? { authorization: `Bearer ${adminKey}` } : {});
  expect(result.errors, `${coordinate}(${args})`).toBeUndefined();
  return pick(result.data);
}

const edgeKeys = (p: Page) => p.edges.map((e) => `${e.cursor} ${e.node.id}`);

describe("connections and last/before", () => {
  it("lists last and before on exactly the connections that page backwards (search pages forwards only)", () => {
    const fields = connectionFields();
    const both = fields.filter((f) => hasArg(f.field, "last") && hasArg(f.field, "before")).map((f) => f.coordinate);
    const neither = fields.filter((f) => !hasArg(f.field, "last") && !hasArg(f.field, "before")).map((f) => f.coordinate);
    // No connection has one of the two without the other.
    expect([...both, ...neither].sort()).toEqual(fields.map((f) => f.coordinate).sort());
    // Every backwards connection is walked below; a new one must be added to `reach`.
    expect(both.sort()).toEqual(Object.keys(reach).sort());
    expect(neither.sort()).toEqual(["Query.search"]);
  });

  for (const coordinate of Object.keys(reach)) {
    it(`${coordinate}: pages backwards give the forward pages' edges, reversed, with the right pageInfo`, async () => {
      const all = await page(coordinate, "first: 100");
      expect(all.pageInfo.hasNextPage).toBe(false);
      const whole = edgeKeys(all);
      expect(whole.length).toBeGreaterThanOrEqual(3);
      expect(new Set(whole).size).toBe(whole.length);
      // Pages of two, or of one for a short list, so each way takes several pages.
      const size = whole.length >= 5 ? 2 : 1;

      const forward: string[] = [];
      let after: string | null = null;
      for (;;) {
        const p: Page = await page(coordinate, `first: ${size}${after ? `, after: "${after}"` : ""}`);
        expect(p.pageInfo.hasPreviousPage).toBe(after !== null);
        forward.push(...edgeKeys(p));
        after = p.pageInfo.endCursor;
        if (!p.pageInfo.hasNextPage) break;
        expect(p.edges).toHaveLength(size);
        expect(forward.length).toBeLessThan(whole.length);
      }
      expect(forward).toEqual(whole);

      const backward: string[][] = [];
      let before: string | null = null;
      for (;;) {
        const p: Page = await page(coordinate, `last: ${size}${before ? `, before: "${before}"` : ""}`);
        // The first backward page ends the list; every later one has the page before it after it.
        expect(p.pageInfo.hasNextPage).toBe(before !== null);
        backward.unshift(edgeKeys(p));
        before = p.pageInfo.startCursor;
        if (!p.pageInfo.hasPreviousPage) break;
        expect(p.edges).toHaveLength(size);
        expect(backward.length).toBeLessThan(whole.length);
      }
      expect(backward.flat()).toEqual(whole);
      expect(backward).toHaveLength(Math.ceil(whole.length / size));
      // Counted from the end: the first backward page is the list's last `size` edges.
      expect(backward.at(-1)).toEqual(whole.slice(-size));
    });
  }
});

describe("engagement pages of countries and people (offset cursors, cut in SQL)", () => {
  const ENGAGEMENTS = (args: string) =>
    `{ country(code: "IN") { engagements(${args}) { totalCount edges { cursor role node { title } } pageInfo { hasNextPage hasPreviousPage } } } }`;
  const titles = (r: any) => r.data.country.engagements.edges.map((e: any) => e.node.title);

  it("cuts last within after, and first before before, as Relay's algorithm does", async () => {
    const all = await execute<any>(yoga, ENGAGEMENTS("first: 100"));
    const list: string[] = titles(all);
    const cursors: string[] = all.data.country.engagements.edges.map((e: any) => e.cursor);
    expect(list.length).toBeGreaterThanOrEqual(4);

    // `last` counted back from the end, but never past `after`.
    const tail = await execute<any>(yoga, ENGAGEMENTS(`after: "${cursors.at(-3)}", last: 5`));
    expect(titles(tail)).toEqual(list.slice(-2));
    expect(tail.data.country.engagements.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });
    expect(tail.data.country.engagements.totalCount).toBe(list.length);

    // `first` from the start, but never up to `before`.
    const head = await execute<any>(yoga, ENGAGEMENTS(`first: 5, before: "${cursors[2]}"`));
    expect(titles(head)).toEqual(list.slice(0, 2));
    expect(head.data.country.engagements.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false });

    // Between two cursors, the last two of the window.
    const middle = await execute<any>(yoga, ENGAGEMENTS(`after: "${cursors[0]}", before: "${cursors.at(-1)}", last: 2`));
    expect(titles(middle)).toEqual(list.slice(-3, -1));
    expect(middle.data.country.engagements.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true });

    // `before` alone: the default-size page that ends there.
    const upTo = await execute<any>(yoga, ENGAGEMENTS(`before: "${cursors[3]}"`));
    expect(titles(upTo)).toEqual(list.slice(0, 3));
  });

  it("answers last: 2 for every country of a list at once, each from the end of its own list", async () => {
    const codes = ["CN", "IN", "PK", "RU"];
    const together = await execute<any>(
      yoga,
      `{ countries(filter: { codes: ${JSON.stringify(codes)} }, orderBy: CODE_ASC) { edges { node { code
          engagements(last: 2) { edges { cursor role node { title } } pageInfo { hasNextPage hasPreviousPage } } } } } }`,
    );
    expect(together.errors).toBeUndefined();
    for (const edge of together.data.countries.edges) {
      const alone = await execute<any>(
        yoga,
        `{ country(code: "${edge.node.code}") { engagements(first: 100) { edges { cursor role node { title } } } } }`,
      );
      const whole = alone.data.country.engagements.edges;
      expect(edge.node.engagements.edges, edge.node.code).toEqual(whole.slice(-2));
      expect(edge.node.engagements.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: whole.length > 2 });
    }
    expect(together.data.countries.edges.map((e: any) => e.node.code)).toEqual(codes);
  });

  it("refuses a page over the maximum and a negative one, from either end", async () => {
    for (const [args, code] of [
      ["last: 101", "PAGE_SIZE_EXCEEDED"],
      ["last: -1", "BAD_USER_INPUT"],
      ["before: \"nope\", last: 2", "INVALID_CURSOR"],
    ] as const) {
      const result = await execute<any>(yoga, ENGAGEMENTS(args));
      expect(result.errors?.map((e) => e.extensions?.code), args).toEqual([code]);
    }
  });
});
