// The floor: the least work this stack can do per benchmark request. For each query one
// hand-written SQL statement (bench/queries/<name>.floor.sql) builds the whole JSON response inside
// PostgreSQL; this handler runs it as a named prepared statement on a pg pool and writes the text
// out. No GraphQL, no parsing of the JSON in Node.
//
//   GET /q/<name>?<param>=...   params in the order of the file's "-- params:" header
//   GET /health
//
// DATABASE_URL, PORT, DATABASE_POOL_SIZE (default 10).
import { createServer } from "node:http";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "queries");
const statements = new Map<string, { text: string; params: string[] }>();
for (const file of readdirSync(dir).filter((f) => f.endsWith(".floor.sql"))) {
  const text = readFileSync(join(dir, file), "utf8");
  const header = /^-- params:(.*)$/m.exec(text)?.[1] ?? "";
  statements.set(file.replace(/\.floor\.sql$/, ""), { text, params: header.split(",").map((s) => s.trim()).filter(Boolean) });
}

const JSON_OIDS = new Set([114, 3802]);
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  // Hand the JSON text through as it came from PostgreSQL.
  types: { getTypeParser: ((oid: number, format?: string) => (JSON_OIDS.has(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format as never))) as never },
});

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://floor");
  if (url.pathname === "/health") {
    res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    return;
  }
  const name = url.pathname.startsWith("/q/") ? url.pathname.slice(3) : "";
  const statement = statements.get(name);
  if (!statement) {
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ message: `no query ${name}` }] }));
    return;
  }
  try {
    const values = statement.params.map((p) => url.searchParams.get(p));
    const result = await pool.query({ name, text: statement.text, values });
    const body = String(Object.values(result.rows[0] ?? {})[0] ?? "null");
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
  } catch (e) {
    console.error(e);
    res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ message: String((e as Error).message) }] }));
  }
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 5679), "127.0.0.1", () => console.log(`[floor] ready on ${process.env.PORT ?? 5679}, queries: ${[...statements.keys()].join(", ")}`));
const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
