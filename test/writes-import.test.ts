// Bulk import (`npm run import` and the importDataset mutation), the change events it publishes
// and the change log it leaves (`changes`). The command runs as a child process against this
// file's database; the mutation goes through yoga.fetch.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../src/db.ts";
import { createApiKey } from "../src/domain/api-keys.ts";
import { readDataset } from "../src/domain/dataset.ts";
import { addChangePublisher, type ChangeEvent } from "../src/domain/events.ts";
import { entityNames } from "../src/domain/ingest.ts";
import { seedDataDir } from "../src/seed.ts";
import { createServer } from "../src/yoga.ts";
import { runScript } from "./helpers/cli.ts";
import { execute } from "./helpers/graphql.ts";

const yoga = createServer();
let dir: string;
let admin: string;
let editor: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "summitry-import-"));
  admin = (await createApiKey(db(), { name: "test admin", role: "ADMIN" })).key;
  editor = (await createApiKey(db(), { name: "test editor", role: "EDITOR" })).key;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await yoga.dispose();
  await disconnectDb();
});

/**
 * `npm run import -- ...args`, against this file's database. Each run starts Node
 * and tsx (a second, more on a busy machine), so describes that run several allow 60 s.
 */
const importCli = (...args: string[]) => runScript("scripts/import.ts", args);

/** Write data files into a fresh folder of the temporary directory; returns the folder. */
async function dataFolder(name: string, files: Record<string, string>) {
  const folder = join(dir, name);
  await mkdir(folder);
  for (const [file, text] of Object.entries(files)) await writeFile(join(folder, file), text);
  return folder;
}

/**
 * Every table's row count and a checksum of all its rows (every column, in a fixed order): two
 * equal states are the same data. Sequences are left out: a rolled-back insert still uses up ids.
 */
async function databaseState() {
  const tables = await db().$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
     ORDER BY table_name`;
  const state: Record<string, { rows: number; checksum: string }> = {};
  for (const { name } of tables) {
    const [row] = await db().$queryRawUnsafe<{ rows: number; checksum: string }[]>(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS checksum FROM "${name}" t`,
    );
    state[name] = row!;
  }
  return state;
}

const IMPORT = `
  mutation Import($dataset: String!, $format: DatasetFormat, $dryRun: Boolean) {
    importDataset(dataset: $dataset, format: $format, dryRun: $dryRun) {
      __typename
      ... on ImportReport { dryRun unchanged entities { entity created updated unchanged } }
      ... on InvalidDatasetError { code message issues { file path message } }
      ... on ValidationError { code message fieldErrors { path message } }
    }
  }`;

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** Data files as one document, as importDataset takes it: each kind's rows in file order. */
function oneDocument(...files: string[]) {
  const merged: Record<string, unknown[]> = {};
  for (const file of files) {
    for (const [kind, rows] of Object.entries(parseYaml(file) as Record<string, unknown[]>)) (merged[kind] ??= []).push(...rows);
  }
  return stringifyYaml(merged);
}

/** The report's entities: every kind of row, zero unless given. */
function entities(counts: Partial<Record<(typeof entityNames)[number], [created: number, updated: number, unchanged: number]>>) {
  return entityNames.map((entity) => {
    const [created, updated, unchanged] = counts[entity] ?? [0, 0, 0];
    return { entity, created, updated, unchanged };
  });
}

// New facts: a source, a person, two engagements.
const NEW_FACTS = `
sources:
  - { ref: test-report, url: "https://example.org/reports/tashkent-2025", title: Tashkent talks, publisher: Example Wire }
people:
  - { slug: test-envoy, name: Test Envoy, country: UZ }
engagements:
  - slug: tashkent-2025-uz-in-talks
    title: Uzbekistan and India hold talks in Tashkent
    kind: BILATERAL_MEETING
    formality: FORMAL
    status: HELD
    date: "2025-07-10"
    place: Tashkent
    placeCountry: UZ
    participants:
      - { country: UZ, person: test-envoy, role: HOST }
      - { country: IN, person: rajnath-singh, role: GUEST }
    sources: [test-report]
  - slug: tashkent-2025-uz-kz-talks
    title: Uzbekistan and Kazakhstan hold talks in Tashkent
    kind: BILATERAL_MEETING
    formality: FORMAL
    status: SPECULATED
    date: "2025-07"
    participants:
      - { country: UZ, role: HOST }
      - { country: KZ, role: GUEST }
    sources: [test-report]
`;
// The same, but the second engagement's last participant is in a country the database does not
// know: the very last row the loader reaches.
const LAST_ROW_FAILS = NEW_FACTS.replace("{ country: KZ, role: GUEST }", "{ country: ZZ, role: GUEST }");

// Changes an existing engagement of the seed (its summary), citing a seed source by URL.
const SEED_ENGAGEMENT = "qingdao-2025-india-pakistan-informal";
const UPDATE_SEED_ENGAGEMENT = `
engagements:
  - slug: ${SEED_ENGAGEMENT}
    title: Possible India-Pakistan encounter at Qingdao
    kind: INFORMAL_ENCOUNTER
    formality: INFORMAL
    status: SPECULATED
    date: "2025-06"
    place: Qingdao
    placeCountry: CN
    summit: sco-dmm-2025-qingdao
    summary: Reported as possible; neither side confirmed an exchange.
    participants:
      - { country: IN, person: rajnath-singh, role: PARTICIPANT }
      - { country: PK, person: khawaja-muhammad-asif, role: PARTICIPANT }
    sources: ["urn:summitry:seed:000_10a016cd793c5963"]
`;

describe("an import that fails on its last row", { timeout: 60_000 }, () => {
  it("leaves every table exactly as before, from the command line", async () => {
    const folder = await dataFolder("last-row-fails", {
      "10-update.yaml": UPDATE_SEED_ENGAGEMENT,
      "20-new.yaml": LAST_ROW_FAILS,
    });
    const before = await databaseState();
    expect(Object.keys(before)).toEqual(expect.arrayContaining(["ApiKey", "ChangeLog", "Citation", "Engagement", "EngagementParticipant", "EngagementStatusChange", "Person", "Source"]));
    expect(await importCli(folder)).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "The dataset is invalid (1 problem); nothing was written:\n" +
        '  20-new.yaml: engagements[1].participants[1].country: unknown country "ZZ"\n',
    });
    expect(await databaseState()).toEqual(before);
  });

  it("leaves every table exactly as before, through importDataset", async () => {
    const before = await databaseState();
    expect(await execute(yoga, IMPORT, { dataset: oneDocument(UPDATE_SEED_ENGAGEMENT, LAST_ROW_FAILS) }, bearer(admin))).toEqual({
      status: 200,
      data: {
        importDataset: {
          __typename: "InvalidDatasetError",
          code: "INVALID_DATASET",
          message: "The dataset is invalid (1 problem); nothing was written.",
          issues: [{ file: "dataset.yaml", path: "engagements[2].participants[1].country", message: 'unknown country "ZZ"' }],
        },
      },
    });
    expect(await databaseState()).toEqual(before);
  });
});

describe("re-importing the seed", { timeout: 60_000 }, () => {
  it("reports everything unchanged and writes nothing, from the command line", async () => {
    const before = await databaseState();
    expect(await importCli(seedDataDir)).toEqual({
      code: 0,
      stdout: [
        `Imported ${seedDataDir} as "import".`,
        "sources          created 0  updated 0  unchanged 24",
        "countries        created 0  updated 0  unchanged 20",
        "organisations    created 0  updated 0  unchanged 1",
        "memberships      created 0  updated 0  unchanged 22",
        "people           created 0  updated 0  unchanged 9",
        "tenures          created 0  updated 0  unchanged 8",
        "series           created 0  updated 0  unchanged 2",
        "summits          created 0  updated 0  unchanged 9",
        "attendance       created 0  updated 0  unchanged 17",
        "engagements      created 0  updated 0  unchanged 6",
        "participants     created 0  updated 0  unchanged 13",
        "incidents        created 0  updated 0  unchanged 1",
        "incidentParties  created 0  updated 0  unchanged 2",
        "incidentNames    created 0  updated 0  unchanged 1",
        "statements       created 0  updated 0  unchanged 3",
        "citations        created 0  updated 0  unchanged 86",
        "Everything is unchanged.",
        "",
      ].join("\n"),
      stderr: "",
    });
    expect(await databaseState()).toEqual(before);
  });

  it("reports everything unchanged and writes nothing, through importDataset (as one JSON document)", async () => {
    const before = await databaseState();
    const seed = JSON.stringify(await readDataset(seedDataDir));
    expect(await execute(yoga, IMPORT, { dataset: seed, format: "JSON" }, bearer(admin))).toEqual({
      status: 200,
      data: {
        importDataset: {
          __typename: "ImportReport",
          dryRun: false,
          unchanged: true,
          entities: entities({
            sources: [0, 0, 24], countries: [0, 0, 20], organisations: [0, 0, 1], memberships: [0, 0, 22], people: [0, 0, 9],
            tenures: [0, 0, 8], series: [0, 0, 2], summits: [0, 0, 9], attendance: [0, 0, 17], engagements: [0, 0, 6],
            participants: [0, 0, 13], incidents: [0, 0, 1], incidentParties: [0, 0, 2], incidentNames: [0, 0, 1],
            statements: [0, 0, 3], citations: [0, 0, 86],
          }),
        },
      },
    });
    expect(await databaseState()).toEqual(before);
  });
});

describe("a dry run", { timeout: 60_000 }, () => {
  it("reports what would be created and updated and writes nothing, from the command line", async () => {
    const folder = await dataFolder("dry-run", { "10-update.yaml": UPDATE_SEED_ENGAGEMENT, "20-new.yaml": NEW_FACTS });
    const before = await databaseState();
    const { code, stdout, stderr } = await importCli(folder, "--dry-run");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const lines = stdout.split("\n");
    expect(lines.slice(0, 6)).toEqual([
      `Dry run of ${folder}: nothing was written.`,
      "sources          created 1  updated 0  unchanged 0",
      "people           created 1  updated 0  unchanged 0",
      "engagements      created 2  updated 1  unchanged 0",
      "participants     created 4  updated 0  unchanged 2",
      "citations        created 2  updated 0  unchanged 1",
    ]);
    // Then each row with each column it would change; the updated engagement names only its summary.
    const update = lines.indexOf("update engagements qingdao-2025-india-pakistan-informal");
    expect(lines[update + 1]).toMatch(/^ {4}summary: ".+" -> "Reported as possible; neither side confirmed an exchange."$/);
    expect(lines[update + 2]).not.toMatch(/^ {4}/);
    expect(lines.filter((l) => /^(create|update) /.test(l))).toHaveLength(1 + 1 + 3 + 4 + 2);
    expect(lines.slice(-2)).toEqual(["A real run would write the rows counted above.", ""]);
    expect(await databaseState()).toEqual(before);
  });

  it("reports what would be created and writes nothing, through importDataset", async () => {
    const before = await databaseState();
    expect(await execute(yoga, IMPORT, { dataset: NEW_FACTS, dryRun: true }, bearer(admin))).toEqual({
      status: 200,
      data: {
        importDataset: {
          __typename: "ImportReport",
          dryRun: true,
          unchanged: false,
          entities: entities({ sources: [1, 0, 0], people: [1, 0, 0], engagements: [2, 0, 0], participants: [4, 0, 0], citations: [2, 0, 0] }),
        },
      },
    });
    expect(await databaseState()).toEqual(before);
  });
});

describe("invalid rows", { timeout: 60_000 }, () => {
  const BAD_ENGAGEMENTS = `
engagements:
  - slug: bad-one
    title: Missing its sources, with a date that is not one
    kind: MULTILATERAL_MEETING
    formality: FORMAL
    status: HELD
    date: "2025-13"
    participants: [{ country: IN, role: PARTICIPANT }]
`;
  const BAD_PEOPLE = `
people:
  - { slug: fine-person, name: Fine Person }
  - { slug: Not A Slug, name: Someone, country: india }
  - { slug: extra-field, name: Someone Else, nickname: x }
`;

  it("are each reported with file and position; nothing is written, from the command line", async () => {
    const folder = await dataFolder("invalid", { "a-engagements.yaml": BAD_ENGAGEMENTS, "b-people.yaml": BAD_PEOPLE });
    const before = await databaseState();
    expect(await importCli(folder, "--dry-run")).toEqual({
      code: 1,
      stdout: "",
      stderr: [
        "The dataset is invalid (4 problems); nothing was written:",
        "  a-engagements.yaml: engagements[0].date: must be a date: YYYY, YYYY-MM or YYYY-MM-DD",
        "  b-people.yaml: people[1].slug: must be a lower-case slug like sco-dmm-2025-qingdao",
        "  b-people.yaml: people[1].country: must be an ISO 3166-1 alpha-2 code like IN",
        '  b-people.yaml: people[2]: Unrecognized key: "nickname"',
        "",
      ].join("\n"),
    });
    expect(await databaseState()).toEqual(before);
  });

  it("are each reported with their position through importDataset; nothing is written", async () => {
    const before = await databaseState();
    expect(await execute(yoga, IMPORT, { dataset: BAD_PEOPLE }, bearer(admin))).toEqual({
      status: 200,
      data: {
        importDataset: {
          __typename: "InvalidDatasetError",
          code: "INVALID_DATASET",
          message: "The dataset is invalid (3 problems); nothing was written.",
          issues: [
            { file: "dataset.yaml", path: "people[1].slug", message: "must be a lower-case slug like sco-dmm-2025-qingdao" },
            { file: "dataset.yaml", path: "people[1].country", message: "must be an ISO 3166-1 alpha-2 code like IN" },
            { file: "dataset.yaml", path: "people[2]", message: 'Unrecognized key: "nickname"' },
          ],
        },
      },
    });
    expect(await execute(yoga, IMPORT, { dataset: "people: [", format: "YAML" }, bearer(admin))).toEqual({
      status: 200,
      data: {
        importDataset: {
          __typename: "InvalidDatasetError",
          code: "INVALID_DATASET",
          message: "The dataset is invalid (1 problem); nothing was written.",
          issues: [{ file: "dataset.yaml", path: "(document)", message: expect.stringMatching(/^cannot be parsed: /) }],
        },
      },
    });
    expect(await databaseState()).toEqual(before);
  });

  it("reports a period that ends before it starts with its position, no stack trace, from the command line and importDataset", async () => {
    const periods = `
tenures:
  - { person: rajnath-singh, portfolio: DEFENCE, title: Minister, country: IN, from: "2019-05-31", sources: [seed-article] }
  - { person: rajnath-singh, portfolio: INTERIOR, title: Minister, country: IN, from: "2014-05", to: "2014-04", sources: [seed-article] }
incidents:
  - { slug: backwards, name: Backwards, kind: ARMED_CLASH, start: "2020-06", end: "2020", sources: [seed-article] }
summits:
  - { slug: backwards-summit, name: Backwards, organisation: SCO, host: CN, city: Qingdao, start: "2025-06-26", end: "2025-06", sources: [seed-article] }
`.replaceAll("seed-article", JSON.stringify("urn:summitry:seed:000_10a016cd793c5963"));
    const folder = await dataFolder("periods", { "periods.yaml": periods });
    const before = await databaseState();
    expect(await importCli(folder)).toEqual({
      code: 1,
      stdout: "",
      stderr: [
        "The dataset is invalid (2 problems); nothing was written:",
        "  periods.yaml: tenures[1].to: A tenure cannot end before it starts.",
        "  periods.yaml: summits[0].end: A summit cannot end before it starts.",
        "",
      ].join("\n"),
    });
    const answer = await execute<any>(yoga, IMPORT, { dataset: periods, dryRun: true }, bearer(admin));
    expect(answer.data.importDataset.issues).toEqual([
      { file: "dataset.yaml", path: "tenures[1].to", message: "A tenure cannot end before it starts." },
      { file: "dataset.yaml", path: "summits[0].end", message: "A summit cannot end before it starts." },
    ]);
    expect(await databaseState()).toEqual(before);
  });
});

describe("importDataset roles", { timeout: 60_000 }, () => {
  it("refuses a request without a key: UNAUTHENTICATED", async () => {
    expect(await execute(yoga, IMPORT, { dataset: NEW_FACTS, dryRun: true })).toEqual({
      status: 200,
      data: null,
      errors: [
        {
          message: "Writing needs an API key: send Authorization: Bearer <key>.",
          locations: [{ line: 3, column: 5 }],
          path: ["importDataset"],
          extensions: { code: "UNAUTHENTICATED" },
        },
      ],
    });
  });

  it("refuses an EDITOR key: FORBIDDEN", async () => {
    expect(await execute(yoga, IMPORT, { dataset: NEW_FACTS, dryRun: true }, bearer(editor))).toEqual({
      status: 200,
      data: null,
      errors: [
        {
          message: "Your API key's role does not allow this.",
          locations: [{ line: 3, column: 5 }],
          path: ["importDataset"],
          extensions: { code: "FORBIDDEN" },
        },
      ],
    });
  });

  it("refuses a dataset over 5 MB with a ValidationError on `dataset`, even when the body limit allows it", async () => {
    const roomy = createServer({ config: { maxBodyBytes: 6 * 1024 * 1024 } });
    try {
      const dataset = `# ${"x".repeat(5 * 1024 * 1024)}\n`;
      expect(await execute(roomy, IMPORT, { dataset, dryRun: true }, bearer(admin))).toEqual({
        status: 200,
        data: {
          importDataset: {
            __typename: "ValidationError",
            code: "VALIDATION_FAILED",
            message: "The input is invalid: dataset: must be at most 5 MB; split it into several imports",
            fieldErrors: [{ path: ["dataset"], message: "must be at most 5 MB; split it into several imports" }],
          },
        },
      });
    } finally {
      await roomy.dispose();
    }
  });
});

describe("an ADMIN import", { timeout: 60_000 }, () => {
  // One real import, shared by the tests below: what it wrote, the events it published and the
  // log position before it.
  let report: unknown;
  let since: string;
  let lastIdBefore: bigint;
  const events: ChangeEvent[] = [];
  let committedWhenPublished: boolean | undefined;

  beforeAll(async () => {
    // The change log's `at` comes from the writing process's clock (Prisma fills @default(now())),
    // and the mutation runs in this process.
    since = new Date().toISOString();
    lastIdBefore = (await db().changeLog.aggregate({ _max: { id: true } }))._max.id!;
    const remove = addChangePublisher(async (published) => {
      // A listener that reads on an event must find the rows already there.
      committedWhenPublished ??= (await db().engagement.count({ where: { slug: "tashkent-2025-uz-in-talks" } })) === 1;
      events.push(...published);
    });
    try {
      report = await execute(yoga, IMPORT, { dataset: oneDocument(UPDATE_SEED_ENGAGEMENT, NEW_FACTS) }, bearer(admin));
      // Neither a dry run nor a failed import publishes anything, though both would write rows.
      // A ref names one source: the other report gets its own.
      const elsewhere = (yaml: string) => yaml.replaceAll("tashkent-2025", "samarkand-2025").replaceAll("test-report", "samarkand-report");
      const dryRun = await execute(yoga, IMPORT, { dataset: elsewhere(NEW_FACTS), dryRun: true }, bearer(admin));
      expect(dryRun.data).toMatchObject({ importDataset: { dryRun: true, unchanged: false } });
      const failed = await execute(yoga, IMPORT, { dataset: elsewhere(LAST_ROW_FAILS) }, bearer(admin));
      expect(failed.data).toMatchObject({ importDataset: { __typename: "InvalidDatasetError" } });
    } finally {
      remove();
    }
  });

  it("writes the dataset and reports it", async () => {
    expect(report).toEqual({
      status: 200,
      data: {
        importDataset: {
          __typename: "ImportReport",
          dryRun: false,
          unchanged: false,
          entities: entities({ sources: [1, 0, 0], people: [1, 0, 0], engagements: [2, 1, 0], participants: [4, 0, 2], citations: [2, 0, 1] }),
        },
      },
    });
    expect(
      await execute(yoga, `{ engagement(slug: "tashkent-2025-uz-in-talks") { title status participants { edges { node { role country { code } person { name } } } } sources { publisher } } }`),
    ).toEqual({
      status: 200,
      data: {
        engagement: {
          title: "Uzbekistan and India hold talks in Tashkent",
          status: "HELD",
          participants: {
            edges: [
              { node: { role: "HOST", country: { code: "UZ" }, person: { name: "Test Envoy" } } },
              { node: { role: "GUEST", country: { code: "IN" }, person: { name: "Rajnath Singh" } } },
            ],
          },
          sources: [{ publisher: "Example Wire" }],
        },
      },
    });
  });

  it("publishes one change event per written row after the commit, engagements with their participants' countries", async () => {
    const log = await db().changeLog.findMany({ where: { id: { gt: lastIdBefore } }, orderBy: { id: "asc" } });
    expect(log).toHaveLength(11);
    expect(committedWhenPublished).toBe(true);
    // Sources and people load before engagements; a participant or a citation is about its
    // engagement, so it carries all of the engagement's countries.
    expect(events.map((e) => [e.entityType, e.action, e.countries])).toEqual([
      ["Source", "CREATE", []],
      ["Person", "CREATE", ["UZ"]],
      ["Engagement", "UPDATE", ["IN", "PK"]],
      ["Engagement", "CREATE", ["IN", "UZ"]],
      ["EngagementParticipant", "CREATE", ["IN", "UZ"]],
      ["EngagementParticipant", "CREATE", ["IN", "UZ"]],
      ["Citation", "CREATE", ["IN", "UZ"]],
      ["Engagement", "CREATE", ["KZ", "UZ"]],
      ["EngagementParticipant", "CREATE", ["KZ", "UZ"]],
      ["EngagementParticipant", "CREATE", ["KZ", "UZ"]],
      ["Citation", "CREATE", ["KZ", "UZ"]],
    ]);
    expect(events).toEqual(
      log.map((row) => ({
        changeId: row.id.toString(),
        entityType: row.entityType,
        entityId: row.entityId,
        action: row.action,
        countries: events.find((e) => e.changeId === row.id.toString())!.countries,
        at: row.at.toISOString(),
      })),
    );
  });

  const CHANGES = `
    query Changes($since: DateTime, $entityTypes: [String!], $first: Int, $after: String) {
      changes(since: $since, entityTypes: $entityTypes, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id position entityType entityId entityGlobalId action actor at before after } }
      }
    }`;
  type ChangesAnswer = {
    changes: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      edges: { node: { id: string; position: string; entityType: string; before: unknown; after: unknown } }[];
    };
  };

  it("is in changes(since:) oldest first, with who wrote each row and the row before and after, for anyone to read", async () => {
    const log = await db().changeLog.findMany({ where: { id: { gt: lastIdBefore } }, orderBy: { id: "asc" } });
    const answer = await execute<ChangesAnswer>(yoga, CHANGES, { since, first: 20 });
    const globalIds = new Set(["Engagement", "Source", "Person", "EngagementParticipant"]);
    const engagement = await db().engagement.findUniqueOrThrow({ where: { slug: SEED_ENGAGEMENT } });
    expect(answer).toEqual({
      status: 200,
      data: {
        changes: {
          totalCount: 11,
          pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
          edges: log.map((row) => ({
            node: {
              // Its own global ID, unlike any row's; the log position is a field of its own.
              id: encodeGlobalID("Change", row.id.toString()),
              position: row.id.toString(),
              entityType: row.entityType,
              entityId: row.entityId,
              entityGlobalId: globalIds.has(row.entityType) ? encodeGlobalID(row.entityType, row.entityId) : null,
              action: row.action,
              actor: "test admin",
              at: row.at.toISOString(),
              before: row.before,
              after: row.after,
            },
          })),
        },
      },
    });
    // The update carries the row before and after: the old summary and the new one.
    const update = answer.data!.changes.edges[2]!.node;
    expect(update).toMatchObject({
      entityType: "Engagement",
      entityGlobalId: encodeGlobalID("Engagement", engagement.id),
      action: "UPDATE",
      before: { slug: SEED_ENGAGEMENT, version: 1, summary: expect.stringMatching(/^No formal meeting between the two defence ministers/) },
      after: { slug: SEED_ENGAGEMENT, version: 2, summary: "Reported as possible; neither side confirmed an exchange." },
    });
    expect(answer.data!.changes.edges.map((e) => e.node.entityType)).toEqual([
      "Source", "Person", "Engagement", "Engagement", "EngagementParticipant", "EngagementParticipant", "Citation",
      "Engagement", "EngagementParticipant", "EngagementParticipant", "Citation",
    ]);
  });

  it("pages forward with cursors: the pages together are every row, in order, each once", async () => {
    const expected = (await db().changeLog.findMany({ where: { id: { gt: lastIdBefore } }, orderBy: { id: "asc" } })).map((r) => r.id.toString());
    const pages: string[][] = [];
    let after: string | undefined;
    for (;;) {
      const answer = await execute<ChangesAnswer>(yoga, CHANGES, { since, first: 4, after });
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.changes.totalCount).toBe(11);
      pages.push(answer.data!.changes.edges.map((e) => e.node.position));
      if (!answer.data!.changes.pageInfo.hasNextPage) break;
      after = answer.data!.changes.pageInfo.endCursor;
    }
    expect(pages).toEqual([expected.slice(0, 4), expected.slice(4, 8), expected.slice(8)]);
  });

  it("syncs from the beginning too: without since, the seed's rows come first", async () => {
    const answer = await execute(yoga, `{ changes(first: 2) { totalCount edges { node { entityType action actor before } } } }`);
    expect(answer).toEqual({
      status: 200,
      data: {
        changes: {
          totalCount: await db().changeLog.count(),
          edges: [
            { node: { entityType: "Source", action: "CREATE", actor: "seed", before: null } },
            { node: { entityType: "Source", action: "CREATE", actor: "seed", before: null } },
          ],
        },
      },
    });
  });

  it("filters by entityTypes", async () => {
    const answer = await execute<ChangesAnswer>(yoga, CHANGES, { since, entityTypes: ["Engagement", "Person"] });
    expect(answer.data!.changes.totalCount).toBe(4);
    expect(answer.data!.changes.edges.map((e) => [e.node.entityType, (e.node.after as { slug: string }).slug])).toEqual([
      ["Person", "test-envoy"],
      ["Engagement", SEED_ENGAGEMENT],
      ["Engagement", "tashkent-2025-uz-in-talks"],
      ["Engagement", "tashkent-2025-uz-kz-talks"],
    ]);
  });
});

describe("a real import from the command line", { timeout: 180_000 }, () => {
  it("writes the rows under the given actor; run again, it reports them unchanged", async () => {
    const folder = await dataFolder("real", {
      "people.yaml": `
people:
  - { slug: cli-envoy, name: CLI Envoy, country: KZ }
  - { slug: rajnath-singh, name: Rajnath Singh, alternateNames: [Rajnath Singh Ji], country: IN }
`,
    });
    const lastIdBefore = (await db().changeLog.aggregate({ _max: { id: true } }))._max.id!;
    expect(await importCli(folder, "--actor", "nightly sync")).toEqual({
      code: 0,
      stdout: [
        `Imported ${folder} as "nightly sync".`,
        "people           created 1  updated 1  unchanged 0",
        "Wrote 2 change-log entries.",
        "",
      ].join("\n"),
      stderr: "",
    });
    const log = await db().changeLog.findMany({ where: { id: { gt: lastIdBefore } }, orderBy: { id: "asc" } });
    expect(log.map((r) => ({ entityType: r.entityType, action: r.action, actor: r.actor, apiKeyId: r.apiKeyId, slug: (r.after as { slug: string }).slug }))).toEqual([
      { entityType: "Person", action: "CREATE", actor: "nightly sync", apiKeyId: null, slug: "cli-envoy" },
      { entityType: "Person", action: "UPDATE", actor: "nightly sync", apiKeyId: null, slug: "rajnath-singh" },
    ]);
    const state = await databaseState();
    expect(await importCli(folder, "--actor", "nightly sync")).toEqual({
      code: 0,
      stdout: [`Imported ${folder} as "nightly sync".`, "people           created 0  updated 0  unchanged 2", "Everything is unchanged.", ""].join("\n"),
      stderr: "",
    });
    expect(await databaseState()).toEqual(state);
  });
});
