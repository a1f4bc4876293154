import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../src/db.ts";
import { databaseErrorToUserError } from "../src/domain/db-errors.ts";
import { DatasetInvalidError, parseDataset } from "../src/domain/dataset.ts";
import { isUnchanged, loadDataset } from "../src/domain/ingest.ts";
import { seed } from "../src/seed.ts";
import { createServer } from "../src/yoga.ts";
import { execute } from "./helpers/graphql.ts";

const yoga = createServer();
afterAll(() => disconnectDb());

async function rowCounts() {
  const p = db();
  return {
    sources: await p.source.count(),
    countries: await p.country.count(),
    organisations: await p.organisation.count(),
    memberships: await p.membership.count(),
    people: await p.person.count(),
    tenures: await p.tenure.count(),
    summits: await p.summit.count(),
    attendances: await p.attendance.count(),
    engagements: await p.engagement.count(),
    participants: await p.engagementParticipant.count(),
    incidents: await p.incident.count(),
    statements: await p.statement.count(),
    citations: await p.citation.count(),
  };
}

describe("seed", () => {
  it("is idempotent: a second run changes nothing and reports everything unchanged", async () => {
    const before = await rowCounts();
    expect(before).toEqual({
      sources: 24, countries: 20, organisations: 1, memberships: 22, people: 9, tenures: 8, summits: 9,
      attendances: 17, engagements: 6, participants: 13, incidents: 1, statements: 3, citations: 86,
    });
    const report = await seed(db());
    expect(isUnchanged(report)).toBe(true);
    expect(report.memberships).toEqual({ created: 0, updated: 0, unchanged: 22 });
    expect(await rowCounts()).toEqual(before);
  });

  it("cites at least one source for every fact row", async () => {
    const uncited = await db().$queryRaw<{ kind: string; n: bigint }[]>`
      SELECT 'membership' AS kind, count(*) AS n FROM "Membership" m WHERE NOT EXISTS (SELECT 1 FROM "Citation" c WHERE c."membershipId" = m.id)
      UNION ALL SELECT 'tenure', count(*) FROM "Tenure" t WHERE NOT EXISTS (SELECT 1 FROM "Citation" c WHERE c."tenureId" = t.id)
      UNION ALL SELECT 'summit', count(*) FROM "Summit" s WHERE NOT EXISTS (SELECT 1 FROM "Citation" c WHERE c."summitId" = s.id)
      UNION ALL SELECT 'attendance', count(*) FROM "Attendance" a WHERE NOT EXISTS (SELECT 1 FROM "Citation" c WHERE c."attendanceId" = a.id)
      UNION ALL SELECT 'engagement', count(*) FROM "Engagement" e WHERE NOT EXISTS (SELECT 1 FROM "Citation" c WHERE c."engagementId" = e.id)
      UNION ALL SELECT 'incident', count(*) FROM "Incident" i WHERE NOT EXISTS (SELECT 1 FROM "Citation" c WHERE c."incidentId" = i.id)
      UNION ALL SELECT 'statement', count(*) FROM "Statement" s WHERE NOT EXISTS (SELECT 1 FROM "Citation" c WHERE c."statementId" = s.id)`;
    expect(uncited.map((r) => [r.kind, Number(r.n)])).toEqual([
      ["membership", 0], ["tenure", 0], ["summit", 0], ["attendance", 0], ["engagement", 0], ["incident", 0], ["statement", 0],
    ]);
  });
});

describe("duplicates", () => {
  it("refuses a duplicate membership in the database with a DUPLICATE error, even with an unknown start date", async () => {
    const afghanistan = await db().membership.findFirstOrThrow({ where: { country: { code: "AF" } } });
    expect(afghanistan.fromDate).toBeNull();
    const error = await db()
      .membership.create({
        data: { organisationId: afghanistan.organisationId, countryId: afghanistan.countryId, status: "OBSERVER" },
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(databaseErrorToUserError(error)?.toJSON()).toEqual({
      message: "This membership (organisation, country, status and start date) is already recorded.",
      extensions: { code: "DUPLICATE", model: "Membership", constraint: "Membership_natural_key" },
    });
    expect(await db().membership.count({ where: { countryId: afghanistan.countryId } })).toBe(1);
  });

  it("refuses a dataset that states the same membership twice, naming both rows", () => {
    const row = "{ organisation: SCO, country: IN, status: MEMBER, from: '2017-06-09', sources: [x] }";
    const attempt = () =>
      parseDataset([
        { name: "a.yaml", text: `memberships:\n  - ${row}\n` },
        { name: "b.yaml", text: `memberships:\n  - ${row}\n` },
      ]);
    expect(attempt).toThrow(DatasetInvalidError);
    try {
      attempt();
    } catch (e) {
      expect((e as DatasetInvalidError).issues).toEqual([
        {
          file: "b.yaml",
          path: "memberships[0]",
          message: "duplicate membership (SCO IN MEMBER from 2017-06-09); already stated at a.yaml: memberships[0]",
        },
      ]);
    }
  });
});

describe("partial dates", () => {
  it("stores a year-only date as a year and returns it as \"2018\", never as 2018-01-01", async () => {
    const dataset = parseDataset([
      {
        name: "year.yaml",
        text: `
sources:
  - { ref: s, url: "https://example.org/year-only", title: Year-only report, publisher: Example }
memberships:
  - { organisation: SCO, country: MN, status: DIALOGUE_PARTNER, from: "2018", to: "2018-11", sources: [s] }
`,
      },
    ]);
    await loadDataset(db(), dataset);
    const row = await db().membership.findFirstOrThrow({ where: { country: { code: "MN" }, status: "DIALOGUE_PARTNER" } });
    expect([row.fromDate?.toISOString(), row.fromPrecision]).toEqual(["2018-01-01T00:00:00.000Z", "YEAR"]);

    const result = await execute(
      yoga,
      `{ country(code: "MN") { memberships(status: [DIALOGUE_PARTNER]) { edges { node { status from to sources { url } } } } } }`,
    );
    expect(result).toEqual({
      status: 200,
      data: {
        country: {
          memberships: {
            edges: [
              { node: { status: "DIALOGUE_PARTNER", from: "2018", to: "2018-11", sources: [{ url: "https://example.org/year-only" }] } },
            ],
          },
        },
      },
    });
  });

  it("refuses a date that does not exist, with its position in the data file", () => {
    expect(() =>
      parseDataset([{ name: "bad.yaml", text: "incidents:\n  - { slug: x, name: X, kind: OTHER, start: '2025-02-30', sources: [s] }\n" }]),
    ).toThrow("bad.yaml: incidents[0].start: must be a date: YYYY, YYYY-MM or YYYY-MM-DD");
  });
});

describe("traversal", () => {
  let qingdaoId: string;
  beforeAll(async () => {
    const r = await execute<{ summit: { id: string } }>(yoga, `{ summit(slug: "sco-dmm-2025-qingdao") { id } }`);
    qingdaoId = r.data!.summit.id;
  });

  it("traverses SCO -> member states -> India -> its engagements at Qingdao, with sources", async () => {
    const result = await execute(
      yoga,
      `query Traverse($qingdao: ID!) {
        organisation(acronym: "SCO") {
          name
          memberships(first: 50, status: [MEMBER]) {
            totalCount
            edges { node { from country { code } } }
          }
          india: memberships(first: 1, status: [MEMBER]) { edges { node { country { name } } } }
        }
        country(code: "IN") {
          name
          engagements(summit: $qingdao, first: 10) {
            totalCount
            edges {
              role
              node {
                title kind formality status date place
                summit { name start end hostCountry { code } }
                participants { totalCount edges { node { role country { code } person { name } } } }
                sources { publisher url }
                corroboration
              }
            }
          }
        }
      }`,
      { qingdao: qingdaoId },
    );
    expect(result.errors).toBeUndefined();
    const sco = (result.data as any).organisation;
    expect(sco.name).toBe("Shanghai Cooperation Organisation");
    expect(sco.memberships.totalCount).toBe(10);
    expect(sco.memberships.edges.map((e: any) => `${e.node.country.code} ${e.node.from}`)).toEqual([
      "CN 2001-06-15", "KZ 2001-06-15", "KG 2001-06-15", "RU 2001-06-15", "TJ 2001-06-15", "UZ 2001-06-15",
      "IN 2017-06-09", "PK 2017-06-09", "IR 2023-07-04", "BY 2024-07-04",
    ]);
    const qingdao = { name: "SCO Defence Ministers' Meeting 2025", start: "2025-06-25", end: "2025-06-26", hostCountry: { code: "CN" } };
    const article = { publisher: "PEN", url: "urn:summitry:seed:000_10a016cd793c5963" };
    expect((result.data as any).country).toEqual({
      name: "India",
      engagements: {
        totalCount: 2,
        edges: [
          {
            role: "GUEST",
            node: {
              title: "Dong Jun receives Rajnath Singh",
              kind: "COURTESY_CALL",
              formality: "FORMAL",
              status: "HELD",
              date: "2025-06-25",
              place: "Qingdao",
              summit: qingdao,
              participants: {
                totalCount: 2,
                edges: [
                  { node: { role: "HOST", country: { code: "CN" }, person: { name: "Dong Jun" } } },
                  { node: { role: "GUEST", country: { code: "IN" }, person: { name: "Rajnath Singh" } } },
                ],
              },
              sources: [
                { publisher: "NDTV", url: "https://www.ndtv.com/india-news/rajnath-singh-arrives-for-sco-defence-ministers-meet-in-qingdao-8763488" },
              ],
              corroboration: 1,
            },
          },
          {
            role: "PARTICIPANT",
            node: {
              title: "Possible India-Pakistan encounter at Qingdao",
              kind: "INFORMAL_ENCOUNTER",
              formality: "INFORMAL",
              status: "SPECULATED",
              date: "2025-06",
              place: "Qingdao",
              summit: qingdao,
              participants: {
                totalCount: 2,
                edges: [
                  { node: { role: "PARTICIPANT", country: { code: "IN" }, person: { name: "Rajnath Singh" } } },
                  { node: { role: "PARTICIPANT", country: { code: "PK" }, person: { name: "Khawaja Muhammad Asif" } } },
                ],
              },
              sources: [article],
              corroboration: 1,
            },
          },
        ],
      },
    });
  });

  it("refetches any entity by its global ID through node(id:)", async () => {
    const result = await execute(yoga, `query($id: ID!) { node(id: $id) { __typename ... on Summit { slug city region } } }`, {
      id: qingdaoId,
    });
    expect(result.data).toEqual({ node: { __typename: "Summit", slug: "sco-dmm-2025-qingdao", city: "Qingdao", region: "Shandong" } });
  });

  it("answers who was Pakistan's defence minister on 2025-06-25, with the source", async () => {
    const result = await execute(
      yoga,
      `{ country(code: "PK") { officeHolders(portfolio: DEFENCE, asOf: "2025-06-25") { edges { certainty node { portfolio title from person { name } sources { publisher } } } } } }`,
    );
    expect(result.data).toEqual({
      country: {
        officeHolders: {
          edges: [
            {
              certainty: "CERTAIN",
              node: {
                portfolio: "DEFENCE",
                title: "Federal Minister for Defence",
                from: "2024-03-11",
                person: { name: "Khawaja Muhammad Asif" },
                sources: [{ publisher: "The Nation" }, { publisher: "PEN" }],
              },
            },
          ],
        },
      },
    });
  });

  it("answers an unknown country code with null and a malformed one with a BAD_USER_INPUT error", async () => {
    expect((await execute(yoga, `{ country(code: "ZZ") { name } }`)).data).toEqual({ country: null });
    const bad = await execute(yoga, `{ country(code: "India") { name } }`);
    expect(bad.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ['"India" is not an ISO 3166-1 alpha-2 country code', "BAD_USER_INPUT"],
    ]);
  });
});
