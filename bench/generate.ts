// Deterministic benchmark data generator.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/summitry_bench_sf1 npx tsx bench/generate.ts 1
//   npx tsx bench/generate.ts --sf 10 [--force]      (DATABASE_URL defaults to summitry_bench_sf<SF>)
//
// (Re)creates the database, applies our migrations, loads every table with COPY (one transaction
// per table, FK triggers off, secondary indexes dropped during the load and rebuilt after, so the
// rebuild also re-validates every unique index), runs ANALYZE and records what it made in
// bench.generated. The same seed and scale factor give byte-identical rows on every run: every
// entity draws from its own PRNG seeded by (seed, table, id), so tables can be streamed in
// several passes without holding SF100 in memory.
//
// The generated tsvector `search` columns are never written: PostgreSQL computes them.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { storeBounds } from "./evidence-bounds.ts";

/** Bump when the generated data changes: run.ts regenerates databases whose marker differs. */
export const GENERATOR_VERSION = "8"; // 8: migration page_paths (search tiers, covering rollup, ordered indexes; 7 was a draft of it); 6: evidence bounds set-based, before the history (version 1 holds them); 5: search names; 4: history (FactVersion); 3: participant dates, evidence bounds, the engagement-count rollup
export const SEED = 20250626;

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");

export function benchDatabaseUrl(sf: number, base = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres") {
  const u = new URL(base);
  u.pathname = `/summitry_bench_sf${sf}`;
  return u.toString();
}

// ---------------------------------------------------------------------------------------------
// PRNG: mulberry32, seeded per entity by a 32-bit hash of (seed, stream, index).

function hash3(a: number, b: number, c: number) {
  let h = (a ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (b + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13) ^ (c + 0x165667b1), 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  static of(stream: number, index: number) {
    return new Rng(hash3(SEED, stream, index));
  }
  next() {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number) {
    return this.next() < p;
  }
  /** Index drawn from cumulative weights. */
  weighted(cum: Float64Array | number[]) {
    const x = this.next() * cum[cum.length - 1]!;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

const S = { country: 1, org: 2, member: 3, person: 4, tenure: 5, series: 6, summit: 7, attend: 8, eng: 9, incident: 10, statement: 11, cite: 12, source: 13 };

// ---------------------------------------------------------------------------------------------
// Dates as day numbers (days since 1970-01-01, UTC).

const MS_DAY = 86_400_000;
const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / MS_DAY;
const ymd = (n: number) => new Date(n * MS_DAY).toISOString().slice(0, 10);
const yearOf = (n: number) => new Date(n * MS_DAY).getUTCFullYear();
type Precision = "YEAR" | "MONTH" | "DAY";
function trunc(n: number, p: Precision) {
  if (p === "DAY") return n;
  const d = new Date(n * MS_DAY);
  return p === "YEAR" ? day(d.getUTCFullYear(), 1, 1) : day(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}
function lastDay(n: number, p: Precision) {
  if (p === "DAY") return n;
  const d = new Date(n * MS_DAY);
  return p === "YEAR" ? day(d.getUTCFullYear() + 1, 1, 1) - 1 : day(d.getUTCFullYear(), d.getUTCMonth() + 2, 1) - 1;
}
function precision(r: Rng, pDay = 0.85, pMonth = 0.1): Precision {
  const x = r.next();
  return x < pDay ? "DAY" : x < pDay + pMonth ? "MONTH" : "YEAR";
}
const TODAY = day(2026, 6, 30);
const FIRST = day(1995, 1, 1);

// ---------------------------------------------------------------------------------------------
// COPY text format.

function esc(v: unknown): string {
  if (v === null || v === undefined) return "\\N";
  if (Array.isArray(v)) return esc(`{${v.map((x) => `"${String(x).replace(/["\\]/g, "\\$&")}"`).join(",")}}`);
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : s;
}

const STAMP = "2026-01-01 00:00:00+00";

async function copyTable(client: pg.Client, table: string, columns: string[], rows: () => Iterable<unknown[]>) {
  const started = Date.now();
  await client.query("BEGIN");
  const stream = client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN`));
  const done = new Promise<void>((ok, fail) => {
    stream.on("finish", ok);
    stream.on("error", fail);
  });
  let buf = "";
  let n = 0;
  for (const row of rows()) {
    buf += row.map(esc).join("\t") + "\n";
    n++;
    if (buf.length > 1 << 16) {
      if (!stream.write(buf)) await new Promise((ok) => stream.once("drain", ok));
      buf = "";
    }
  }
  stream.end(buf);
  await done;
  await client.query("COMMIT");
  log(`  ${table}: ${n} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  counts[table] = n;
  return n;
}

const counts: Record<string, number> = {};
const log = (s: string) => console.log(`[generate] ${s}`);

// ---------------------------------------------------------------------------------------------
// The world: countries, organisations (fixed), then everything that scales.

const REAL_COUNTRIES: [string, string, string, string][] = [
  ["IN", "IND", "India", "Southern Asia"], ["PK", "PAK", "Pakistan", "Southern Asia"],
  ["CN", "CHN", "China", "Eastern Asia"], ["RU", "RUS", "Russian Federation", "Eastern Europe"],
  ["US", "USA", "United States of America", "Northern America"], ["KZ", "KAZ", "Kazakhstan", "Central Asia"],
  ["KG", "KGZ", "Kyrgyzstan", "Central Asia"], ["TJ", "TJK", "Tajikistan", "Central Asia"],
  ["UZ", "UZB", "Uzbekistan", "Central Asia"], ["IR", "IRN", "Iran", "Southern Asia"],
  ["BY", "BLR", "Belarus", "Eastern Europe"], ["MN", "MNG", "Mongolia", "Eastern Asia"],
  ["AF", "AFG", "Afghanistan", "Southern Asia"], ["TR", "TUR", "Türkiye", "Western Asia"],
  ["LK", "LKA", "Sri Lanka", "Southern Asia"], ["NP", "NPL", "Nepal", "Southern Asia"],
  ["BD", "BGD", "Bangladesh", "Southern Asia"], ["AZ", "AZE", "Azerbaijan", "Western Asia"],
  ["AM", "ARM", "Armenia", "Western Asia"], ["KH", "KHM", "Cambodia", "South-eastern Asia"],
  ["SA", "SAU", "Saudi Arabia", "Western Asia"], ["EG", "EGY", "Egypt", "Northern Africa"],
  ["QA", "QAT", "Qatar", "Western Asia"], ["AE", "ARE", "United Arab Emirates", "Western Asia"],
  ["JP", "JPN", "Japan", "Eastern Asia"], ["KR", "KOR", "Republic of Korea", "Eastern Asia"],
  ["KP", "PRK", "Democratic People's Republic of Korea", "Eastern Asia"], ["AU", "AUS", "Australia", "Australia and New Zealand"],
  ["GB", "GBR", "United Kingdom", "Northern Europe"], ["FR", "FRA", "France", "Western Europe"],
  ["DE", "DEU", "Germany", "Western Europe"], ["BR", "BRA", "Brazil", "South America"],
  ["ZA", "ZAF", "South Africa", "Southern Africa"], ["ID", "IDN", "Indonesia", "South-eastern Asia"],
  ["VN", "VNM", "Viet Nam", "South-eastern Asia"], ["MM", "MMR", "Myanmar", "South-eastern Asia"],
  ["TM", "TKM", "Turkmenistan", "Central Asia"], ["UA", "UKR", "Ukraine", "Eastern Europe"],
  ["MV", "MDV", "Maldives", "Southern Asia"], ["BT", "BTN", "Bhutan", "Southern Asia"],
];
const REGIONS = ["Eastern Africa", "Western Africa", "South America", "Caribbean", "Southern Europe", "Western Asia", "Polynesia", "Melanesia", "Central America", "Northern Europe", "Middle Africa", "South-eastern Asia"];
const SYL = ["ba", "ra", "lo", "ni", "ta", "ve", "sa", "mi", "do", "ke", "lu", "zan", "tor", "mar", "qui", "del", "sor", "pen", "gal", "ris"];
const COUNTRY_COUNT = 200;

type Country = { id: number; code: string; alpha3: string; name: string; region: string; weight: number };

function makeCountries(): Country[] {
  const out: Country[] = [];
  const codes = new Set<string>();
  const a3s = new Set<string>();
  for (const [code, alpha3, name, region] of REAL_COUNTRIES) {
    out.push({ id: out.length + 1, code, alpha3, name, region, weight: 0 });
    codes.add(code);
    a3s.add(alpha3);
  }
  const r = Rng.of(S.country, 0);
  const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  // Two-letter codes in a fixed scrambled order, skipping the real ones; alpha3 = code + a letter.
  let k = 0;
  while (out.length < COUNTRY_COUNT) {
    const i = (k * 269 + 17) % 676;
    k++;
    const code = A[Math.floor(i / 26)]! + A[i % 26]!;
    if (codes.has(code)) continue;
    let alpha3 = "";
    for (let j = 0; j < 26; j++) {
      const cand = code + A[(i + j) % 26]!;
      if (!a3s.has(cand)) {
        alpha3 = cand;
        break;
      }
    }
    codes.add(code);
    a3s.add(alpha3);
    const base = Array.from({ length: r.int(2, 3) }, () => r.pick(SYL)).join("");
    const name = `${base[0]!.toUpperCase()}${base.slice(1)}${r.pick(["ia", "stan", "land", "a", "ica", "ore"])}`;
    out.push({ id: out.length + 1, code, alpha3, name, region: r.pick(REGIONS), weight: 0 });
  }
  // Zipf-like activity weight by position (real countries first, the hot ones at the top).
  out.forEach((c, i) => (c.weight = 1 / Math.pow(i + 1, 0.9)));
  return out;
}

type Org = { id: number; acronym: string; name: string; kind: string; founded: number; foundedP: Precision; seat: string; seatCountry: string };
const ORGS: Omit<Org, "id">[] = [
  { acronym: "SCO", name: "Shanghai Cooperation Organisation", kind: "INTERGOVERNMENTAL_ORGANISATION", founded: day(2001, 6, 15), foundedP: "DAY", seat: "Beijing", seatCountry: "CN" },
  { acronym: "CSTO", name: "Collective Security Treaty Organization", kind: "MILITARY_ALLIANCE", founded: day(2002, 10, 7), foundedP: "DAY", seat: "Moscow", seatCountry: "RU" },
  { acronym: "BRICS", name: "BRICS", kind: "REGIONAL_FORUM", founded: day(2009, 6, 16), foundedP: "DAY", seat: "Shanghai", seatCountry: "CN" },
  { acronym: "SAARC", name: "South Asian Association for Regional Cooperation", kind: "INTERGOVERNMENTAL_ORGANISATION", founded: day(1985, 12, 8), foundedP: "DAY", seat: "Kathmandu", seatCountry: "NP" },
  { acronym: "ASEAN", name: "Association of Southeast Asian Nations", kind: "INTERGOVERNMENTAL_ORGANISATION", founded: day(1967, 8, 8), foundedP: "DAY", seat: "Jakarta", seatCountry: "ID" },
  { acronym: "ARF", name: "ASEAN Regional Forum", kind: "REGIONAL_FORUM", founded: day(1994, 1, 1), foundedP: "YEAR", seat: "Jakarta", seatCountry: "ID" },
  { acronym: "CICA", name: "Conference on Interaction and Confidence-Building Measures in Asia", kind: "REGIONAL_FORUM", founded: day(1992, 10, 1), foundedP: "MONTH", seat: "Astana", seatCountry: "KZ" },
  { acronym: "CIS", name: "Commonwealth of Independent States", kind: "INTERGOVERNMENTAL_ORGANISATION", founded: day(1991, 12, 8), foundedP: "DAY", seat: "Minsk", seatCountry: "BY" },
  { acronym: "EAEU", name: "Eurasian Economic Union", kind: "INTERGOVERNMENTAL_ORGANISATION", founded: day(2015, 1, 1), foundedP: "DAY", seat: "Moscow", seatCountry: "RU" },
  { acronym: "NATO", name: "North Atlantic Treaty Organization", kind: "MILITARY_ALLIANCE", founded: day(1949, 4, 4), foundedP: "DAY", seat: "Brussels", seatCountry: "FR" },
  { acronym: "QUAD", name: "Quadrilateral Security Dialogue", kind: "REGIONAL_FORUM", founded: day(2007, 1, 1), foundedP: "YEAR", seat: "Canberra", seatCountry: "AU" },
  { acronym: "ADMM", name: "ASEAN Defence Ministers' Meeting-Plus", kind: "REGIONAL_FORUM", founded: day(2010, 10, 12), foundedP: "DAY", seat: "Jakarta", seatCountry: "ID" },
  { acronym: "G20", name: "Group of Twenty", kind: "REGIONAL_FORUM", founded: day(1999, 9, 1), foundedP: "MONTH", seat: "Rotating", seatCountry: "ZA" },
  { acronym: "GCC", name: "Gulf Cooperation Council", kind: "INTERGOVERNMENTAL_ORGANISATION", founded: day(1981, 5, 25), foundedP: "DAY", seat: "Riyadh", seatCountry: "SA" },
  { acronym: "BIMSTEC", name: "Bay of Bengal Initiative for Multi-Sectoral Technical and Economic Cooperation", kind: "INTERGOVERNMENTAL_ORGANISATION", founded: day(1997, 6, 6), foundedP: "DAY", seat: "Dhaka", seatCountry: "BD" },
  { acronym: "OIC", name: "Organisation of Islamic Cooperation", kind: "INTERGOVERNMENTAL_ORGANISATION", founded: day(1969, 9, 25), foundedP: "DAY", seat: "Jeddah", seatCountry: "SA" },
  { acronym: "ECO", name: "Economic Cooperation Organization", kind: "INTERGOVERNMENTAL_ORGANISATION", founded: day(1985, 1, 1), foundedP: "YEAR", seat: "Tehran", seatCountry: "IR" },
  { acronym: "RATS", name: "SCO Regional Anti-Terrorist Structure", kind: "SECRETARIAT", founded: day(2004, 6, 17), foundedP: "DAY", seat: "Tashkent", seatCountry: "UZ" },
  { acronym: "IORA", name: "Indian Ocean Rim Association", kind: "INTERGOVERNMENTAL_ORGANISATION", founded: day(1997, 3, 1), foundedP: "MONTH", seat: "Ebene", seatCountry: "MV" },
  { acronym: "NAM", name: "Non-Aligned Movement", kind: "REGIONAL_FORUM", founded: day(1961, 9, 1), foundedP: "MONTH", seat: "Rotating", seatCountry: "EG" },
];

const PORTFOLIO_TITLE: Record<string, string> = {
  HEAD_OF_STATE: "President", HEAD_OF_GOVERNMENT: "Prime Minister", DEFENCE: "Minister of Defence",
  FOREIGN_AFFAIRS: "Minister of Foreign Affairs", PUBLIC_SECURITY: "Minister of Public Security",
  INTERIOR: "Minister of the Interior", NATIONAL_SECURITY_ADVISER: "National Security Adviser",
  DEPUTY_DEFENCE: "Deputy Minister of Defence", MILITARY_COMMAND: "Chief of the General Staff",
};
const COUNTRY_PORTFOLIOS = Object.keys(PORTFOLIO_TITLE);
const FIRST_NAMES = ["Arun", "Bilal", "Chen", "Dmitry", "Elena", "Farid", "Gulnara", "Hamid", "Irina", "Jamshid", "Kamal", "Li", "Maria", "Nurlan", "Olga", "Pavel", "Qasim", "Rustam", "Sergei", "Tahir", "Usman", "Viktor", "Wang", "Xu", "Yusuf", "Zhang", "Anil", "Bakhyt", "Dilnoza", "Sanjay"];
const LAST_NAMES = ["Singh", "Khan", "Wei", "Ivanov", "Petrova", "Rahimov", "Karimova", "Ahmadi", "Sokolova", "Tashkentov", "Sharma", "Jun", "Lopez", "Abenov", "Volkova", "Morozov", "Qureshi", "Nazarov", "Shoigu", "Mahmood", "Akhtar", "Orlov", "Yi", "Ming", "Hassan", "Li", "Kumar", "Suleimenov", "Yusupova", "Verma"];

const TOPICS = ["terrorism", "border security", "joint exercises", "counter-terrorism", "regional stability", "arms control", "maritime security", "cyber security", "drug trafficking", "military cooperation", "sovereignty", "ceasefire", "de-escalation", "energy security", "connectivity", "extremism"];
const WORDS = ["ministers", "discussed", "regional", "security", "cooperation", "meeting", "defence", "dialogue", "border", "agreed", "exercise", "talks", "bilateral", "delegation", "framework", "counter-terrorism", "joint", "statement", "sidelines", "summit", "confidence", "measures", "troops", "communication", "hotline", "tensions", "visit", "officials", "reaffirmed", "commitment"];
const PUBLISHERS = ["Reuters", "Associated Press", "Xinhua", "TASS", "The Hindu", "Dawn", "Press Trust of India", "Ministry of Defence", "Ministry of Foreign Affairs", "SCO Secretariat", "Al Jazeera", "BBC", "South China Morning Post", "The Diplomat", "Kazinform"];

function sentence(r: Rng, min: number, max: number) {
  const n = r.int(min, max);
  const ws: string[] = [];
  for (let i = 0; i < n; i++) ws.push(r.pick(WORDS));
  const s = ws.join(" ");
  return s[0]!.toUpperCase() + s.slice(1) + ".";
}

// ---------------------------------------------------------------------------------------------

export type Plan = ReturnType<typeof plan>;

/** Row counts that depend on the scale factor. */
export function plan(sf: number) {
  return {
    engagements: 10_000 * sf,
    people: 2_000 + 500 * sf,
    sources: 3_000 * sf,
    seriesPerOrg: 3 + Math.floor(sf / 2),
    incidents: 200 * sf,
    statements: 2_000 * sf,
  };
}

export async function generate(sf: number, databaseUrl: string) {
  const t0 = Date.now();
  const P = plan(sf);
  const countries = makeCountries();
  const byCode = new Map(countries.map((c) => [c.code, c]));
  const C = (code: string) => byCode.get(code)!.id;
  const orgs: Org[] = ORGS.map((o, i) => ({ ...o, id: i + 1 }));

  // (Re)create the database and apply our migrations.
  const admin = new pg.Client({ connectionString: (() => { const u = new URL(databaseUrl); u.pathname = "/postgres"; return u.toString(); })() });
  await admin.connect();
  const dbName = new URL(databaseUrl).pathname.slice(1);
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  let t = Date.now();
  execFileSync(process.execPath, [...process.execArgv, resolve(repo, "scripts/migrate.ts"), "deploy"], {
    cwd: repo, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "ignore", "inherit"],
  });
  log(`database ${dbName} created and migrated in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query("SET session_replication_role = replica"); // no FK triggers during the load
  await client.query("SET maintenance_work_mem = '512MB'");
  const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`);
  for (const ix of indexes) await client.query(`DROP INDEX "${ix.indexname}"`);

  // --- Sources -------------------------------------------------------------------------------
  const KINDS = ["NEWS_REPORT", "NEWS_REPORT", "NEWS_REPORT", "OFFICIAL", "REFERENCE"];
  await copyTable(client, "Source", ["id", "url", "title", "publisher", "kind", "publishedDate", "publishedPrecision", "retrievedDate", "createdAt"], function* () {
    for (let i = 1; i <= P.sources; i++) {
      const r = Rng.of(S.source, i);
      const publisher = r.pick(PUBLISHERS);
      const pub = r.chance(0.9) ? r.int(FIRST, TODAY) : null;
      const p = pub === null ? null : precision(r, 0.9, 0.08);
      yield [i, `https://news.example/${publisher.toLowerCase().replace(/\W+/g, "-")}/${i}`, sentence(r, 4, 9), publisher, r.pick(KINDS),
        pub === null ? null : ymd(trunc(pub, p!)), p, pub === null ? null : ymd(Math.min(TODAY, pub + r.int(0, 400))), STAMP];
    }
  });
  /** k distinct sources for a fact, from a Zipf-ish popularity so some sources are cited a lot. */
  const sourcesFor = (r: Rng, k: number) => {
    const out: number[] = [];
    while (out.length < k) {
      const s = r.chance(0.3) ? 1 + Math.floor(Math.pow(r.next(), 3) * P.sources) : r.int(1, P.sources);
      if (!out.includes(s)) out.push(s);
    }
    return out;
  };

  // --- Countries, organisations --------------------------------------------------------------
  await copyTable(client, "Country", ["id", "code", "alpha3", "name", "region", "createdAt", "updatedAt"], function* () {
    for (const c of countries) yield [c.id, c.code, c.alpha3, c.name, c.region, STAMP, STAMP];
  });
  await copyTable(client, "Organisation", ["id", "acronym", "name", "kind", "foundedDate", "foundedPrecision", "seatCity", "seatCountryId", "seatSinceDate", "seatSincePrecision", "createdAt", "updatedAt"], function* () {
    for (const o of orgs) yield [o.id, o.acronym, o.name, o.kind, ymd(o.founded), o.foundedP, o.seat, C(o.seatCountry), ymd(trunc(o.founded + 400, "YEAR")), "YEAR", STAMP, STAMP];
  });

  // --- Memberships: SCO as it was, other organisations as generated histories ----------------
  type Mem = { id: number; org: number; country: number; status: string; founding: boolean; from: number | null; fromP: Precision | null; to: number | null; toP: Precision | null; attested: number | null };
  const mems: Mem[] = [];
  const addHistory = (org: number, country: number, steps: [string, number, Precision][], founding = false) => {
    steps.forEach(([status, from, fromP], i) => {
      const next = steps[i + 1];
      let to: number | null = null;
      let toP: Precision | null = null;
      if (next) {
        toP = next[2];
        to = trunc(next[1] - 1, toP);
      }
      mems.push({ id: mems.length + 1, org, country, status, founding: founding && i === 0, from: trunc(from, fromP), fromP, to, toP, attested: null });
    });
  };
  const sco = 1;
  for (const code of ["CN", "RU", "KZ", "KG", "TJ", "UZ"]) addHistory(sco, C(code), [["MEMBER", day(2001, 6, 15), "DAY"]], true);
  addHistory(sco, C("IN"), [["OBSERVER", day(2005, 7, 5), "DAY"], ["MEMBER", day(2017, 6, 9), "DAY"]]);
  addHistory(sco, C("PK"), [["OBSERVER", day(2005, 7, 5), "DAY"], ["MEMBER", day(2017, 6, 9), "DAY"]]);
  addHistory(sco, C("IR"), [["OBSERVER", day(2005, 7, 5), "DAY"], ["MEMBER", day(2023, 7, 4), "DAY"]]);
  addHistory(sco, C("BY"), [["DIALOGUE_PARTNER", day(2010, 1, 1), "YEAR"], ["OBSERVER", day(2015, 7, 10), "DAY"], ["MEMBER", day(2024, 7, 4), "DAY"]]);
  addHistory(sco, C("MN"), [["OBSERVER", day(2004, 6, 17), "DAY"]]);
  addHistory(sco, C("AF"), [["OBSERVER", day(2012, 6, 7), "DAY"]]);
  for (const code of ["LK", "TR", "AZ", "AM", "KH", "NP", "EG", "QA", "SA", "AE", "MV", "MM", "BD"]) {
    const r = Rng.of(S.member, C(code));
    addHistory(sco, C(code), [["DIALOGUE_PARTNER", r.int(day(2009, 1, 1), day(2023, 12, 31)), precision(r, 0.6, 0.3)]]);
  }
  const memberOf = new Map<number, number[]>([[sco, [...new Set(mems.filter((m) => m.org === sco).map((m) => m.country))]]]);
  for (const o of orgs.slice(1)) {
    const r = Rng.of(S.member, 1000 + o.id);
    const n = r.int(8, 45);
    const set = new Set<number>();
    while (set.size < n) set.add(r.weighted(cumWeights(countries)) + 1);
    memberOf.set(o.id, [...set].sort((a, b) => a - b));
    for (const country of memberOf.get(o.id)!) {
      // A long history: applicant / observer / member / suspended / member again / former member.
      const steps: [string, number, Precision][] = [];
      let at = Math.max(o.founded, day(1950, 1, 1)) + (r.chance(0.3) ? 0 : r.int(0, 6000));
      const founding = at === Math.max(o.founded, day(1950, 1, 1));
      const path = r.pick([["MEMBER"], ["OBSERVER", "MEMBER"], ["APPLICANT", "OBSERVER", "MEMBER"], ["DIALOGUE_PARTNER", "OBSERVER", "MEMBER", "SUSPENDED", "MEMBER"], ["MEMBER", "SUSPENDED", "MEMBER", "FORMER_MEMBER"], ["GUEST_ATTENDANCE", "DIALOGUE_PARTNER"], ["OBSERVER"]]);
      for (const status of path) {
        if (at > TODAY - 400) break;
        steps.push([status, at, founding && steps.length === 0 ? o.foundedP : precision(r, 0.7, 0.2)]);
        at += r.int(800, 4000);
      }
      if (steps.length) addHistory(o.id, country, steps, founding);
    }
  }
  // A few memberships whose start is unknown: only a date on which a source shows them.
  for (const m of mems) {
    if (!m.founding && m.org !== sco && m.to !== null && Rng.of(S.member, 50_000 + m.id).chance(0.03)) {
      m.attested = m.from;
      m.from = null;
      m.fromP = null;
    }
  }
  await copyTable(client, "Membership", ["id", "organisationId", "countryId", "status", "founding", "fromDate", "fromPrecision", "toDate", "toPrecision", "attestedDate", "attestedPrecision", "createdAt", "updatedAt"], function* () {
    for (const m of mems) yield [m.id, m.org, m.country, m.status, m.founding, m.from === null ? null : ymd(m.from), m.fromP, m.to === null ? null : ymd(m.to), m.toP, m.attested === null ? null : ymd(m.attested), m.attested === null ? null : "DAY", STAMP, STAMP];
  });

  // --- People: each belongs to a country (a few to none: organisation officials) --------------
  type Person = { id: number; slug: string; name: string; country: number | null };
  const people: Person[] = [];
  const peopleOf = new Map<number, number[]>();
  const REAL_PEOPLE: [string, string, string][] = [["rajnath-singh", "Rajnath Singh", "IN"], ["khawaja-asif", "Khawaja Muhammad Asif", "PK"], ["dong-jun", "Dong Jun", "CN"], ["andrey-belousov", "Andrey Belousov", "RU"]];
  for (const [slug, name, code] of REAL_PEOPLE) people.push({ id: people.length + 1, slug, name, country: C(code) });
  const cum = cumWeights(countries);
  for (let i = people.length + 1; i <= P.people; i++) {
    const r = Rng.of(S.person, i);
    // Every country gets a few people; beyond that, people follow country activity.
    const country = i <= 4 + countries.length * 4 ? ((i - 5) % countries.length) + 1 : r.chance(0.03) ? null : r.weighted(cum) + 1;
    people.push({ id: i, slug: `person-${i}`, name: `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)} ${i}`, country });
  }
  for (const p of people) if (p.country !== null) (peopleOf.get(p.country) ?? peopleOf.set(p.country, []).get(p.country)!).push(p.id);
  await copyTable(client, "Person", ["id", "slug", "name", "alternateNames", "countryId", "createdAt", "updatedAt"], function* () {
    for (const p of people) {
      const r = Rng.of(S.person, 100_000_000 + p.id);
      yield [p.id, p.slug, p.name, r.chance(0.2) ? [p.name.split(" ").reverse().join(" ")] : [], p.country, STAMP, STAMP];
    }
  });

  // --- Tenures: every country has a chain per portfolio (DEFENCE for all) from 1990 on --------
  type Tenure = { id: number; person: number; portfolio: string; country: number | null; org: number | null; from: number; fromP: Precision; to: number | null; toP: Precision | null };
  const tenures: Tenure[] = [];
  const holders = new Map<string, Tenure[]>(); // `${country}:${portfolio}` -> chain, oldest first
  const realLast: Record<string, [string, number]> = { IN: ["rajnath-singh", day(2019, 5, 31)], PK: ["khawaja-asif", day(2024, 3, 11)], CN: ["dong-jun", day(2023, 12, 29)], RU: ["andrey-belousov", day(2024, 5, 14)] };
  for (const c of countries) {
    const pool = peopleOf.get(c.id)!;
    COUNTRY_PORTFOLIOS.forEach((portfolio, pi) => {
      const r = Rng.of(S.tenure, c.id * 100 + pi);
      if (!["DEFENCE", "FOREIGN_AFFAIRS", "HEAD_OF_STATE"].includes(portfolio) && !r.chance(c.id <= 40 ? 0.8 : 0.3)) return;
      const chain: Tenure[] = [];
      let at = day(1990, 1, 1) + r.int(0, 900);
      const real = portfolio === "DEFENCE" ? realLast[c.code] : undefined;
      const end = real ? real[1] : TODAY;
      while (at < end) {
        let next = at + r.int(500, 2400);
        if (next >= end) next = real ? end : Infinity;
        const fromP: Precision = chain.length === 0 ? precision(r, 0.5, 0.3) : "DAY";
        const toP: Precision = r.chance(0.92) ? "DAY" : "MONTH";
        chain.push({ id: 0, person: r.pick(pool), portfolio, country: c.id, org: null, from: trunc(at, fromP), fromP, to: next === Infinity ? null : trunc(next - 1, toP), toP: next === Infinity ? null : toP });
        at = next;
      }
      if (real) chain.push({ id: 0, person: people.find((p) => p.slug === real[0])!.id, portfolio, country: c.id, org: null, from: real[1], fromP: "DAY", to: null, toP: null });
      for (const t of chain) tenures.push({ ...t, id: tenures.length + 1 });
      holders.set(`${c.id}:${portfolio}`, tenures.slice(tenures.length - chain.length));
    });
  }
  const officials = people.filter((p) => p.country === null).map((p) => p.id);
  for (const o of orgs) {
    const r = Rng.of(S.tenure, 900_000 + o.id);
    let at = Math.max(o.founded, day(1990, 1, 1));
    while (at < TODAY) {
      const next = at + r.int(1000, 2200);
      tenures.push({ id: tenures.length + 1, person: r.pick(officials), portfolio: "SECRETARY_GENERAL", country: null, org: o.id, from: at, fromP: "DAY", to: next >= TODAY ? null : next - 1, toP: next >= TODAY ? null : "DAY" });
      at = next;
    }
  }
  // Natural key (person, portfolio, country, org, from) can only collide if a person held the
  // same office twice from the same day, which the chains above cannot produce.
  await copyTable(client, "Tenure", ["id", "personId", "portfolio", "title", "countryId", "organisationId", "fromDate", "fromPrecision", "toDate", "toPrecision", "createdAt", "updatedAt"], function* () {
    for (const t of tenures) yield [t.id, t.person, t.portfolio, t.org ? "Secretary-General" : PORTFOLIO_TITLE[t.portfolio], t.country, t.org, ymd(t.from), t.fromP, t.to === null ? null : ymd(t.to), t.toP, STAMP, STAMP];
  });
  /** Who held `portfolio` for `country` on day `d` (null if nobody known). */
  const holderOn = (country: number, portfolio: string, d: number): number | null => {
    const chain = holders.get(`${country}:${portfolio}`);
    if (!chain) return null;
    let lo = 0, hi = chain.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (chain[mid]!.from <= d) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found < 0 ? null : chain[found]!.person;
  };

  // --- Event series and summits ---------------------------------------------------------------
  const SERIES_KINDS: [string, string | null][] = [["Defence Ministers' Meeting", "DEFENCE"], ["Council of Heads of State", "HEAD_OF_STATE"], ["Council of Foreign Ministers", "FOREIGN_AFFAIRS"], ["Security Council Secretaries' Meeting", "NATIONAL_SECURITY_ADVISER"], ["Heads of Government Council", "HEAD_OF_GOVERNMENT"], ["Interior Ministers' Meeting", "INTERIOR"], ["Chiefs of General Staff Meeting", "MILITARY_COMMAND"], ["Expert Working Group", null]];
  type Series = { id: number; org: number; slug: string; name: string; portfolio: string | null };
  type Summit = { id: number; org: number; series: number; host: number; city: string; start: number; startP: Precision; end: number | null; name: string; portfolio: string | null };
  const series: Series[] = [];
  const summits: Summit[] = [];
  for (const o of orgs) {
    for (let k = 0; k < P.seriesPerOrg; k++) {
      const [label, portfolio] = SERIES_KINDS[k % SERIES_KINDS.length]!;
      const round = Math.floor(k / SERIES_KINDS.length);
      const s: Series = { id: series.length + 1, org: o.id, slug: `${o.acronym.toLowerCase()}-series-${k + 1}`, name: `${o.acronym} ${label}${round ? ` (track ${round + 1})` : ""}`, portfolio };
      series.push(s);
      const members = memberOf.get(o.id)!;
      for (let y = Math.max(1996, yearOf(o.founded) + 1); y <= 2026; y++) {
        const r = Rng.of(S.summit, s.id * 10_000 + y);
        const start = day(y, r.int(1, 12), r.int(1, 28));
        if (start > TODAY) continue;
        const host = r.pick(members);
        const startP: Precision = r.chance(0.95) ? "DAY" : "MONTH";
        const ordinal = y - Math.max(1996, yearOf(o.founded) + 1) + 1;
        summits.push({ id: summits.length + 1, org: o.id, series: s.id, host, city: `${countries[host - 1]!.name} City`, start: trunc(start, startP), startP, end: startP === "DAY" ? start + r.int(0, 2) : null, name: `${ordinal}th ${s.name}, ${countries[host - 1]!.name} ${y}`, portfolio });
      }
    }
  }
  await copyTable(client, "EventSeries", ["id", "slug", "name", "organisationId", "portfolio"], function* () {
    for (const s of series) yield [s.id, s.slug, s.name, s.org, s.portfolio];
  });
  await copyTable(client, "Summit", ["id", "slug", "name", "organisationId", "seriesId", "hostCountryId", "city", "region", "startDate", "startPrecision", "endDate", "endPrecision", "hostPersonId", "note", "createdAt", "updatedAt"], function* () {
    for (const s of summits) {
      const r = Rng.of(S.summit, 77_000_000 + s.id);
      yield [s.id, `summit-${s.id}`, s.name, s.org, s.series, s.host, s.city, countries[s.host - 1]!.region, ymd(s.start), s.startP, s.end === null ? null : ymd(s.end), s.end === null ? null : "DAY",
        s.portfolio ? holderOn(s.host, s.portfolio, s.start) : null, r.chance(0.3) ? sentence(r, 8, 20) : null, STAMP, STAMP];
    }
  });

  // --- Attendance: a subset of the organisation's countries at each summit --------------------
  type Att = { id: number; summit: number; country: number; person: number | null; role: string; mode: string };
  const atts: Att[] = [];
  for (const s of summits) {
    const r = Rng.of(S.attend, s.id);
    const members = memberOf.get(s.org)!;
    for (const country of members) {
      if (country !== s.host && !r.chance(0.7)) continue;
      const x = r.next();
      const mode = x < 0.8 ? "IN_PERSON" : x < 0.92 ? "VIRTUAL" : "REPRESENTED_BY_DEPUTY";
      const person = s.portfolio ? holderOn(country, mode === "REPRESENTED_BY_DEPUTY" && s.portfolio === "DEFENCE" ? "DEPUTY_DEFENCE" : s.portfolio, s.start) : null;
      atts.push({ id: atts.length + 1, summit: s.id, country, person, role: country === s.host ? "HOST" : r.chance(0.9) ? "DELEGATE" : r.pick(["OBSERVER", "GUEST", "CHAIR"]), mode });
    }
  }
  await copyTable(client, "Attendance", ["id", "summitId", "countryId", "personId", "role", "mode", "createdAt", "updatedAt"], function* () {
    for (const a of atts) yield [a.id, a.summit, a.country, a.person, a.role, a.mode, STAMP, STAMP];
  });

  // --- Engagements: regenerated on demand from (seed, id), streamed in three passes -----------
  const HOT: [string, string, number][] = [["IN", "PK", 0.2], ["CN", "RU", 0.14], ["US", "CN", 0.09], ["IN", "CN", 0.05], ["RU", "KZ", 0.03], ["US", "RU", 0.03]];
  const hotCum: number[] = [];
  HOT.reduce((acc, h) => (hotCum.push(acc + h[2]), acc + h[2]), 0);
  const hotTotal = hotCum[hotCum.length - 1]!;
  const KIND_W: [string, number][] = [["BILATERAL_MEETING", 0.45], ["MULTILATERAL_MEETING", 0.12], ["INFORMAL_ENCOUNTER", 0.1], ["PHONE_CALL", 0.18], ["JOINT_EXERCISE", 0.07], ["COURTESY_CALL", 0.08]];
  const kindCum = cumOf(KIND_W.map((k) => k[1]));
  const STATUS_W: [string, number][] = [["HELD", 0.85], ["SPECULATED", 0.05], ["SCHEDULED", 0.04], ["CANCELLED", 0.04], ["DID_NOT_HAPPEN", 0.01], ["DENIED", 0.01]];
  const statusCum = cumOf(STATUS_W.map((s) => s[1]));
  const PORT_W: [string, number][] = [["DEFENCE", 0.4], ["FOREIGN_AFFAIRS", 0.3], ["HEAD_OF_STATE", 0.15], ["NATIONAL_SECURITY_ADVISER", 0.08], ["MILITARY_COMMAND", 0.07]];
  const portCum = cumOf(PORT_W.map((p) => p[1]));
  const TITLE_OF: Record<string, string> = { DEFENCE: "defence ministers", FOREIGN_AFFAIRS: "foreign ministers", HEAD_OF_STATE: "leaders", NATIONAL_SECURITY_ADVISER: "national security advisers", MILITARY_COMMAND: "army chiefs" };
  const KIND_TITLE: Record<string, string> = { BILATERAL_MEETING: "meeting", MULTILATERAL_MEETING: "meeting", INFORMAL_ENCOUNTER: "informal encounter", PHONE_CALL: "phone call", JOINT_EXERCISE: "joint exercise", COURTESY_CALL: "courtesy call" };
  // Dates lean to recent years: the news flow grows.
  const yearCum = cumOf(Array.from({ length: 2026 - 1995 + 1 }, (_, i) => 1 + i * 0.15));
  type Eng = { id: number; title: string; kind: string; formality: string; status: string; date: number; dateP: Precision; place: string | null; placeCountry: number | null; summit: number | null; org: number | null; summary: string | null; participants: [number, number | null, string][]; sources: number[] };
  const engagement = (id: number): Eng => {
    const r = Rng.of(S.eng, id);
    const kind = KIND_W[r.weighted(kindCum)]![0];
    const status = STATUS_W[r.weighted(statusCum)]![0];
    const portfolio = PORT_W[r.weighted(portCum)]![0];
    let cs: number[];
    const multi = kind === "MULTILATERAL_MEETING" || (kind === "JOINT_EXERCISE" && r.chance(0.5));
    if (!multi && r.chance(hotTotal)) {
      const h = HOT[r.weighted(hotCum)]!;
      cs = r.chance(0.5) ? [C(h[0]), C(h[1])] : [C(h[1]), C(h[0])];
    } else {
      cs = [];
      const n = multi ? r.int(3, 6) : 2;
      while (cs.length < n) {
        const c = r.weighted(cum) + 1;
        if (!cs.includes(c)) cs.push(c);
      }
    }
    let summit: number | null = null;
    let org: number | null = null;
    let date: number;
    let dateP: Precision;
    let place: string | null = null;
    let placeCountry: number | null = null;
    if (r.chance(0.3)) {
      const s = summits[r.int(0, summits.length - 1)]!;
      summit = s.id;
      date = s.start;
      dateP = s.startP;
      place = s.city;
      placeCountry = s.host;
    } else {
      const y = 1995 + r.weighted(yearCum);
      date = Math.min(day(y, 1, 1) + r.int(0, 364), TODAY + 180);
      dateP = precision(r, 0.88, 0.08);
      date = trunc(date, dateP);
      if (r.chance(0.6)) {
        placeCountry = r.pick(cs);
        place = `${countries[placeCountry - 1]!.name} City`;
      }
      if (kind === "JOINT_EXERCISE" || r.chance(0.08)) org = r.int(1, orgs.length) === 1 || r.chance(0.5) ? sco : r.int(1, orgs.length);
    }
    const names = cs.map((c) => countries[c - 1]!.name);
    const title = `${names.slice(0, 3).join("–")}${cs.length > 3 ? " and others" : ""} ${TITLE_OF[portfolio]} ${KIND_TITLE[kind]}`;
    const participants = cs.map((c, i): [number, number | null, string] => {
      const person = kind === "JOINT_EXERCISE" && r.chance(0.6) ? null : holderOn(c, portfolio, date);
      const role = kind === "JOINT_EXERCISE" ? "CONTINGENT" : multi ? "PARTICIPANT" : i === 0 ? "HOST" : "GUEST";
      return [c, person, role];
    });
    return {
      id, title: title[0]!.toUpperCase() + title.slice(1), kind, formality: r.chance(0.8) ? "FORMAL" : r.chance(0.8) ? "INFORMAL" : "BACKCHANNEL",
      status: date > TODAY - 30 && status === "HELD" ? "SCHEDULED" : status, date, dateP, place, placeCountry, summit, org,
      summary: r.chance(0.6) ? sentence(r, 12, 30) : null, participants, sources: sourcesFor(r, r.int(1, 3)),
    };
  };
  await copyTable(client, "Engagement", ["id", "slug", "title", "kind", "formality", "status", "date", "datePrecision", "place", "placeCountryId", "summitId", "organisationId", "summary", "createdAt", "updatedAt"], function* () {
    for (let i = 1; i <= P.engagements; i++) {
      const e = engagement(i);
      yield [i, `engagement-${i}`, e.title, e.kind, e.formality, e.status, ymd(e.date), e.dateP, e.place, e.placeCountry, e.summit, e.org, e.summary, STAMP, STAMP];
    }
  });
  // `date` is the engagement's (a trigger keeps it so in the service; triggers are off here).
  await copyTable(client, "EngagementParticipant", ["id", "engagementId", "countryId", "personId", "role", "date"], function* () {
    let id = 0;
    for (let i = 1; i <= P.engagements; i++) {
      const e = engagement(i);
      for (const [c, p, role] of e.participants) yield [++id, i, c, p, role, ymd(e.date)];
    }
  });

  // --- Incidents ------------------------------------------------------------------------------
  const INC_KINDS = ["MILITARY_STANDOFF", "ARMED_CLASH", "TERRORIST_ATTACK", "CROSS_BORDER_STRIKE", "OTHER"];
  const incident = (id: number) => {
    const r = Rng.of(S.incident, id);
    const hot = r.chance(0.4);
    const a = hot ? C(r.pick(["IN", "PK", "CN"])) : r.weighted(cum) + 1;
    let b = hot ? C(r.pick(["PK", "IN", "RU", "US"])) : r.weighted(cum) + 1;
    if (b === a) b = (a % countries.length) + 1;
    const startP = precision(r, 0.8, 0.15);
    const start = trunc(r.int(FIRST, TODAY), startP);
    const endP: Precision | null = r.chance(0.5) ? "DAY" : null;
    const kind = r.pick(INC_KINDS);
    const loc = `${countries[a - 1]!.name} border district ${r.int(1, 40)}`;
    return { id, a, b, start, startP, end: endP ? lastDay(start, startP) + r.int(0, 60) : null, endP, kind, loc,
      name: `${countries[a - 1]!.name}–${countries[b - 1]!.name} ${kind.toLowerCase().replace(/_/g, " ")} ${yearOf(start)}`,
      summary: sentence(r, 10, 25), names: [[`Operation ${r.pick(SYL)}${r.pick(SYL)}`, a], [`${loc} crisis`, null], [`${r.pick(SYL)}${r.pick(SYL)} incident`, b]] as [string, number | null][],
      sources: sourcesFor(r, r.int(1, 3)) };
  };
  await copyTable(client, "Incident", ["id", "slug", "name", "kind", "startDate", "startPrecision", "endDate", "endPrecision", "location", "summary", "createdAt", "updatedAt"], function* () {
    for (let i = 1; i <= P.incidents; i++) {
      const x = incident(i);
      yield [i, `incident-${i}`, x.name, x.kind, ymd(x.start), x.startP, x.end === null ? null : ymd(x.end), x.endP, x.loc, x.summary, STAMP, STAMP];
    }
  });
  await copyTable(client, "IncidentParty", ["id", "incidentId", "countryId"], function* () {
    let id = 0;
    for (let i = 1; i <= P.incidents; i++) {
      const x = incident(i);
      yield [++id, i, x.a];
      yield [++id, i, x.b];
    }
  });
  await copyTable(client, "IncidentName", ["id", "incidentId", "name", "usedByCountryId"], function* () {
    let id = 0;
    for (let i = 1; i <= P.incidents; i++) {
      const x = incident(i);
      const seen = new Set<string>();
      for (const [name, by] of x.names) if (!seen.has(name)) { seen.add(name); yield [++id, i, name, by]; }
    }
  });

  // --- Statements -----------------------------------------------------------------------------
  const statement = (id: number) => {
    const r = Rng.of(S.statement, id);
    const country = r.chance(0.3) ? C(r.pick(["IN", "PK", "CN", "RU"])) : r.weighted(cum) + 1;
    const dateP = precision(r, 0.9, 0.08);
    const date = trunc(day(1995 + r.weighted(yearCum), 1, 1) + r.int(0, 364), dateP);
    const summit = r.chance(0.2) ? summits[r.int(0, summits.length - 1)]! : null;
    const topics = new Set<string>();
    const nt = r.int(1, 4);
    while (topics.size < nt) topics.add(r.pick(TOPICS));
    return { id, speaker: holderOn(country, r.chance(0.5) ? "DEFENCE" : "FOREIGN_AFFAIRS", date), country, summit: summit?.id ?? null,
      place: summit ? summit.city : r.chance(0.5) ? `${countries[country - 1]!.name} City` : null, date: summit ? summit.start : date, dateP: summit ? summit.startP : dateP,
      summary: sentence(r, 15, 40), topics: [...topics], sources: sourcesFor(r, r.int(1, 3)) };
  };
  await copyTable(client, "Statement", ["id", "slug", "speakerId", "countryId", "summitId", "place", "date", "datePrecision", "summary", "topics", "createdAt", "updatedAt"], function* () {
    for (let i = 1; i <= P.statements; i++) {
      const s = statement(i);
      yield [i, `statement-${i}`, s.speaker, s.country, s.summit, s.place, ymd(s.date), s.dateP, s.summary, s.topics, STAMP, STAMP];
    }
  });

  // --- Citations: every fact row has 1-3 sources; exactly one fact FK per row -----------------
  const FACT_COLS = ["organisationId", "membershipId", "tenureId", "summitId", "attendanceId", "engagementId", "incidentId", "statementId"];
  await copyTable(client, "Citation", ["id", "sourceId", "note", ...FACT_COLS], function* () {
    let id = 0;
    const row = (col: number, fact: number, source: number, note: string | null) => {
      const r: unknown[] = [++id, source, note, null, null, null, null, null, null, null, null];
      r[3 + col] = fact;
      return r;
    };
    const small = function* (col: number, ids: Iterable<number>, stream: number) {
      for (const f of ids) {
        const r = Rng.of(S.cite, stream * 100_000_000 + f);
        for (const s of sourcesFor(r, r.int(1, 3))) yield row(col, f, s, r.chance(0.1) ? sentence(r, 4, 10) : null);
      }
    };
    const range = function* (n: number) { for (let i = 1; i <= n; i++) yield i; };
    yield* small(0, range(orgs.length), 1);
    yield* small(1, range(mems.length), 2);
    yield* small(2, range(tenures.length), 3);
    yield* small(3, range(summits.length), 4);
    yield* small(4, range(atts.length), 5);
    for (let i = 1; i <= P.engagements; i++) for (const s of engagement(i).sources) yield row(5, i, s, null);
    for (let i = 1; i <= P.incidents; i++) for (const s of incident(i).sources) yield row(6, i, s, null);
    for (let i = 1; i <= P.statements; i++) for (const s of statement(i).sources) yield row(7, i, s, null);
  });

  // Sequences continue after the explicit ids; then rebuild indexes, re-enable FK triggers.
  for (const table of Object.keys(counts)) {
    await client.query(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM "${table}"), false)`);
  }
  t = Date.now();
  for (const ix of indexes) await client.query(ix.indexdef);
  log(`${indexes.length} indexes rebuilt in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  // Triggers are still off: compute what the certainty triggers maintain, the evidence bounds of
  // every office and membership, set-based (bench/evidence-bounds.ts), so that the history below
  // records each row once, bounds included.
  t = Date.now();
  const bounded = await storeBounds(client);
  log(`evidence bounds of ${bounded} tenures and memberships computed in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  await client.query("SET session_replication_role = DEFAULT");
  // COPY ran without triggers, so the history triggers recorded nothing: record version 1 of every
  // row in one statement per table, as the history migration does for rows that predate it.
  t = Date.now();
  const versioned = await client.query<{ table: string }>(
    `SELECT DISTINCT c.relname AS table FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
     WHERE c.relnamespace = current_schema()::regnamespace AND tg.tgname = 'record_version'`,
  );
  for (const { table } of versioned.rows) {
    await client.query(
      `INSERT INTO "FactVersion" ("tableName", "rowId", version, "recordedAt", actor, change, "row", txid)
       SELECT $1, id, 1, "recordedAt", 'bench generator', 'CREATE', to_jsonb(t), pg_current_xact_id()::text::bigint FROM "${table}" t`,
      [table],
    );
  }
  log(`history of ${versioned.rows.length} tables recorded in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  // One write after the load, through the triggers (version 2 of one source, same values), so an
  // instant before it must be read through the recorded views: the bench's Q7.
  await client.query(`UPDATE "Source" SET title = title WHERE id = (SELECT min(id) FROM "Source")`);
  t = Date.now();
  // The rollup's triggers were off during the load: count it from the facts once.
  await client.query("SELECT summitry_rebuild_engagement_counts()");
  log(`engagement counts rebuilt in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  t = Date.now();
  // So were the search names' (migration search_names): collect every name once.
  await client.query("SELECT summitry_rebuild_search_names()");
  log(`search names rebuilt in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  t = Date.now();
  await client.query("VACUUM ANALYZE");
  log(`VACUUM ANALYZE in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  const seconds = (Date.now() - t0) / 1000;
  await client.query(`CREATE SCHEMA IF NOT EXISTS bench`);
  await client.query(`CREATE TABLE bench.generated (generator_version text NOT NULL, scale_factor int NOT NULL, seed bigint NOT NULL, row_counts jsonb NOT NULL, seconds numeric NOT NULL, generated_at timestamptz NOT NULL DEFAULT now())`);
  await client.query(`INSERT INTO bench.generated VALUES ($1, $2, $3, $4, $5)`, [GENERATOR_VERSION, sf, SEED, JSON.stringify(counts), seconds.toFixed(1)]);
  await client.end();
  log(`SF${sf} generated in ${seconds.toFixed(1)} s: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  return { seconds, counts: { ...counts } };
}

/** The generator version and scale factor recorded in the database, or null if none. */
export async function generatedMarker(databaseUrl: string): Promise<{ generator_version: string; scale_factor: number; seconds: string; row_counts: Record<string, number> } | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
  } catch {
    return null; // no such database
  }
  try {
    const { rows } = await client.query(`SELECT * FROM bench.generated ORDER BY generated_at DESC LIMIT 1`);
    return rows[0] ?? null;
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

function cumOf(ws: number[]) {
  const out: number[] = [];
  let acc = 0;
  for (const w of ws) out.push((acc += w));
  return out;
}
let cumCache: number[] | undefined;
function cumWeights(countries: Country[]) {
  return (cumCache ??= cumOf(countries.map((c) => c.weight)));
}

// CLI
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const sfArg = args.includes("--sf") ? args[args.indexOf("--sf") + 1] : args.find((a) => /^\d+$/.test(a));
  const sf = Number(sfArg ?? 1);
  if (!Number.isInteger(sf) || sf < 1) throw new Error(`bad scale factor ${sfArg}`);
  const url = process.env.DATABASE_URL ?? benchDatabaseUrl(sf);
  const marker = args.includes("--force") ? null : await generatedMarker(url);
  if (marker && marker.generator_version === GENERATOR_VERSION && marker.scale_factor === sf) {
    log(`${url} already holds SF${sf} from generator v${GENERATOR_VERSION} (made in ${marker.seconds} s); --force to redo`);
  } else {
    await generate(sf, url);
  }
}
