// `npm run bench:stall`: the December security review's stalls, replayed against the service as it
// runs in production (NODE_ENV=production, no response cache, rate limits off so that what is
// measured is the cost bounds, not the budget). For each attack it records what the attacker got
// back (status, code, bytes), the server's CPU for it, and the worst latency a small concurrent
// query saw meanwhile: the bar is that no single request delays others by more than a
// second. Results go to bench/results/stall-<date>.json and a table on stdout (for RESULTS.md).
//
// It needs PostgreSQL at BENCH_PG (default postgres://postgres@127.0.0.1:5432) and creates the
// database summitry_stall there (dropped first), migrated and seeded by the server's own start.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const repo = join(import.meta.dirname, "..");
const pgBase = process.env.BENCH_PG ?? "postgres://postgres@127.0.0.1:5432";
const database = `${pgBase}/summitry_stall`;
const port = Number(process.env.BENCH_STALL_PORT ?? 4517);
const base = `http://127.0.0.1:${port}`;
const BAR_MS = 1000;

const gid = (type: string, n: number) => Buffer.from(`${type}:${n}`).toString("base64");

function psql(sql: string) {
  execFileSync("psql", [`${pgBase}/postgres`, "-v", "ON_ERROR_STOP=1", "-qc", sql], { stdio: ["ignore", "ignore", "inherit"] });
}

function cpuMs(pid: number): number {
  // utime + stime, in clock ticks (100 per second on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function post(body: unknown, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let code: string | undefined;
  try {
    const json = JSON.parse(text);
    const first = Array.isArray(json) ? json.find((r) => r.errors)?.errors?.[0] : json.errors?.[0];
    code = first?.extensions?.code;
  } catch {
    code = "non-JSON";
  }
  return { status: response.status, code, bytes: text.length, ms: performance.now() - started, text };
}

/** A small query sent back to back while an attack runs; its worst latency is what "others" felt. */
function startVictim() {
  let stop = false;
  let max = 0;
  let count = 0;
  let failures = 0;
  let n = 0;
  const loop = (async () => {
    while (!stop) {
      // A fresh variable each time: nothing to reuse, as a real other user's query.
      const r = await post({
        query: "query V($n: Int!) { country(code: \"PK\") { name } organisation(acronym: \"SCO\") { name memberships(first: $n) { edges { node { status country { name } } } } } }",
        variables: { n: 1 + (n++ % 10) },
      });
      if (r.status !== 200 || r.code) failures++;
      max = Math.max(max, r.ms);
      count++;
      await sleep(20);
    }
  })();
  return async () => {
    stop = true;
    await loop;
    return { maxMs: max, count, failures };
  };
}

interface Row {
  attack: string;
  request: string;
  status: string;
  code: string;
  answerBytes: number;
  serverCpuMs: number;
  wallMs: number;
  victimMaxMs: number;
  victimRequests: number;
  pass: boolean;
}

async function measure(server: ChildProcess, attack: string, request: string, run: () => Promise<{ status: string; code: string; bytes: number }>): Promise<Row> {
  await sleep(300);
  const victim = startVictim();
  await sleep(200);
  const cpu0 = cpuMs(server.pid!);
  const t0 = performance.now();
  const result = await run();
  const wallMs = performance.now() - t0;
  const serverCpuMs = cpuMs(server.pid!) - cpu0;
  await sleep(200);
  const v = await victim();
  const row: Row = {
    attack, request, status: result.status, code: result.code, answerBytes: result.bytes,
    serverCpuMs, wallMs: Math.round(wallMs), victimMaxMs: Math.round(v.maxMs), victimRequests: v.count,
    pass: v.maxMs <= BAR_MS && v.failures === 0,
  };
  console.error(`${row.pass ? "ok  " : "SLOW"} ${attack}: ${row.status} ${row.code} ${row.answerBytes} B, cpu ${serverCpuMs} ms, victim max ${row.victimMaxMs} ms`);
  return row;
}

const one = async (body: unknown, headers?: Record<string, string>) => {
  const r = await post(body, headers);
  return { status: String(r.status), code: r.code ?? "-", bytes: r.bytes };
};

async function main() {
  psql("DROP DATABASE IF EXISTS summitry_stall WITH (FORCE)");
  psql("CREATE DATABASE summitry_stall");
  const env: NodeJS.ProcessEnv = {
    ...process.env, DATABASE_URL: database, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production",
    MIGRATE_ON_START: "1", SEED_ON_START: "1", RESPONSE_CACHE_TTL_MS: "0", RATE_LIMIT: "0", LOG_LEVEL: "warn",
    // Each simulated subscriber names its own address (as distinct clients would).
    TRUST_PROXY: "true",
  };
  for (const k of ["REDIS_URL", "DATABASE_REPLICA_URLS", "PERSISTED_OPERATIONS"]) delete env[k];
  const server = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], { cwd: repo, env, stdio: ["ignore", "inherit", "inherit"] });
  const rows: Row[] = [];
  try {
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode})`);
      try {
        if ((await fetch(`${base}/ready`)).status === 200) break;
      } catch {
        /* not listening yet */
      }
      if (i > 1200) throw new Error("the server was not ready after 120 s");
      await sleep(100);
    }
    const editorKey = execFileSync(process.execPath, ["--import", "tsx", "scripts/keys.ts", "create", "--role", "editor", "--name", "stall-bench"], {
      cwd: repo, env: { ...process.env, DATABASE_URL: database }, encoding: "utf8",
    }).trim().split("\n").pop()!;
    const baseline = startVictim();
    await sleep(3000);
    const quiet = await baseline();
    console.error(`victim alone: max ${Math.round(quiet.maxMs)} ms over ${quiet.count} requests`);

    const schema2 = "__schema { types { name kind description fields { name description args { name } type { name kind ofType { name } } } } }";
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `s${i}: ${schema2}`).join(" ")} }`;
    rows.push(await measure(server, "introspection, 2-level __schema x 30 aliases", "1 operation, 8 KB", () => one({ query: aliased(30) })));
    rows.push(await measure(server, "introspection x 30 aliases, batch of 10", "10 operations, 80 KB", () => one(Array.from({ length: 10 }, () => ({ query: aliased(30) })))));

    const nested = "... on Country { name memberships(first: 20) { edges { node { status organisation { name } } } } engagements(first: 20) { edges { node { title date participants { edges { node { person { name } country { name } } } } } } } }";
    const nodes = (n: number) => ({ query: `query N($ids: [ID!]!) { nodes(ids: $ids) { id ${nested} } }`, variables: { ids: Array.from({ length: n }, (_, i) => gid("Country", (i % 20) + 1)) } });
    rows.push(await measure(server, "nodes(ids:) x 5000 with nested connections", "5000 ids, 86 KB", () => one(nodes(5000))));
    rows.push(await measure(server, "nodes(ids:) x 100 (the cap) with nested connections", "100 ids", () => one(nodes(100))));
    rows.push(await measure(server, "batch of 10 x nodes(ids:) x 100 nested", "10 operations", () => one(Array.from({ length: 10 }, () => nodes(100)))));

    const deep = "{ organisations(first: 100) { edges { node { memberships(first: 100) { edges { node { country { engagements(first: 100) { edges { node { title } } } } } } } } } } }";
    rows.push(await measure(server, "one operation over the cost limit (3M objects)", "organisations>memberships>engagements x 100", () => one({ query: deep })));
    const stats = `{ ${Array.from({ length: 30 }, (_, i) => `s${i}: engagementStats(groupBy: [YEAR, STATUS, KIND, COUNTRY]) { total groups { count } }`).join(" ")} }`;
    rows.push(await measure(server, "30 aliases x engagementStats(groupBy: all 4)", "3 KB", () => one({ query: stats })));

    // 500 subscribers holding a nested selection, then one editor write.
    const subscribers: AbortController[] = [];
    const subscription = JSON.stringify({ query: "subscription { engagementChanged { action engagement { title status participants { edges { node { person { name } country { name } } } } } } }" });
    let delivered = 0;
    for (let i = 0; i < 500; i++) {
      const abort = new AbortController();
      subscribers.push(abort);
      const response = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream", "x-forwarded-for": `10.0.${i >> 8}.${i & 255}` },
        body: subscription,
        signal: abort.signal,
      });
      void (async () => {
        try {
          for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) if (Buffer.from(chunk).toString().includes("engagementChanged")) delivered++;
        } catch {
          /* aborted */
        }
      })();
    }
    await sleep(1000);
    const target = await post({ query: `{ engagements(first: 1) { edges { node { id version } } } }` });
    const node = JSON.parse(target.text).data.engagements.edges[0].node;
    rows.push(
      await measure(server, "one editor write with 500 subscribers (nested selection)", "updateEngagement", async () => {
        const r = await post(
          { query: "mutation U($id: ID!, $v: Int!) { updateEngagement(id: $id, version: $v, input: { summary: \"Stall bench write.\" }) { __typename } }", variables: { id: node.id, v: node.version } },
          { authorization: `Bearer ${editorKey}` },
        );
        // The fan-out is part of the write's cost to everyone else: wait until it has been delivered.
        for (let i = 0; i < 300 && delivered < 500; i++) await sleep(20);
        return { status: String(r.status), code: r.code ?? `${delivered}/500 delivered; writer answered in ${Math.round(r.ms)} ms`, bytes: r.bytes };
      }),
    );
    for (const s of subscribers) s.abort();

    const out = { date: new Date().toISOString(), node: process.version, barMs: BAR_MS, victimAloneMaxMs: Math.round(quiet.maxMs), loadavg: readFileSync("/proc/loadavg", "utf8").trim(), rows };
    mkdirSync(join(repo, "bench/results"), { recursive: true });
    const file = join(repo, `bench/results/stall-${out.date.slice(0, 10)}.json`);
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`| attack | request | status | code | answer | server CPU | wall | concurrent small query, worst | <= ${BAR_MS} ms |`);
    console.log("|---|---|---|---|---|---|---|---|---|");
    for (const r of rows) {
      console.log(`| ${r.attack} | ${r.request} | ${r.status} | ${r.code} | ${(r.answerBytes / 1024).toFixed(1)} KB | ${r.serverCpuMs} ms | ${r.wallMs} ms | ${r.victimMaxMs} ms (${r.victimRequests} requests) | ${r.pass ? "yes" : "**no**"} |`);
    }
    console.log(`\nThe small query alone: worst ${out.victimAloneMaxMs} ms. Load average at the end: ${out.loadavg}. Written to ${file}.`);
    process.exitCode = rows.every((r) => r.pass) ? 0 : 1;
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    psql("DROP DATABASE IF EXISTS summitry_stall WITH (FORCE)");
  }
}

await main();
