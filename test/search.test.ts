// Search that knows other names, spellings and typos, through yoga.fetch on the seed data. Each
// answer is asserted whole, in order, so what must be absent is checked too.
import { afterAll, describe, expect, it } from "vitest";
import { SearchDocument } from "../client/generated/graphql.ts";
import { db, disconnectDb } from "../src/db.ts";
import { createServer } from "../src/yoga.ts";
import { run } from "./helpers/graphql.ts";

const yoga = createServer();
afterAll(() => disconnectDb());

/** The ranked answer as "Type label" lines (ranks checked to be in order), and its totalCount. */
async function search(query: string, first = 20) {
  const result = await run(yoga, SearchDocument, { query, first });
  expect(result.errors).toBeUndefined();
  const s = result.data!.search;
  const ranks = s.edges.map((e) => e.rank);
  expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
  const hits = s.edges.map(({ node }) => {
    const n = node as Record<string, string>;
    return `${n.__typename} ${n.acronym ?? n.code ?? n.name ?? n.title ?? n.summary?.slice(0, 30)}`;
  });
  return { hits, total: s.totalCount };
}

const dmm = (year: number) => `Summit SCO Defence Ministers' Meeting ${year}`;

describe("search knows other names, spellings and typos", () => {
  it("finds the defence ministers' meetings from the American spelling, the Qingdao meeting first, then the engagements", async () => {
    expect(await search("defense ministers meeting")).toEqual({
      hits: [
        // Every word in their names: the first tier, newest first.
        dmm(2025), dmm(2024), dmm(2023), dmm(2022), dmm(2021), dmm(2020), dmm(2019), dmm(2018),
        // The words only in a summary or a place: below them all, newest first again.
        "Engagement Dong Jun receives Rajnath Singh",
        "Engagement Possible India-Pakistan encounter at Qingdao",
        "Engagement Rajnath Singh and Wei Fenghe bilateral meeting",
      ],
      total: 11,
    });
    // Both spellings give the same answer.
    expect(await search("defence ministers meeting")).toEqual(await search("defense ministers meeting"));
  });

  it("finds the Shanghai Cooperation Organisation as 'Organization', and by its acronym first", async () => {
    expect(await search("Organization")).toEqual({ hits: ["Organisation SCO"], total: 1 });
    expect(await search("shanghai cooperation organization")).toEqual({ hits: ["Organisation SCO"], total: 1 });
    const sco = await search("SCO");
    expect(sco.hits[0]).toBe("Organisation SCO");
    expect(sco.hits.slice(1, 10)).toEqual([
      dmm(2025), "Summit SCO Meeting of Security Council Secretaries 2025", dmm(2024), dmm(2023), dmm(2022), dmm(2021), dmm(2020), dmm(2019), dmm(2018),
    ]);
  });

  it("ignores accents: Turkiye finds Türkiye", async () => {
    expect(await search("Turkiye")).toEqual({ hits: ["Country TR"], total: 1 });
    expect(await search("TÜRKIYE")).toEqual({ hits: ["Country TR"], total: 1 });
  });

  it("forgives a small typo in a person's or a place's name", async () => {
    expect(await search("Rajnat Singh")).toEqual({
      hits: ["Person Rajnath Singh", "Engagement Dong Jun receives Rajnath Singh", "Engagement Rajnath Singh and Wei Fenghe bilateral meeting"],
      total: 3,
    });
    expect(await search("Qindao")).toEqual({ hits: [dmm(2025)], total: 1 });
    expect(await search("Yermekbaev")).toEqual({ hits: ["Person Nurlan Yermekbayev"], total: 1 });
    // A typo match is only a fallback: a query that matches as written gets no fuzzy extras.
    expect((await search("Singh")).hits).toEqual([
      "Person Rajnath Singh", "Engagement Dong Jun receives Rajnath Singh", "Engagement Rajnath Singh and Wei Fenghe bilateral meeting",
    ]);
    // Nothing close: nothing at all.
    expect(await search("Zanzibar")).toEqual({ hits: [], total: 0 });
  });

  it("ranks the summit a city names above the engagements and statements that mention the city", async () => {
    expect(await search("Qingdao")).toEqual({
      hits: [
        dmm(2025),
        // Qingdao in their title or place: newest first; "2025-06" (a month) sorts at its first day.
        "Engagement Dong Jun receives Rajnath Singh",
        "Engagement Dong Jun and Khawaja Asif bilateral meeting",
        "Statement China called for fairness in i",
        "Engagement Possible India-Pakistan encounter at Qingdao",
        // Qingdao only in their summaries.
        "Incident India-Pakistan military standoff of May 2025",
        "Engagement Peace Mission 2018 joint military exercise",
      ],
      total: 7,
    });
    // Beijing hosted two summits: both first, newest first, before what happened there.
    expect((await search("Beijing")).hits.slice(0, 2)).toEqual(["Summit SCO Meeting of Security Council Secretaries 2025", dmm(2018)]);
  });

  it("finds an incident by the name one side uses, a person by an alternate name, office-holders by their title", async () => {
    expect(await search("Marka-e-Haq")).toEqual({ hits: ["Incident India-Pakistan military standoff of May 2025"], total: 1 });
    expect(await search("Khawaja Asif")).toEqual({
      hits: ["Person Khawaja Muhammad Asif", "Engagement Dong Jun and Khawaja Asif bilateral meeting"],
      total: 2,
    });
    // Both titles match alike: the latest holder (by the office's start) first.
    expect(await search("secretary general")).toEqual({ hits: ["Person Nurlan Yermekbayev", "Person Zhang Ming"], total: 2 });
    // China styles it "Minister of National Defense"; the British spelling finds both holders, the
    // one in office now first.
    expect(await search("Minister of National Defence")).toEqual({ hits: ["Person Dong Jun", "Person Wei Fenghe"], total: 2 });
  });

  it("folds -ize/-ise and other spellings in summaries too", async () => {
    // The statement says "stabilising"; stabilizing and stabilise are the same word.
    expect(await search("stabilizing")).toEqual({ hits: ["Statement Pakistan's national security a"], total: 1 });
  });

  it("keeps web-search syntax exact and pages with the same order", async () => {
    expect(await search('"five-point plan" -pakistan')).toEqual({ hits: ["Statement Set out a five-point plan: pra"], total: 1 });
    // Quotes turn typo tolerance off.
    expect(await search('"Rajnat Singh"')).toEqual({ hits: [], total: 0 });
    const all = await search("Qingdao");
    const first = await run(yoga, SearchDocument, { query: "Qingdao", first: 3 });
    const rest = await run(yoga, SearchDocument, { query: "Qingdao", first: 10, after: first.data!.search.pageInfo.endCursor });
    expect([...first.data!.search.edges, ...rest.data!.search.edges].map((e) => e.node.__typename)).toEqual(all.hits.map((h) => h.split(" ")[0]));
    expect(rest.data!.search.totalCount).toBe(7);
    expect(rest.data!.search.pageInfo.hasNextPage).toBe(false);
  });

  it("keeps the names current: a new title is searchable at once, a retracted summit leaves search", async () => {
    const [person] = await db().$queryRaw<{ id: number }[]>`SELECT id FROM "Person" WHERE slug = 'wang-yi'`;
    const [cn] = await db().$queryRaw<{ id: number }[]>`SELECT id FROM "Country" WHERE code = 'CN'`;
    await db().$executeRaw`INSERT INTO "Tenure" ("personId", portfolio, title, "countryId", "attestedDate", "attestedPrecision", "updatedAt")
      VALUES (${person!.id}, 'FOREIGN_AFFAIRS', 'Minister of Foreign Affairs', ${cn!.id}, '2025-06-24', 'DAY', now())`;
    expect(await search("foreign affairs minister")).toEqual({ hits: ["Person Wang Yi"], total: 1 });
    await db().$executeRaw`UPDATE "Summit" SET "retractedAt" = now(), "retractionReason" = 'test' WHERE slug = 'sco-dmm-2025-qingdao'`;
    expect((await search("Qingdao")).hits).not.toContain(dmm(2025));
    expect(await search("Qindao")).toEqual({ hits: [], total: 0 });
  });

  it("refuses an empty or overlong query with a code", async () => {
    const empty = await run(yoga, SearchDocument, { query: "   " });
    expect(empty.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    const long = await run(yoga, SearchDocument, { query: "x".repeat(201) });
    expect(long.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
  });
});
