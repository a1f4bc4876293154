// Record-time travel: @asRecorded(at:) answers as the service would have at an instant, from the
// history the triggers keep; every fact says when its version was recorded and lists its versions.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { db, disconnectDb } from "../src/db.ts";
import { createApiKey } from "../src/domain/api-keys.ts";
import { readHooks } from "../src/domain/recorded.ts";
import { getDatamodel } from "../src/generated/pothos-types.ts";
import { createServer } from "../src/yoga.ts";
import { runScript } from "./helpers/cli.ts";
import { execute } from "./helpers/graphql.ts";

const yoga = createServer();
afterAll(() => disconnectDb());

let key = "";
const asEditor = () => ({ authorization: `Bearer ${key}` });
beforeAll(async () => {
  key = (await createApiKey(db(), { name: "history editor", role: "EDITOR" })).key;
});

const article = "urn:summitry:seed:000_10a016cd793c5963";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An instant strictly between the writes before and after it (stamps have ms precision). */
async function instant(): Promise<string> {
  await sleep(5);
  const at = new Date().toISOString();
  await sleep(5);
  return at;
}

async function engagementRow(slug: string) {
  return db().engagement.findUniqueOrThrow({ where: { slug } });
}

async function ok<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<T> {
  const result = await execute<T>(yoga, query, variables, headers);
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

const ENGAGEMENT = `query($slug: String!, $at: DateTime!) @asRecorded(at: $at) {
  engagement(slug: $slug) {
    title status recordedAt retraction { reason }
    participants { edges { node { country { code } } } }
    sources { url }
    statusHistory { to actor }
    history { version actor change }
  }
}`;

describe("@asRecorded: before and after a write", () => {
  it("a status change: the earlier status, lists and counts before; the new one after", async () => {
    const slug = "qingdao-2025-india-pakistan-informal";
    const before = await instant();
    const row = await engagementRow(slug);
    const changed = await ok(
      `mutation($id: ID!) { setEngagementStatus(id: $id, status: HELD, note: "They met on the sidelines.",
        source: { source: "${article}" }) { __typename } }`,
      { id: encodeGlobalID("Engagement", row.id) },
      asEditor(),
    );
    expect(changed.setEngagementStatus.__typename).toBe("MutationSetEngagementStatusSuccess");
    const after = await instant();

    const LISTS = `query($at: DateTime!) @asRecorded(at: $at) {
      speculated: engagements(filter: { countries: ["IN", "PK"], status: [SPECULATED] }) { totalCount edges { node { slug } } }
      held: engagementStats(filter: { countries: ["IN", "PK"], status: [HELD] }, groupBy: [STATUS]) { total }
      lastContact(between: ["IN", "PK"], organisation: "SCO") { kind date engagement { slug } }
    }`;
    const thenRow = (await ok(ENGAGEMENT, { slug, at: before })).engagement;
    const nowRow = (await ok(ENGAGEMENT, { slug, at: after })).engagement;
    expect(thenRow.status).toBe("SPECULATED");
    expect(thenRow.statusHistory).toEqual([{ to: "SPECULATED", actor: "seed" }]);
    expect(thenRow.history).toEqual([{ version: 1, actor: "seed", change: "CREATE" }]);
    expect(nowRow.status).toBe("HELD");
    expect(nowRow.statusHistory).toEqual([{ to: "SPECULATED", actor: "seed" }, { to: "HELD", actor: "history editor" }]);
    expect(nowRow.history).toEqual([
      { version: 1, actor: "seed", change: "CREATE" },
      { version: 2, actor: "history editor", change: "STATUS_CHANGE" },
    ]);
    expect(new Date(thenRow.recordedAt) < new Date(before)).toBe(true);
    expect(new Date(nowRow.recordedAt) > new Date(before)).toBe(true);

    const thenLists = await ok(LISTS, { at: before });
    const nowLists = await ok(LISTS, { at: after });
    expect(thenLists.speculated).toEqual({ totalCount: 1, edges: [{ node: { slug } }] });
    expect(nowLists.speculated).toEqual({ totalCount: 0, edges: [] });
    expect(nowLists.held.total).toBe(thenLists.held.total + 1);
    expect(thenLists.lastContact).toEqual({ kind: "SAME_SUMMIT", date: "2025-06-25", engagement: null });
    // The latest instant answers as the present does, lastContact too.
    const present = await ok(LISTS.replace("query($at: DateTime!) @asRecorded(at: $at)", "query"));
    expect(nowLists).toEqual(present);
  });

  it("an update: the earlier title, participants and sources before; the new ones after", async () => {
    const slug = "qingdao-2025-dong-jun-khawaja-asif";
    const row = await engagementRow(slug);
    const before = await instant();
    const updated = await ok(
      `mutation($id: ID!, $version: Int!) { updateEngagement(id: $id, version: $version, input: {
        title: "Dong Jun meets Khawaja Asif at Xanadu",
        participants: [{ country: "CN", person: "dong-jun", role: HOST }, { country: "IN", person: "rajnath-singh", role: GUEST }],
        addSources: [{ newSource: { url: "https://example.org/history-test", title: "A later report", publisher: "Example Wire" } }]
      }) { __typename ... on ValidationError { fieldErrors { path message } } } }`,
      { id: encodeGlobalID("Engagement", row.id), version: row.version },
      asEditor(),
    );
    expect(updated.updateEngagement).toEqual({ __typename: "MutationUpdateEngagementSuccess" });
    const after = await instant();

    const thenRow = (await ok(ENGAGEMENT, { slug, at: before })).engagement;
    const nowRow = (await ok(ENGAGEMENT, { slug, at: after })).engagement;
    expect(thenRow.title).toBe("Dong Jun and Khawaja Asif bilateral meeting");
    expect(thenRow.participants.edges.map((e: any) => e.node.country.code).sort()).toEqual(["CN", "PK"]);
    expect(thenRow.sources.map((s: any) => s.url)).not.toContain("https://example.org/history-test");
    expect(nowRow.title).toBe("Dong Jun meets Khawaja Asif at Xanadu");
    expect(nowRow.participants.edges.map((e: any) => e.node.country.code)).toEqual(["CN", "IN"]);
    expect(nowRow.sources.map((s: any) => s.url)).toContain("https://example.org/history-test");
    expect(nowRow.history.map((h: any) => h.change)).toEqual(["CREATE", "UPDATE"]);

    // The new source itself did not exist before.
    const SOURCE_SEARCH = `query($at: DateTime!) @asRecorded(at: $at) { search(query: "Xanadu") { totalCount } }`;
    expect((await ok(SOURCE_SEARCH, { at: before })).search.totalCount).toBe(0);
    expect((await ok(SOURCE_SEARCH, { at: after })).search.totalCount).toBe(1);
    // Search by the whole new name matches "SearchName" (derived, kept by triggers): under the
    // directive it is recomputed from the recorded facts, so the present's names do not leak in.
    // Before, no name equalled the query (an exact name scores 0.75 or more); only the typo
    // fallback finds the meeting, under its title then.
    const NAME_SEARCH = `query($at: DateTime!) @asRecorded(at: $at) {
      search(query: "Dong Jun meets Khawaja Asif at Xanadu") { edges { rank node { __typename ... on Engagement { title } } } }
    }`;
    const thenHits = (await ok(NAME_SEARCH, { at: before })).search.edges;
    expect(thenHits.length).toBeGreaterThan(0);
    expect(thenHits.filter((e: any) => e.rank >= 0.5)).toEqual([]);
    expect(thenHits.filter((e: any) => e.node.__typename === "Engagement").map((e: any) => e.node.title)).toEqual([
      "Dong Jun and Khawaja Asif bilateral meeting",
    ]);
    const nowHits = (await ok(NAME_SEARCH, { at: after })).search.edges;
    expect(nowHits[0]).toEqual({ rank: expect.any(Number), node: { __typename: "Engagement", title: "Dong Jun meets Khawaja Asif at Xanadu" } });
    expect(nowHits[0].rank).toBeGreaterThanOrEqual(0.75);
  });

  it("a retraction: present as it was before; out of the lists after, readable by id", async () => {
    const slug = "moscow-2020-rajnath-singh-wei-fenghe";
    const row = await engagementRow(slug);
    const id = encodeGlobalID("Engagement", row.id);
    const before = await instant();
    const retracted = await ok(
      `mutation($id: ID!, $version: Int!) { retract(id: $id, version: $version, reason: "Misdated in the source.") { __typename } }`,
      { id, version: row.version },
      asEditor(),
    );
    expect(retracted.retract.__typename).toBe("MutationRetractSuccess");
    const after = await instant();

    const Q = `query($id: ID!, $at: DateTime!) @asRecorded(at: $at) {
      node(id: $id) { ... on Engagement { slug retraction { reason } history { change } } }
      engagements(filter: { countries: ["IN", "CN"], to: "2020-12" }) { totalCount edges { node { slug } } }
      timeline(countries: ["IN", "CN"], from: "2020", to: "2020") { totalCount }
    }`;
    const then = await ok(Q, { id, at: before });
    const now = await ok(Q, { id, at: after });
    expect(then.node).toEqual({ slug, retraction: null, history: [{ change: "CREATE" }] });
    expect(then.engagements.edges).toContainEqual({ node: { slug } });
    expect(now.node).toEqual({ slug, retraction: { reason: "Misdated in the source." }, history: [{ change: "CREATE" }, { change: "RETRACT" }] });
    expect(now.engagements.edges).not.toContainEqual({ node: { slug } });
    expect(now.engagements.totalCount).toBe(then.engagements.totalCount - 1);
    expect(now.timeline.totalCount).toBe(then.timeline.totalCount - 1);
  });

  it("a fact created after the instant is absent, everywhere", async () => {
    const before = await instant();
    const created = await ok(
      `mutation($input: EngagementInput!) { createEngagement(input: $input) { __typename ... on MutationCreateEngagementSuccess { data { id } } } }`,
      {
        input: {
          slug: "history-test-new-meeting", title: "A meeting recorded later", kind: "BILATERAL_MEETING", formality: "FORMAL",
          status: "HELD", date: "2025-06-26", summit: "sco-dmm-2025-qingdao",
          participants: [{ country: "IN", role: "PARTICIPANT" }, { country: "PK", role: "PARTICIPANT" }],
          sources: [{ source: article }],
        },
      },
      asEditor(),
    );
    const id = created.createEngagement.data.id;
    const after = await instant();
    const Q = `query($id: ID!, $at: DateTime!) @asRecorded(at: $at) {
      node(id: $id) { id }
      engagement(slug: "history-test-new-meeting") { title }
      summit(slug: "sco-dmm-2025-qingdao") { engagements { totalCount } }
      country(code: "PK") { engagements { totalCount } }
    }`;
    const then = await ok(Q, { id, at: before });
    const now = await ok(Q, { id, at: after });
    expect(then.node).toBeNull();
    expect(then.engagement).toBeNull();
    expect(now.node).toEqual({ id });
    expect(now.engagement).toEqual({ title: "A meeting recorded later" });
    expect(now.summit.engagements.totalCount).toBe(then.summit.engagements.totalCount + 1);
    expect(now.country.engagements.totalCount).toBe(then.country.engagements.totalCount + 1);
  });
});

describe("@asRecorded: edges of the contract", () => {
  it("an instant before anything was recorded answers as an empty graph", async () => {
    const result = await execute(yoga, `query @asRecorded(at: "2000-01-01T00:00:00Z") {
      organisation(acronym: "SCO") { name }
      country(code: "IN") { name }
      organisations { totalCount edges { node { acronym } } }
      engagements { totalCount edges { node { slug } } }
      search(query: "Qingdao") { totalCount edges { cursor } }
      timeline { totalCount }
      engagementStats(groupBy: [STATUS]) { total groups { count } }
      node(id: "${encodeGlobalID("Engagement", 1)}") { id }
    }`);
    expect(result).toEqual({
      status: 200,
      data: {
        organisation: null,
        country: null,
        organisations: { totalCount: 0, edges: [] },
        engagements: { totalCount: 0, edges: [] },
        search: { totalCount: 0, edges: [] },
        timeline: { totalCount: 0 },
        engagementStats: { total: 0, groups: [] },
        node: null,
      },
      extensions: { asRecorded: { at: "2000-01-01T00:00:00.000Z", instant: "2000-01-01T00:00:00.000Z" } },
    });
    // As the service would have answered then: it knew no such countries.
    const contact = await execute(yoga, `query @asRecorded(at: "2000-01-01T00:00:00Z") { lastContact(between: ["IN", "PK"]) { kind } }`);
    expect(contact.errors?.map((e) => e.extensions?.code)).toEqual(["UNKNOWN_COUNTRY"]);
  });

  it("a future instant answers for the latest settled one, and says so", async () => {
    const result = await execute<any>(yoga, `query @asRecorded(at: "2999-01-01T00:00:00Z") { organisation(acronym: "SCO") { acronym } }`);
    expect(result.data).toEqual({ organisation: { acronym: "SCO" } });
    const instantAnswered = new Date((result.extensions as any).asRecorded.instant);
    expect(Math.abs(instantAnswered.getTime() - Date.now())).toBeLessThan(5_000);
  });

  it("refuses a mutation or a subscription under the directive, writing nothing", async () => {
    const row = await engagementRow("beijing-2025-ajit-doval-wang-yi");
    const mutation = await execute(
      yoga,
      `mutation($id: ID!) @asRecorded(at: "2025-01-01T00:00:00Z") { retract(id: $id, version: ${row.version}, reason: "Not allowed.") { __typename } }`,
      { id: encodeGlobalID("Engagement", row.id) },
      asEditor(),
    );
    expect(mutation.status).toBe(400);
    expect(mutation.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ["@asRecorded reads the past: it applies to a query, not to a mutation.", "AS_RECORDED_QUERY_ONLY"],
    ]);
    expect((await engagementRow("beijing-2025-ajit-doval-wang-yi")).retractedAt).toBeNull();
    const subscription = await execute(yoga, `subscription @asRecorded(at: "2025-01-01T00:00:00Z") { factChanged { entityType } }`);
    expect(subscription.errors?.map((e) => e.extensions?.code)).toEqual(["AS_RECORDED_QUERY_ONLY"]);
  });

  it("refuses an instant that is not a DateTime, as a literal or a variable", async () => {
    const literal = await execute(yoga, `query @asRecorded(at: "yesterday") { organisations { totalCount } }`);
    expect(literal.status).toBe(400);
    expect(literal.errors?.map((e) => e.extensions?.code)).toEqual(["INVALID_DATE"]);
    const variable = await execute(yoga, `query($at: DateTime!) @asRecorded(at: $at) { organisations { totalCount } }`, { at: "2025-13-45" });
    expect(variable.errors?.map((e) => e.extensions?.code)).toEqual(["INVALID_DATE"]);
    const missing = await execute(yoga, `query @asRecorded { organisations { totalCount } }`);
    expect(missing.errors?.map((e) => e.extensions?.code)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
  });

  it("the response cache keys on the directive: a past answer is not served for the present", async () => {
    const cached = createServer({ config: { responseCacheTtlMs: 60_000 } });
    const slug = "beijing-2025-ajit-doval-wang-yi";
    const before = await instant();
    const row = await engagementRow(slug);
    await db().engagement.update({ where: { id: row.id }, data: { title: "Doval and Wang Yi, renamed" } });
    const now = `{ engagement(slug: "${slug}") { title } }`;
    const past = `query @asRecorded(at: "${before}") { engagement(slug: "${slug}") { title } }`;
    const first = await execute<any>(cached, past);
    const present = await execute<any>(cached, now);
    const again = await execute<any>(cached, past);
    expect(first.data.engagement.title).toBe(row.title);
    expect(present.data.engagement.title).toBe("Doval and Wang Yi, renamed");
    expect(again.data).toEqual(first.data);
    expect((again.extensions as any).responseCache.hit).toBe(true);
    await cached.dispose();
  });
});

describe("@asRecorded: the live tables when nothing was recorded after the instant", () => {
  // Every field family a recorded read can reach: lookups and nested pages, certainty, search,
  // lastContact, stats, the timeline, node(id:), history and recordedAt.
  const WIDE = `query($at: DateTime!, $node: ID!) @asRecorded(at: $at) {
    organisation(acronym: "SCO") {
      memberships(asOf: "2024-06-01", first: 20) { totalCount edges { certainty confirmedUntil node { status recordedAt country { code
        officeHolders(portfolio: DEFENCE, asOf: "2024-06-01") { edges { certainty node { person { name
          engagements(first: 5) { totalCount edges { role node { title status date sources { url } history { version change } } } } } } } } } } } }
    }
    engagements(filter: { countries: ["IN", "PK"] }, first: 10) { totalCount edges { node { slug title status } } }
    search(query: "Qingdao defence", first: 10) { totalCount edges { rank node { __typename ... on Engagement { slug } ... on Summit { slug } } } }
    lastContact(between: ["IN", "PK"], organisation: "SCO") { kind date engagement { slug } }
    engagementStats(groupBy: [YEAR, STATUS]) { total groups { year status count } }
    timeline(first: 10) { edges { node { __typename } } }
    node(id: $node) { id ... on Engagement { title recordedAt } }
  }`;

  it("answers as the views do; once something is recorded after the instant, the views answer", async () => {
    const row = await db().engagement.findFirstOrThrow({ where: { summitId: { not: null } }, orderBy: { id: "asc" } });
    const variables = { node: encodeGlobalID("Engagement", row.id) };
    const paths: string[] = [];
    readHooks.onPath = (path) => paths.push(path);
    onTestFinished(() => {
      readHooks.onPath = undefined;
      readHooks.forceViews = false;
    });

    // Nothing recorded after this instant yet: the live tables answer, exactly as the views do.
    const at = await instant();
    const live = await ok(WIDE, { ...variables, at });
    readHooks.forceViews = true;
    const views = await ok(WIDE, { ...variables, at });
    readHooks.forceViews = false;
    expect(paths).toEqual(["live", "views"]);
    expect(live).toEqual(views);
    expect(live.organisation.memberships.totalCount).toBeGreaterThan(0);
    expect(live.search.totalCount).toBeGreaterThan(0);

    // A write after the instant: the same instant now takes the views and still answers the same;
    // the latest instant takes the live tables and shows the write.
    await db().engagement.update({ where: { id: row.id }, data: { title: `${row.title}, retitled` } });
    try {
      const again = await ok(WIDE, { ...variables, at });
      expect(paths.at(-1)).toBe("views");
      expect(again).toEqual(live);
      const now = await ok(WIDE, { ...variables, at: "2999-01-01T00:00:00Z" });
      expect(paths.at(-1)).toBe("live");
      expect(now.node.title).toBe(`${row.title}, retitled`);
      expect(live.node.title).toBe(row.title);
    } finally {
      await db().engagement.update({ where: { id: row.id }, data: { title: row.title } });
    }
  });
});

describe("@asRecorded: concurrency", () => {
  it.each([
    ["the live tables", false],
    ["the views", true],
  ])("a write committing during a recorded read does not leak into it (%s)", async (_path, forceViews) => {
    const slug = "peace-mission-2018";
    const row = await engagementRow(slug);
    readHooks.forceViews = forceViews;
    onTestFinished(() => {
      readHooks.forceViews = false;
      readHooks.afterSnapshot = undefined;
    });
    readHooks.afterSnapshot = async () => {
      readHooks.afterSnapshot = undefined;
      // Committed on another connection while the read's transaction is open.
      await db().engagement.update({ where: { id: row.id }, data: { title: "Peace Mission 2018, retitled" } });
    };
    const Q = `query @asRecorded(at: "2999-01-01T00:00:00Z") {
      engagement(slug: "${slug}") { title }
      engagements(filter: { countries: ["IN", "PK"], kind: [JOINT_EXERCISE] }) { edges { node { title } } }
    }`;
    const during = await ok(Q);
    expect(readHooks.afterSnapshot).toBeUndefined();
    expect(during.engagement.title).toBe(row.title);
    expect(during.engagements.edges).toEqual([{ node: { title: row.title } }]);
    const later = await ok(Q);
    expect(later.engagement.title).toBe("Peace Mission 2018, retitled");
    await db().engagement.update({ where: { id: row.id }, data: { title: row.title } });
  });

  it("a read of the present waits for a write in flight, so its answer for that instant never changes later", async () => {
    const slug = "qingdao-2025-dong-jun-receives-rajnath-singh";
    const row = await engagementRow(slug);
    const writer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await writer.connect();
    try {
      await writer.query("BEGIN");
      // Stamped now, committed later: the stamp is earlier than any instant a reader could settle on meanwhile.
      await writer.query(`UPDATE "Engagement" SET summary = 'Written during a read.' WHERE id = $1`, [row.id]);
      let answered = false;
      const read = ok(`query @asRecorded(at: "2999-01-01T00:00:00Z") { engagement(slug: "${slug}") { summary history { actor } } }`).then((d) => {
        answered = true;
        return d;
      });
      await sleep(300);
      expect(answered).toBe(false);
      await writer.query("COMMIT");
      const data = await read;
      // A write outside the service is recorded too, with the database user as its author (the
      // container's user or the local server's, whichever the suite runs on).
      const { rows } = await writer.query<{ user: string }>("SELECT current_user AS user");
      expect(data.engagement).toEqual({ summary: "Written during a read.", history: [{ actor: "seed" }, { actor: rows[0]!.user }] });
    } finally {
      await writer.end();
    }
  });
});

describe("history is kept for every table and every write path", () => {
  it("every table of the Prisma schema has the history triggers and a recorded view with its columns", async () => {
    const models = Object.keys(getDatamodel().datamodel.models).filter((m) => m !== "FactVersion");
    expect(models.length).toBeGreaterThan(15);
    const triggers = await db().$queryRaw<{ table: string; triggers: string[] }[]>`
      SELECT c.relname AS table, array_agg(t.tgname::text ORDER BY t.tgname) AS triggers
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE c.relnamespace = current_schema()::regnamespace AND t.tgname LIKE 'record\\_%'
      GROUP BY c.relname`;
    const columns = await db().$queryRaw<{ schema: string; table: string; columns: string[] }[]>`
      SELECT table_schema AS schema, table_name AS table, array_agg(column_name::text ORDER BY ordinal_position) AS columns
      FROM information_schema.columns WHERE table_schema IN (current_schema(), 'recorded') GROUP BY 1, 2`;
    const columnsOf = (schema: string, table: string) => columns.find((c) => c.table === table && c.schema === schema)?.columns;
    const problems: string[] = [];
    for (const model of models) {
      const own = triggers.find((t) => t.table === model)?.triggers ?? [];
      // API keys are credentials, not facts: read through as they are, never versioned. Rollups
      // kept by triggers are recomputed from the recorded facts (summitry_recorded_rollups).
      const expected = ["ApiKey", "EngagementCount", "SearchName"].includes(model) ? [] : ["record_at", "record_stamp", "record_truncate", "record_version"];
      if (JSON.stringify(own) !== JSON.stringify(expected)) problems.push(`${model}: triggers ${own.join(",") || "none"} (SELECT summitry_record_history('"${model}"'))`);
      if (JSON.stringify(columnsOf("recorded", model)) !== JSON.stringify(columnsOf(columns.find((c) => c.schema !== "recorded")!.schema, model))) {
        problems.push(`${model}: recorded view out of date (SELECT summitry_recorded_views() at the end of the migration)`);
      }
    }
    const enums = await db().$queryRaw<{ schema: string; name: string; labels: string[] }[]>`
      SELECT n.nspname AS schema, t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE n.nspname IN (current_schema(), 'recorded') GROUP BY 1, 2`;
    for (const e of enums.filter((x) => x.schema !== "recorded")) {
      const copy = enums.find((x) => x.schema === "recorded" && x.name === e.name);
      if (JSON.stringify(copy?.labels) !== JSON.stringify(e.labels)) problems.push(`enum ${e.name}: recorded copy out of date (SELECT summitry_recorded_views())`);
    }
    expect(problems).toEqual([]);
  });

  it("the CLI import keeps history: versions with the import's actor, the state before it still readable", async () => {
    const dir = await mkdtemp(join(tmpdir(), "summitry-history-"));
    try {
      const file = join(dir, "statement.yaml");
      await writeFile(
        file,
        [
          "sources:",
          "  - url: https://example.org/history-import",
          "    title: An imported report",
          "    publisher: Example Wire",
          "statements:",
          "  - slug: history-import-statement",
          "    speaker: rajnath-singh",
          "    country: IN",
          '    date: "2025-06-26"',
          "    summary: A statement loaded by the command line.",
          "    topics: [terrorism]",
          "    sources: [https://example.org/history-import]",
          "",
        ].join("\n"),
      );
      const before = await instant();
      const run = await runScript("scripts/import.ts", [file, "--actor", "nightly feed"]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const after = await instant();
      const Q = `query($at: DateTime!) @asRecorded(at: $at) {
        statements(filter: { countries: ["IN"] }) { totalCount edges { node { summary history { actor change } sources { url history { actor } } } } }
      }`;
      const then = await ok(Q, { at: before });
      const now = await ok(Q, { at: after });
      expect(now.statements.totalCount).toBe(then.statements.totalCount + 1);
      const imported = now.statements.edges.map((e: any) => e.node).find((n: any) => n.summary === "A statement loaded by the command line.");
      expect(imported).toEqual({
        summary: "A statement loaded by the command line.",
        history: [{ actor: "nightly feed", change: "CREATE" }],
        sources: [{ url: "https://example.org/history-import", history: [{ actor: "nightly feed" }] }],
      });
      expect(then.statements.edges.map((e: any) => e.node.summary)).not.toContain("A statement loaded by the command line.");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("asks for the history of a whole page in one statement", async () => {
    const { sqlStatements } = await import("../src/db.ts");
    const start = sqlStatements.count;
    const data = await ok(`{ engagements(first: 50) { edges { node { history { version } participants { edges { node { history { version } } } } } } } }`);
    expect(data.engagements.edges.length).toBeGreaterThan(3);
    expect(data.engagements.edges.every((e: any) => e.node.history.length >= 1)).toBe(true);
    // engagements + count, participants, then one history statement per table (Engagement, EngagementParticipant).
    expect(sqlStatements.count - start).toBeLessThanOrEqual(6);
  });
});
