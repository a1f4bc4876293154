// Reaching facts from the directions analysts think in (issue 11, part 2, the parts done so far):
// engagements by participant person, a person's attendance and statements, a source's side, and
// filters that take % and _ literally and refuse unknown slugs with a code. Whole answers, on the seed.
import { afterAll, describe, expect, it } from "vitest";
import { disconnectDb } from "../src/db.ts";
import { createServer } from "../src/yoga.ts";
import { execute } from "./helpers/graphql.ts";

const yoga = createServer();
afterAll(() => disconnectDb());

describe("engagements by participant person", () => {
  it("people means all of them took part, anyPeople at least one; an unknown slug is UNKNOWN_PERSON", async () => {
    const result = await execute<any>(
      yoga,
      `{ both: engagements(filter: { people: ["rajnath-singh", "khawaja-muhammad-asif"] }) { totalCount edges { node { slug } } }
         either: engagements(filter: { anyPeople: ["rajnath-singh", "khawaja-muhammad-asif"] }) { totalCount }
         rajnath: engagements(filter: { people: ["rajnath-singh"] }) { totalCount }
         asif: engagements(filter: { people: ["khawaja-muhammad-asif"] }) { totalCount } }`,
    );
    expect(result.errors).toBeUndefined();
    const { both, either, rajnath, asif } = result.data;
    expect(both.edges.map((e: any) => e.node.slug)).toContain("qingdao-2025-india-pakistan-informal");
    expect(both.totalCount).toBe(both.edges.length);
    // Inclusion-exclusion: the any-filter counts each engagement once.
    expect(either.totalCount).toBe(rajnath.totalCount + asif.totalCount - both.totalCount);
    const stats = await execute<any>(yoga, `{ engagementStats(filter: { people: ["rajnath-singh", "khawaja-muhammad-asif"] }, groupBy: [STATUS]) { total } }`);
    expect(stats.data.engagementStats.total).toBe(both.totalCount);

    const unknown = await execute(yoga, `{ engagements(filter: { people: ["nobody-at-all"] }) { totalCount } }`);
    expect(unknown.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([["Unknown person: nobody-at-all", "UNKNOWN_PERSON"]]);
  });
});

describe("a person's side", () => {
  it("lists the meetings Rajnath Singh attended, with role and mode, and his statements", async () => {
    const result = await execute<any>(
      yoga,
      `{ person(slug: "rajnath-singh") { attendance(first: 3) { totalCount edges { node { role mode summit { slug start } } } }
         statements { totalCount edges { node { date summary } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const attendance = result.data.person.attendance;
    expect(attendance.edges[0]).toEqual({ node: { role: "DELEGATE", mode: "IN_PERSON", summit: { slug: "sco-dmm-2025-qingdao", start: "2025-06-25" } } });
    const starts = attendance.edges.map((e: any) => e.node.summit.start);
    expect([...starts].sort().reverse()).toEqual(starts);
    expect(attendance.totalCount).toBeGreaterThanOrEqual(attendance.edges.length);
    expect(result.data.person.statements.totalCount).toBe(result.data.person.statements.edges.length);
  });
});

describe("a source's side", () => {
  it("finds a source by ref or URL and lists every fact it supports, with the citation's note", async () => {
    const byRef = await execute<any>(
      yoga,
      `{ source(ref: "article-qingdao-2025") { url ref publisher citations(first: 100) { totalCount edges { node { note attests fact { __typename
          ... on Tenure { person { slug } } ... on Membership { country { code } } ... on Summit { slug } } } } } } }`,
    );
    expect(byRef.errors).toBeUndefined();
    const source = byRef.data.source;
    expect(source).toMatchObject({ url: "urn:summitry:seed:000_10a016cd793c5963", ref: "article-qingdao-2025", publisher: "PEN" });
    const nodes = source.citations.edges.map((e: any) => e.node);
    expect(source.citations.totalCount).toBe(nodes.length);
    expect(nodes).toContainEqual({
      note: "Hosted the defence ministers' meeting as minister on its opening day.",
      attests: "2025-06-25",
      fact: { __typename: "Tenure", person: { slug: "dong-jun" } },
    });
    expect(nodes).toContainEqual({ note: null, attests: null, fact: { __typename: "Summit", slug: "sco-dmm-2025-qingdao" } });
    expect(nodes.filter((n: any) => n.fact.__typename === "Membership").map((n: any) => n.fact.country.code).sort()).toEqual(
      ["BY", "CN", "IN", "IR", "KG", "KZ", "PK", "RU", "TJ", "UZ"],
    );
    const byUrl = await execute<any>(yoga, `{ source(url: "urn:summitry:seed:000_10a016cd793c5963") { ref } }`);
    expect(byUrl.data).toEqual({ source: { ref: "article-qingdao-2025" } });
    const neither = await execute(yoga, `{ source { ref } }`);
    expect(neither.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
  });

  it("lists sources with filters", async () => {
    const result = await execute<any>(
      yoga,
      `{ official: sources(filter: { kind: [OFFICIAL] }) { totalCount edges { node { publisher } } }
         june2025: sources(filter: { publishedFrom: "2025-06", publishedTo: "2025-06" }) { edges { node { ref published } } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.official.edges.map((e: any) => e.node.publisher)).toEqual(
      Array(result.data.official.totalCount).fill("Shanghai Cooperation Organisation"),
    );
    expect(result.data.june2025.edges.map((e: any) => e.node.ref).sort()).toEqual(["article-qingdao-2025", "idn-doval-2025"]);
  });
});

describe("consistent filters", () => {
  it("takes % and _ in name filters literally", async () => {
    const result = await execute<any>(
      yoga,
      `{ pct: countries(filter: { name: "%" }) { totalCount } underscore: people(filter: { name: "_" }) { totalCount }
         orgs: organisations(filter: { name: "%" }) { totalCount } plain: countries(filter: { name: "stan" }) { totalCount }
         sources(filter: { publisher: "%" }) { totalCount } }`,
    );
    expect(result.data.pct.totalCount).toBe(0);
    expect(result.data.underscore.totalCount).toBe(0);
    expect(result.data.orgs.totalCount).toBe(0);
    expect(result.data.sources.totalCount).toBe(0);
    expect(result.data.plain.totalCount).toBeGreaterThan(0);
  });

  it("refuses an unknown series slug with UNKNOWN_SERIES instead of an empty answer", async () => {
    const result = await execute(yoga, `{ summits(filter: { series: "no-such-series" }) { totalCount } }`);
    expect(result.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([["Unknown series: no-such-series", "UNKNOWN_SERIES"]]);
  });
});
