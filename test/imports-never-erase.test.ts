// Imports and writes that never erase (issue 11, part 4): a row changes the fields it names and
// nothing else, an explicit null clears one, the dry run lists each change per row, rows already
// in the database are matched (sources also by the ref they were loaded with), and attendance and
// a summit's series can be written through mutations. Whole answers, on the seed, via yoga.fetch.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../src/db.ts";
import { createApiKey } from "../src/domain/api-keys.ts";
import { createServer } from "../src/yoga.ts";
import { execute } from "./helpers/graphql.ts";

const yoga = createServer();
afterAll(() => disconnectDb());

let admin = "";
let editor = "";
beforeAll(async () => {
  admin = (await createApiKey(db(), { name: "import admin", role: "ADMIN" })).key;
  editor = (await createApiKey(db(), { name: "import editor", role: "EDITOR" })).key;
});
const as = (key: string) => ({ authorization: `Bearer ${key}` });

const IMPORT = `
  mutation Import($dataset: String!, $dryRun: Boolean) {
    importDataset(dataset: $dataset, dryRun: $dryRun) {
      __typename
      ... on ImportReport { dryRun rows { entity key action fields { field before after } } }
      ... on InvalidDatasetError { code issues { file path message } }
    }
  }`;
const importing = (dataset: string, dryRun = false) => execute<any>(yoga, IMPORT, { dataset, dryRun }, as(admin));

const QINGDAO = `{ summit(slug: "sco-dmm-2025-qingdao") {
  name start end city region note hostPerson { slug } series { slug } corroboration
  attendance { totalCount edges { node { country { code } person { slug } role mode } } } } }`;
const qingdao = async () => (await execute(yoga, QINGDAO)).data?.summit as Record<string, any>;

describe("a row changes the fields it names and nothing else", () => {
  it("adds one attendance row to a summit without touching its end, region, host, series or note", async () => {
    const before = await qingdao();
    const dataset = `
summits:
  - slug: sco-dmm-2025-qingdao
    attendance:
      - { country: TJ, role: DELEGATE, mode: IN_PERSON, sources: [article-qingdao-2025] }
`;
    const dry = await importing(dataset, true);
    expect(dry.data).toEqual({
      importDataset: {
        __typename: "ImportReport",
        dryRun: true,
        rows: [
          {
            entity: "attendance",
            key: "sco-dmm-2025-qingdao TJ",
            action: "CREATE",
            fields: [
              { field: "summitId", before: null, after: expect.any(String) },
              { field: "countryId", before: null, after: expect.any(String) },
              { field: "role", before: null, after: "DELEGATE" },
              { field: "mode", before: null, after: "IN_PERSON" },
            ],
          },
          { entity: "citations", key: expect.stringMatching(/^attendance \d+ <- article-qingdao-2025$/), action: "CREATE", fields: expect.any(Array) },
        ],
      },
    });
    expect(await qingdao()).toEqual(before);

    expect((await importing(dataset)).data?.importDataset.__typename).toBe("ImportReport");
    const after = await qingdao();
    expect(after).toEqual({
      ...before,
      attendance: {
        totalCount: before.attendance.totalCount + 1,
        edges: [...before.attendance.edges, { node: { country: { code: "TJ" }, person: null, role: "DELEGATE", mode: "IN_PERSON" } }],
      },
    });
    expect(before).toMatchObject({ end: "2025-06-26", region: "Shandong", hostPerson: { slug: "dong-jun" }, series: { slug: "sco-defence-ministers-meeting" } });
  });

  it("shows each field a row would change, before -> after, and clears a field named null", async () => {
    const dataset = `
summits:
  - { slug: sco-dmm-2025-qingdao, end: "2025-06-27", region: null }
`;
    const dry = await importing(dataset, true);
    expect(dry.data?.importDataset).toEqual({
      __typename: "ImportReport",
      dryRun: true,
      rows: [
        {
          entity: "summits",
          key: "sco-dmm-2025-qingdao",
          action: "UPDATE",
          fields: [
            { field: "region", before: "Shandong", after: null },
            { field: "endDate", before: "2025-06-26", after: "2025-06-27" },
          ],
        },
      ],
    });
    expect((await qingdao()).region).toBe("Shandong");
    await importing(dataset);
    expect(await qingdao()).toMatchObject({ end: "2025-06-27", region: null, note: expect.any(String), hostPerson: { slug: "dong-jun" } });
  });

  it("a new row still has to name what it needs, and says which field", async () => {
    const result = await importing(`summits:\n  - { slug: sco-dmm-2031-nowhere, city: Nowhere }\n`);
    expect(result.data?.importDataset).toEqual({
      __typename: "InvalidDatasetError",
      code: "INVALID_DATASET",
      issues: ["name", "organisation", "host", "start", "sources"].map((f) => ({
        file: "dataset.yaml",
        path: `summits[0].${f}`,
        message: "is required: no summit matches (sco-dmm-2031-nowhere), so this row creates one",
      })),
    });
  });
});

describe("rows already in the database are matched", () => {
  it("matches an existing series and source, and cites a source by the ref it was loaded with or by URL", async () => {
    const dataset = `
sources:
  - { ref: article-qingdao-2025 }
series:
  - { slug: sco-defence-ministers-meeting }
statements:
  - slug: test-statement-by-ref
    date: "2025-06-25"
    summary: A test statement citing the Qingdao report by its ref.
    sources: [article-qingdao-2025, "https://www.ndtv.com/india-news/rajnath-singh-arrives-for-sco-defence-ministers-meet-in-qingdao-8763488"]
`;
    const result = await importing(dataset);
    expect(result.data?.importDataset.rows.map((r: any) => [r.entity, r.action])).toEqual([
      ["statements", "CREATE"],
      ["citations", "CREATE"],
      ["citations", "CREATE"],
    ]);
    const statement = await execute<any>(yoga, `{ statements(filter: { topic: null }, first: 100) { edges { node { summary sources { publisher } } } } }`);
    expect(statement.data?.statements.edges.filter((e: any) => e.node.summary.includes("by its ref"))).toEqual([
      { node: { summary: "A test statement citing the Qingdao report by its ref.", sources: [{ publisher: "PEN" }, { publisher: "NDTV" }] } },
    ]);
  });

  it("keeps a ref for the source first loaded with it; a file reusing it means its own source", async () => {
    const dataset = `
sources:
  - { ref: article-qingdao-2025, url: "https://example.org/other", title: Other, publisher: Example }
statements:
  - { slug: test-statement-local-ref, date: "2025-06-25", summary: A test statement citing a file-local ref., sources: [article-qingdao-2025] }
`;
    expect((await importing(dataset)).data?.importDataset.__typename).toBe("ImportReport");
    const result = await execute<any>(yoga, `{ source(ref: "article-qingdao-2025") { url } other: source(url: "https://example.org/other") { ref citations { edges { node { fact { ... on Statement { summary } } } } } } }`);
    expect(result.data).toEqual({
      source: { url: "urn:summitry:seed:000_10a016cd793c5963" },
      other: { ref: null, citations: { edges: [{ node: { fact: { summary: "A test statement citing a file-local ref." } } }] } },
    });
  });
});

describe("mutations for attendance and a summit's series", () => {
  const ADD = `mutation($summit: ID!, $input: AttendanceInput!) { addAttendance(summit: $summit, input: $input) {
    __typename ... on MutationAddAttendanceSuccess { data { country { code } person { slug } role mode sources { publisher } } }
    ... on UserError { code message } ... on ValidationError { fieldErrors { path message } } } }`;
  const summitId = async (slug: string) => (await execute(yoga, `{ summit(slug: "${slug}") { id version } }`)).data?.summit as { id: string; version: number };

  it("adds attendance to an existing summit, refuses it twice, and refuses a person of another country", async () => {
    const { id } = await summitId("sco-dmm-2024-astana");
    const input = { country: "CN", person: "dong-jun", role: "DELEGATE", mode: "IN_PERSON", sources: [{ source: "urn:summitry:seed:000_10a016cd793c5963" }] };
    const before = (await execute<any>(yoga, `{ summit(slug: "sco-dmm-2024-astana") { name start city series { slug } attendance { totalCount } } }`)).data;
    const cn = await execute(yoga, ADD, { summit: id, input }, as(editor));
    expect(cn.data).toEqual({
      addAttendance: { __typename: "MutationAddAttendanceSuccess", data: { country: { code: "CN" }, person: { slug: "dong-jun" }, role: "DELEGATE", mode: "IN_PERSON", sources: [{ publisher: "PEN" }] } },
    });
    const after = (await execute(yoga, `{ summit(slug: "sco-dmm-2024-astana") { name start city series { slug } attendance { totalCount } } }`)).data;
    expect(after).toEqual({ summit: { ...before!.summit, attendance: { totalCount: 1 } } });
    expect((await execute(yoga, ADD, { summit: id, input }, as(editor))).data?.addAttendance).toMatchObject({
      __typename: "DuplicateError",
      code: "DUPLICATE",
    });
    const wrong = await execute(yoga, ADD, { summit: id, input: { ...input, country: "IN", person: "khawaja-muhammad-asif" } }, as(editor));
    expect(wrong.data?.addAttendance).toEqual({
      __typename: "ValidationError",
      code: "VALIDATION_FAILED",
      message: expect.any(String),
      fieldErrors: [{ path: ["input", "person"], message: "khawaja-muhammad-asif belongs to another country than IN" }],
    });
  });

  it("changes a summit's series, clears it with null, and refuses another organisation's series", async () => {
    const UPDATE = `mutation($id: ID!, $version: Int!, $input: SummitPatch!) { updateSummit(id: $id, version: $version, input: $input) {
      __typename ... on MutationUpdateSummitSuccess { data { series { slug } region end } } ... on ValidationError { code fieldErrors { path message } } } }`;
    const before = await summitId("sco-nsa-2025-beijing");
    const cleared = await execute(yoga, UPDATE, { id: before.id, version: before.version, input: { series: null } }, as(editor));
    expect(cleared.data).toEqual({ updateSummit: { __typename: "MutationUpdateSummitSuccess", data: { series: null, region: null, end: null } } });
    const set = await execute<any>(yoga, UPDATE, { id: before.id, version: before.version + 1, input: { series: "sco-security-council-secretaries-meeting" } }, as(editor));
    expect(set.data?.updateSummit.data.series).toEqual({ slug: "sco-security-council-secretaries-meeting" });

    await importing(`organisations:\n  - { acronym: CSTO, name: Collective Security Treaty Organization, kind: MILITARY_ALLIANCE, sources: [article-qingdao-2025] }\nseries:\n  - { slug: csto-defence-ministers, name: CSTO defence ministers, organisation: CSTO }\n`);
    const other = await execute(yoga, UPDATE, { id: before.id, version: before.version + 2, input: { series: "csto-defence-ministers" } }, as(editor));
    expect(other.data?.updateSummit).toEqual({
      __typename: "ValidationError",
      code: "VALIDATION_FAILED",
      fieldErrors: [{ path: ["input", "series"], message: "the series belongs to another organisation than the summit" }],
    });
  });
});

describe("a participant speaks for their own country", () => {
  it("refuses an engagement participant whose person belongs to another country, in a mutation and in an import", async () => {
    const CREATE = `mutation($input: EngagementInput!) { createEngagement(input: $input) { __typename ... on ValidationError { code fieldErrors { path message } } } }`;
    const input = {
      slug: "mismatched-participant", title: "Test", kind: "MULTILATERAL_MEETING", formality: "FORMAL", status: "HELD", date: "2025-06-25",
      participants: [{ country: "IN", person: "khawaja-muhammad-asif", role: "PARTICIPANT" }, { country: "PK", role: "PARTICIPANT" }],
      sources: [{ source: "urn:summitry:seed:000_10a016cd793c5963" }],
    };
    expect((await execute(yoga, CREATE, { input }, as(editor))).data).toEqual({
      createEngagement: {
        __typename: "ValidationError",
        code: "VALIDATION_FAILED",
        fieldErrors: [{ path: ["input", "participants", "0", "person"], message: "khawaja-muhammad-asif belongs to another country than IN" }],
      },
    });
    const imported = await importing(`engagements:\n  - slug: mismatched-participant\n    title: Test\n    kind: MULTILATERAL_MEETING\n    formality: FORMAL\n    status: HELD\n    date: "2025-06-25"\n    participants: [{ country: PK, person: rajnath-singh, role: PARTICIPANT }]\n    sources: [article-qingdao-2025]\n`);
    expect(imported.data?.importDataset).toEqual({
      __typename: "InvalidDatasetError",
      code: "INVALID_DATASET",
      issues: [{ file: "dataset.yaml", path: "engagements[0].participants[0].person", message: "rajnath-singh belongs to another country than PK" }],
    });
  });
});
