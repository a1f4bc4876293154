// Certainty never outruns the evidence (issue 11, part 1): an open-ended fact is CERTAIN only up to
// the last day a source shows it in effect, PRESUMED after that, and a later holder of the same
// office ends what an earlier open one could be. Whole answers, on the seed, through yoga.fetch.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MembershipHistoryDocument,
  MemberStatesOnDocument,
  OfficeHolderOnDocument,
  OrganisationOfficeHolderOnDocument,
} from "../client/generated/graphql.ts";
import { db, disconnectDb } from "../src/db.ts";
import { createApiKey } from "../src/domain/api-keys.ts";
import { createServer } from "../src/yoga.ts";
import { execute, run } from "./helpers/graphql.ts";

const yoga = createServer();
afterAll(() => disconnectDb());

const article = "urn:summitry:seed:000_10a016cd793c5963";
const dongJun = {
  title: "Minister of National Defense",
  from: "2023-12-29",
  to: null,
  attested: null,
  person: { name: "Dong Jun" },
  sources: [
    { publisher: "News.az", url: "https://news.az/news/china-appoints-new-defense-minister" },
    { publisher: "PEN", url: article },
  ],
};

const chinaDefence = (asOf: string, certainOnly?: boolean) =>
  run(yoga, OfficeHolderOnDocument, { code: "CN", portfolio: "DEFENCE", asOf, certainOnly });

describe("office-holders: certain up to the last source, presumed after, ended by the successor", () => {
  it("on the day of the Qingdao meeting, only Dong Jun, CERTAIN: the report attests him that day", async () => {
    expect(await chinaDefence("2025-06-25")).toEqual({
      status: 200,
      data: {
        country: {
          name: "China",
          officeHolders: { totalCount: 1, edges: [{ certainty: "CERTAIN", confirmedUntil: "2025-06-25", node: dongJun }] },
        },
      },
    });
  });

  it("in 2030 and 2040 Dong Jun is only PRESUMED, and Wei Fenghe (attested once in 2020) is not there at all", async () => {
    for (const asOf of ["2030", "2040", "2025-06-26"]) {
      expect((await chinaDefence(asOf)).data?.country?.officeHolders).toEqual({
        totalCount: 1,
        edges: [{ certainty: "PRESUMED", confirmedUntil: "2025-06-25", node: dongJun }],
      });
    }
  });

  it("certainOnly leaves out everything the sources do not show", async () => {
    expect((await chinaDefence("2025-06-25", true)).data?.country?.officeHolders.edges.map((e) => e.node.person.name)).toEqual(["Dong Jun"]);
    for (const asOf of ["2025-06-26", "2030", "2040", "2022"]) {
      expect((await chinaDefence(asOf, true)).data?.country?.officeHolders).toEqual({ totalCount: 0, edges: [] });
    }
  });

  it("Wei Fenghe: CERTAIN on the day he is attested, PRESUMED until his successor began, gone after", async () => {
    const wei = {
      title: "Minister of National Defense",
      from: null,
      to: null,
      attested: "2020-09-04",
      person: { name: "Wei Fenghe" },
      sources: [{ publisher: "The Hindu", url: expect.stringContaining("thehindu.com") }],
    };
    expect((await chinaDefence("2020-09-04")).data?.country?.officeHolders.edges).toEqual([
      { certainty: "CERTAIN", confirmedUntil: "2020-09-04", node: wei },
    ]);
    expect((await chinaDefence("2022")).data?.country?.officeHolders.edges).toEqual([
      { certainty: "PRESUMED", confirmedUntil: "2020-09-04", node: wei },
    ]);
    // 2023 holds both: the last days of Wei's presumption and Dong Jun's first days.
    expect((await chinaDefence("2023")).data?.country?.officeHolders.edges.map((e) => [e.node.person.name, e.certainty])).toEqual([
      ["Dong Jun", "POSSIBLE"],
      ["Wei Fenghe", "POSSIBLE"],
    ]);
    expect((await chinaDefence("2023-12-29")).data?.country?.officeHolders.edges.map((e) => [e.node.person.name, e.certainty])).toEqual([
      ["Dong Jun", "CERTAIN"],
    ]);
  });

  it("an organisation's own office: who was SCO Secretary-General on a day", async () => {
    const sg = (asOf: string) => run(yoga, OrganisationOfficeHolderOnDocument, { acronym: "SCO", portfolio: "SECRETARY_GENERAL", asOf });
    expect((await sg("2023-05-01")).data?.organisation?.officeHolders).toEqual({
      totalCount: 1,
      edges: [
        {
          certainty: "CERTAIN",
          confirmedUntil: "2024-12-31",
          node: {
            title: "Secretary-General",
            from: "2022-01-01",
            to: "2024-12-31",
            person: { name: "Zhang Ming" },
            citations: [{ note: null, source: { publisher: "Kazakhstan Today", url: expect.stringContaining("kt.kz") } }],
          },
        },
      ],
    });
    // Yermekbayev took office on 2025-01-01; no source shows him in office since.
    const now = await sg("2025-06-25");
    expect(now.data?.organisation?.officeHolders.edges.map((e) => [e.node.person.name, e.certainty, e.confirmedUntil])).toEqual([
      ["Nurlan Yermekbayev", "PRESUMED", "2025-01-01"],
    ]);
    expect((await sg("2024-12-31")).data?.organisation?.officeHolders.edges.map((e) => e.node.person.name)).toEqual(["Zhang Ming"]);
  });
});

describe("memberships follow the same rule", () => {
  it("the SCO's members on the day of the Qingdao meeting are CERTAIN, in 2030 only PRESUMED", async () => {
    const members = ["CN", "KZ", "KG", "RU", "TJ", "UZ", "IN", "PK", "IR", "BY"];
    const onDay = await run(yoga, MemberStatesOnDocument, { acronym: "SCO", asOf: "2025-06-25" });
    expect(onDay.data?.organisation?.memberStates.edges.map((e) => [e.node.code, e.certainty, e.confirmedUntil])).toEqual(
      members.map((c) => [c, "CERTAIN", "2025-06-25"]),
    );
    const later = await run(yoga, MemberStatesOnDocument, { acronym: "SCO", asOf: "2030" });
    expect(later.data?.organisation?.memberStates.edges.map((e) => [e.node.code, e.certainty])).toEqual(members.map((c) => [c, "PRESUMED"]));
    const certain = await run(yoga, MemberStatesOnDocument, { acronym: "SCO", asOf: "2030", certainOnly: true });
    expect(certain.data?.organisation?.memberStates).toEqual({ totalCount: 0, edges: [] });
  });

  it("a dialogue partner listed in a June 2023 report is CERTAIN on its publication day only", async () => {
    const armenia = async (asOf: string) =>
      (await run(yoga, MembershipHistoryDocument, { code: "AM", asOf })).data?.country?.memberships.edges.map((e) => [e.certainty, e.confirmedUntil]);
    expect(await armenia("2023-06-02")).toEqual([["CERTAIN", "2023-06-02"]]);
    expect(await armenia("2023-06-01")).toEqual([["POSSIBLE", "2023-06-02"]]);
    expect(await armenia("2024")).toEqual([["PRESUMED", "2023-06-02"]]);
  });

  it("memberships(asOf:) { totalCount } answers without selecting anything of the node", async () => {
    const result = await execute(
      yoga,
      `{ organisation(acronym: "SCO") { memberships(asOf: "2025-06-25") { totalCount } certain: memberships(asOf: "2025-06-25", certainOnly: true) { totalCount } }
         country(code: "BY") { memberships(asOf: "2024") { totalCount edges { certainty confirmedUntil } } } }`,
    );
    expect(result).toEqual({
      status: 200,
      data: {
        // 10 members, 2 observers with no date, 8 dialogue partners; of those, the members are certain.
        organisation: { memberships: { totalCount: 20 }, certain: { totalCount: 10 } },
        country: {
          memberships: {
            totalCount: 2,
            edges: [
              { certainty: "POSSIBLE", confirmedUntil: "2024-07-03" },
              { certainty: "POSSIBLE", confirmedUntil: "2025-06-25" },
            ],
          },
        },
      },
    });
  });
});

describe("the bounds follow every write", () => {
  let editorKey = "";
  beforeAll(async () => {
    editorKey = (await createApiKey(db(), { name: "certainty editor", role: "EDITOR" })).key;
  });

  it("a new successor ends Dong Jun's presumption; a citation that attests a later day extends his certainty", async () => {
    const created = await execute(
      yoga,
      `mutation($input: TenureInput!) { createTenure(input: $input) { __typename ... on MutationCreateTenureSuccess { data { id } } ... on UserError { code message } } }`,
      {
        input: {
          person: "wang-yi", portfolio: "DEFENCE", country: "CN", title: "Minister of National Defense", from: "2031",
          sources: [{ newSource: { url: "https://example.org/cn-defence-2031", title: "A future report", publisher: "Example", published: "2031-03-01" } }],
        },
      },
      { authorization: `Bearer ${editorKey}` },
    );
    expect(created.data).toEqual({ createTenure: { __typename: "MutationCreateTenureSuccess", data: { id: expect.any(String) } } });
    const names = async (asOf: string) =>
      (await chinaDefence(asOf)).data?.country?.officeHolders.edges.map((e) => [e.node.person.name, e.certainty]);
    expect(await names("2030")).toEqual([["Dong Jun", "PRESUMED"]]);
    // "2031": the successor began on some day of 2031, so either may hold the office then.
    expect(await names("2031-06")).toEqual([["Wang Yi", "POSSIBLE"], ["Dong Jun", "POSSIBLE"]]);
    expect(await names("2032")).toEqual([["Wang Yi", "PRESUMED"]]);
    expect(await names("2040")).toEqual([["Wang Yi", "PRESUMED"]]);

    // A source that shows Dong Jun in office in 2028 makes him certain up to then.
    const { rows } = await pgQuery(`SELECT t.id, t.version FROM "Tenure" t JOIN "Person" p ON p.id = t."personId" WHERE p.slug = 'dong-jun'`);
    const tenureId = Buffer.from(`Tenure:${rows[0].id}`).toString("base64");
    const cited = await execute(
      yoga,
      `mutation($id: ID!, $version: Int!, $input: TenurePatch!) { updateTenure(id: $id, version: $version, input: $input) { __typename ... on UserError { code message } } }`,
      {
        id: tenureId,
        version: rows[0].version,
        input: { addSources: [{ newSource: { url: "https://example.org/dong-2028", title: "Later report", publisher: "Example" }, attests: "2028-05-04" }] },
      },
      { authorization: `Bearer ${editorKey}` },
    );
    expect(cited.data).toEqual({ updateTenure: { __typename: "MutationUpdateTenureSuccess" } });
    expect((await chinaDefence("2028-05-04")).data?.country?.officeHolders.edges).toEqual([
      { certainty: "CERTAIN", confirmedUntil: "2028-05-04", node: expect.objectContaining({ person: { name: "Dong Jun" } }) },
    ]);
    expect(await names("2028-05-05")).toEqual([["Dong Jun", "PRESUMED"]]);
  });

  it("two writers adding holders of one office at once both see each other's row (the office is locked)", async () => {
    const a = new pg.Client({ connectionString: process.env.DATABASE_URL });
    const b = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await Promise.all([a.connect(), b.connect()]);
    try {
      const insert = (client: pg.Client, slug: string, from: string) =>
        client.query(
          `INSERT INTO "Tenure" ("personId", portfolio, title, "countryId", "fromDate", "fromPrecision", "updatedAt")
           SELECT p.id, 'FOREIGN_AFFAIRS', 'Minister of Foreign Affairs', c.id, $2::date, 'DAY', now()
             FROM "Person" p, "Country" c WHERE p.slug = $1 AND c.code = 'KZ'`,
          [slug, from],
        );
      await a.query("BEGIN");
      await b.query("BEGIN");
      await insert(a, "wang-yi", "2026-01-10");
      // b's trigger waits for a's lock on the office, then recomputes with a's row committed.
      const bWrites = insert(b, "zhang-ming", "2027-02-01");
      await new Promise((r) => setTimeout(r, 200));
      await a.query("COMMIT");
      await bWrites;
      await b.query("COMMIT");
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    const { rows } = await pgQuery(
      `SELECT p.slug, t."startEarliest"::text, t."endLatest"::text, t."presumedUntil"::text FROM "Tenure" t JOIN "Person" p ON p.id = t."personId"
        WHERE t.portfolio = 'FOREIGN_AFFAIRS' AND t."countryId" = (SELECT id FROM "Country" WHERE code = 'KZ') ORDER BY t."fromDate"`,
    );
    expect(rows).toEqual([
      { slug: "wang-yi", startEarliest: "2026-01-10", endLatest: "2027-01-31", presumedUntil: "2027-01-31" },
      { slug: "zhang-ming", startEarliest: "2027-02-01", endLatest: null, presumedUntil: null },
    ]);
  });
});

async function pgQuery(sql: string) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
