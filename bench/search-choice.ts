// The search design, measured: the plain full-text search it replaces (one tsvector per table,
// 'english', no accent or spelling folding, a page statement plus a count statement) against the
// chosen one (src/domain/search.ts: unaccent + spelling folding in the documents, the SearchName
// table with a trigram index, typo fallback, page and total in one statement).
//
//   BEFORE_URL=postgres://...  AFTER_URL=postgres://...            latency (same generated data; AFTER migrated)
//   SEED_BEFORE_URL=postgres://... SEED_AFTER_URL=postgres://...   quality on the labelled queries (seed data)
//   npx tsx bench/search-choice.ts [--runs 15]
//
// Latency: each query run `runs` times on one warm connection per database, sequentially, after
// 3 warm-up runs; median and p90 of the statement time(s) one GraphQL search costs. Quality:
// for each labelled query, whether the thing it names is the first hit and whether it is in the
// first 10, on the seed data.
import pg from "pg";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1] || 15);

const OLD_KINDS = [
  ["Organisation", "english", false],
  ["Country", "english", false],
  ["Person", "simple", false],
  ["Summit", "english", true],
  ["Engagement", "english", true],
  ["Incident", "english", true],
  ["Statement", "english", true],
] as const;
const oldHits = OLD_KINDS.map(
  ([t, cfg, r]) =>
    `SELECT '${t}'::text AS kind, x.id, ts_rank_cd(x.search, websearch_to_tsquery('${cfg}', $1), 32)::float8 AS rank FROM "${t}" x WHERE x.search @@ websearch_to_tsquery('${cfg}', $1)${r ? ` AND x."retractedAt" IS NULL` : ""}`,
).join(" UNION ALL ");
/** The search before this change: two statements per request (the page, then totalCount). */
const OLD = [
  `SELECT kind, id, rank FROM (${oldHits}) hits ORDER BY rank DESC, kind, id OFFSET 0 LIMIT 21`,
  `SELECT count(*)::int AS n FROM (${oldHits}) hits`,
];

/** The chosen search: the statement src/domain/search.ts sends, with the text as $1. */
async function newSql(text: string): Promise<{ sql: string; values: unknown[] }> {
  process.env.DATABASE_URL ??= "postgres://unused";
  const { searchStatement } = await import("../src/domain/search.ts");
  const s = searchStatement(text, 0, 21);
  return { sql: s.text, values: s.values };
}

async function timeOne(client: pg.Client, statements: { sql: string; values: unknown[] }[]) {
  const t = process.hrtime.bigint();
  for (const s of statements) await client.query(s.sql, s.values);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length / 2)]!, p90: s[Math.floor(s.length * 0.9)]! };
}

const LATENCY_QUERIES = ["defence ministers meeting", "Qingdao", "Rajnat Singh", "organization", "secretary general"];

async function latency(beforeUrl: string, afterUrl: string) {
  const before = new pg.Client({ connectionString: beforeUrl });
  const after = new pg.Client({ connectionString: afterUrl });
  await before.connect();
  await after.connect();
  const rows: string[] = [];
  for (const q of LATENCY_QUERIES) {
    const oldStatements = OLD.map((sql) => ({ sql, values: [q] }));
    const newStatement = [await newSql(q)];
    const [{ n: oldTotal }] = (await before.query(OLD[1]!, [q])).rows;
    const newTotal = (await after.query(newStatement[0]!.sql, newStatement[0]!.values)).rows[0]?.total;
    for (let i = 0; i < 3; i++) {
      await timeOne(before, oldStatements);
      await timeOne(after, newStatement);
    }
    const a: number[] = [];
    const b: number[] = [];
    // Interleaved, so load from other work on the machine falls on both alike.
    for (let i = 0; i < runs; i++) {
      a.push(await timeOne(before, oldStatements));
      b.push(await timeOne(after, newStatement));
    }
    const sa = stats(a);
    const sb = stats(b);
    rows.push(`| ${q} | ${oldTotal} | ${sa.p50.toFixed(1)} / ${sa.p90.toFixed(1)} | ${newTotal} | ${sb.p50.toFixed(1)} / ${sb.p90.toFixed(1)} |`);
  }
  await before.end();
  await after.end();
  return [
    `| query | before: hits | before: p50 / p90 ms (2 statements) | after: hits | after: p50 / p90 ms (1 statement) |`,
    `|---|---|---|---|---|`,
    ...rows,
  ].join("\n");
}

/** Labelled queries on the seed data: the thing each names, as kind and a label column. */
const LABELLED: { q: string; want: string; why: string }[] = [
  { q: "Qingdao", want: "Summit:sco-dmm-2025-qingdao", why: "a summit's city" },
  { q: "Qindao", want: "Summit:sco-dmm-2025-qingdao", why: "typo in a city" },
  { q: "defense ministers meeting", want: "Summit:sco-dmm-2025-qingdao", why: "American spelling" },
  { q: "Organization", want: "Organisation:SCO", why: "American spelling" },
  { q: "Shanghai Cooperation Organization", want: "Organisation:SCO", why: "full name, American spelling" },
  { q: "SCO", want: "Organisation:SCO", why: "acronym" },
  { q: "Turkiye", want: "Country:TR", why: "accent-free spelling" },
  { q: "Rajnat Singh", want: "Person:rajnath-singh", why: "typo in a person" },
  { q: "Singh", want: "Person:rajnath-singh", why: "surname" },
  { q: "Yermekbaev", want: "Person:nurlan-yermekbayev", why: "transliteration variant" },
  { q: "Khawaja Asif", want: "Person:khawaja-muhammad-asif", why: "alternate name" },
  { q: "Marka-e-Haq", want: "Incident:india-pakistan-standoff-2025-05", why: "a side's name for an incident" },
  { q: "Minister of National Defence", want: "Person:dong-jun", why: "office title, British spelling of a US-spelt title" },
  { q: "secretary general", want: "Person:nurlan-yermekbayev", why: "office title (either holder)" },
  { q: "stabilizing", want: "Statement:pakistan-nsa-regional-stabiliser-2025", why: "-ize in a summary" },
];

async function labelOf(client: pg.Client, kind: string, id: number) {
  const col = kind === "Organisation" ? "acronym" : kind === "Country" ? "code" : "slug";
  const { rows } = await client.query(`SELECT ${col} AS l FROM "${kind}" WHERE id = $1`, [id]);
  return `${kind}:${rows[0]?.l}`;
}

async function quality(url: string, statements: (q: string) => Promise<{ sql: string; values: unknown[] }>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const out: { first: boolean; top10: boolean }[] = [];
  for (const { q, want } of LABELLED) {
    const s = await statements(q);
    const rows = (await client.query(s.sql, s.values)).rows.filter((r) => r.kind);
    const labels = [];
    for (const r of rows.slice(0, 10)) labels.push(await labelOf(client, r.kind, r.id));
    out.push({ first: labels[0] === want || (q === "secretary general" && labels[0] === "Person:zhang-ming"), top10: labels.includes(want) });
  }
  await client.end();
  return out;
}

async function main() {
  const { BEFORE_URL, AFTER_URL, SEED_BEFORE_URL, SEED_AFTER_URL } = process.env;
  if (BEFORE_URL && AFTER_URL) console.log(`### Latency\n\n${await latency(BEFORE_URL, AFTER_URL)}\n`);
  if (SEED_BEFORE_URL && SEED_AFTER_URL) {
    const before = await quality(SEED_BEFORE_URL, async (q) => ({ sql: OLD[0]!, values: [q] }));
    const after = await quality(SEED_AFTER_URL, newSql);
    const mark = (b: boolean) => (b ? "yes" : "no");
    console.log("### Quality on the labelled queries (seed data)\n");
    console.log("| query | what it tests | wanted | before: first / top 10 | after: first / top 10 |\n|---|---|---|---|---|");
    LABELLED.forEach((l, i) =>
      console.log(`| ${l.q} | ${l.why} | ${l.want} | ${mark(before[i]!.first)} / ${mark(before[i]!.top10)} | ${mark(after[i]!.first)} / ${mark(after[i]!.top10)} |`),
    );
    const sum = (xs: { first: boolean; top10: boolean }[], k: "first" | "top10") => xs.filter((x) => x[k]).length;
    console.log(`| **total** | | | ${sum(before, "first")} / ${sum(before, "top10")} of ${LABELLED.length} | ${sum(after, "first")} / ${sum(after, "top10")} of ${LABELLED.length} |`);
  }
}

await main();
