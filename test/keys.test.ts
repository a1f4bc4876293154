// `npm run keys`: create, list and revoke API keys from the command line, and what the server
// makes of them. The command runs as a child process against this file's database.
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../src/db.ts";
import { hashKey } from "../src/domain/api-keys.ts";
import { createLogger } from "../src/observability/logger.ts";
import { createServer } from "../src/yoga.ts";
import { runScript } from "./helpers/cli.ts";
import { execute } from "./helpers/graphql.ts";

/** Every line the server logs, at every level, as written. */
const logLines: string[] = [];
const yoga = createServer({ logger: createLogger({ level: "trace", destination: { write: (line: string) => void logLines.push(line) } }) });

afterAll(async () => {
  await yoga.dispose();
  await disconnectDb();
});

/**
 * `npm run keys -- ...args`, against this file's database. Each run starts Node
 * and tsx (a second, more on a busy machine), so describes that run several allow 60 s.
 */
const keys = (...args: string[]) => runScript("scripts/keys.ts", args);

/** Create a key with the command line; returns the key from stdout's last line. */
async function createKey(role: "editor" | "admin", name: string) {
  const result = await keys("create", "--role", role, "--name", name);
  expect(result.code).toBe(0);
  const key = result.stdout.trimEnd().split("\n").at(-1)!;
  const row = await db().apiKey.findUniqueOrThrow({ where: { hash: hashKey(key) } });
  return { key, row, result };
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

const API_KEYS = `{ apiKeys(first: 10) { edges { node { name prefix role revokedAt } } } }`;
const DRY_RUN_IMPORT = `mutation { importDataset(dataset: "{}", dryRun: true) { __typename ... on ImportReport { dryRun unchanged } } }`;

const forbidden = (field: string) => ({
  status: 200,
  data: null,
  errors: [
    {
      message: "Your API key's role does not allow this.",
      locations: [{ line: 1, column: expect.any(Number) }],
      path: [field],
      extensions: { code: "FORBIDDEN" },
    },
  ],
});

const unauthenticated = (field: string) => ({
  status: 200,
  data: null,
  errors: [
    {
      message: "The API key is unknown or revoked.",
      locations: [{ line: 1, column: expect.any(Number) }],
      path: [field],
      extensions: { code: "UNAUTHENTICATED" },
    },
  ],
});

describe("npm run keys -- create", { timeout: 180_000 }, () => {
  it("prints the new key alone on stdout (its description on stderr) and stores only its hash", async () => {
    const { key, row, result } = await createKey("editor", "ci editor");
    expect(key).toMatch(/^smy_[\w-]{43}$/);
    expect(result).toEqual({
      code: 0,
      stdout: `${key}\n`,
      stderr:
        `Created EDITOR key ${row.id} "ci editor" (prefix ${key.slice(0, 12)}). ` +
        "It is shown this once and cannot be recovered; send it as Authorization: Bearer <key>.\n",
    });
    expect(row).toEqual({
      id: row.id,
      name: "ci editor",
      prefix: key.slice(0, 12),
      hash: hashKey(key),
      role: "EDITOR",
      createdAt: expect.any(Date),
      revokedAt: null,
      lastUsedAt: null,
    });
    // Neither the key nor its secret part (what follows the prefix) is anywhere in the table.
    const [found] = await db().$queryRaw<{ withKey: number; withSecret: number }[]>`
      SELECT count(*) FILTER (WHERE strpos(t::text, ${key}) > 0)::int AS "withKey",
             count(*) FILTER (WHERE strpos(t::text, ${key.slice(12)}) > 0)::int AS "withSecret"
        FROM "ApiKey" t`;
    expect(found).toEqual({ withKey: 0, withSecret: 0 });
  });

  it("refuses a create without a role, printing the usage, with exit code 2", async () => {
    const before = await db().apiKey.count();
    expect(await keys("create", "--name", "no role")).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "--role must be editor or admin\n" +
        "usage: npm run keys -- create --role editor|admin [--name NAME]\n" +
        "       npm run keys -- list\n" +
        "       npm run keys -- revoke <id|prefix>\n",
    });
    expect(await db().apiKey.count()).toBe(before);
  });
});

describe("a key from the command line, at the server", { timeout: 180_000 }, () => {
  it("an EDITOR key is FORBIDDEN the ADMIN-only apiKeys and importDataset", async () => {
    const { key } = await createKey("editor", "editor at the server");
    expect(await execute(yoga, API_KEYS, {}, bearer(key))).toEqual(forbidden("apiKeys"));
    expect(await execute(yoga, DRY_RUN_IMPORT, {}, bearer(key))).toEqual(forbidden("importDataset"));
  });

  it("an ADMIN key lists the keys (never a key itself) and runs an import", async () => {
    const editor = await createKey("editor", "listed editor");
    const admin = await createKey("admin", "ci admin");
    const answer = await execute<{ apiKeys: { edges: { node: { name: string } }[] } }>(yoga, API_KEYS, {}, bearer(admin.key));
    expect(answer.status).toBe(200);
    // Newest first; earlier tests of this file made more keys.
    expect(answer.data!.apiKeys.edges.slice(0, 2)).toEqual([
      { node: { name: "ci admin", prefix: admin.key.slice(0, 12), role: "ADMIN", revokedAt: null } },
      { node: { name: "listed editor", prefix: editor.key.slice(0, 12), role: "EDITOR", revokedAt: null } },
    ]);
    expect(JSON.stringify(answer)).not.toContain(admin.key.slice(12));
    expect(JSON.stringify(answer)).not.toContain(editor.key.slice(12));
    expect(await execute(yoga, DRY_RUN_IMPORT, {}, bearer(admin.key))).toEqual({
      status: 200,
      data: { importDataset: { __typename: "ImportReport", dryRun: true, unchanged: true } },
    });
  });

  it("a revoked key is UNAUTHENTICATED from the moment `revoke <prefix>` returns", async () => {
    const { key, row } = await createKey("admin", "to be revoked");
    expect((await execute(yoga, API_KEYS, {}, bearer(key))).errors).toBeUndefined();
    expect(await keys("revoke", row.prefix)).toEqual({
      code: 0,
      stdout: `Revoked key ${row.id} (${row.prefix}, "to be revoked"): requests with it are now refused.\n`,
      stderr: "",
    });
    expect(await execute(yoga, API_KEYS, {}, bearer(key))).toEqual(unauthenticated("apiKeys"));
    expect(await execute(yoga, DRY_RUN_IMPORT, {}, bearer(key))).toEqual(unauthenticated("importDataset"));
  });

  it("never writes a key to the server's logs, whatever the answer", async () => {
    const editor = await createKey("editor", "logged editor");
    const admin = await createKey("admin", "logged admin");
    logLines.length = 0;
    await execute(yoga, API_KEYS, {}, bearer(admin.key));
    await execute(yoga, DRY_RUN_IMPORT, {}, bearer(editor.key));
    await execute(yoga, `{ nope }`, {}, bearer(admin.key));
    await keys("revoke", String(admin.row.id));
    await execute(yoga, API_KEYS, {}, bearer(admin.key));
    // One access-log line per request at least, so the capture works.
    expect(logLines.filter((line) => JSON.parse(line).msg === "request")).toHaveLength(4);
    for (const key of [editor.key, admin.key]) {
      expect(logLines.filter((line) => line.includes(key.slice(12)))).toEqual([]);
    }
  });
});

describe("npm run keys -- list and revoke", { timeout: 180_000 }, () => {
  it("lists every key with prefix, name, role, created and revoked, never the key", async () => {
    const { key, row } = await createKey("editor", "listed by the CLI");
    await keys("revoke", String(row.id));
    const revoked = await db().apiKey.findUniqueOrThrow({ where: { id: row.id } });
    const all = await db().apiKey.findMany({ orderBy: { id: "asc" } });
    const result = await keys("list");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const lines = result.stdout.trimEnd().split("\n").map((line) => line.split(/\s{2,}/));
    expect(lines[0]).toEqual(["ID", "PREFIX", "NAME", "ROLE", "CREATED", "REVOKED"]);
    expect(lines.slice(1)).toEqual(
      all.map((k) => [String(k.id), k.prefix, k.name, k.role, k.createdAt.toISOString(), k.revokedAt?.toISOString() ?? "-"]),
    );
    expect(lines.at(-1)).toEqual([String(row.id), row.prefix, "listed by the CLI", "EDITOR", row.createdAt.toISOString(), revoked.revokedAt!.toISOString()]);
    expect(result.stdout).not.toContain(key.slice(12));
  });

  it("revokes by id; a second revoke says so; an unknown prefix exits 1", async () => {
    const { row } = await createKey("editor", "revoked by id");
    expect(await keys("revoke", String(row.id))).toEqual({
      code: 0,
      stdout: `Revoked key ${row.id} (${row.prefix}, "revoked by id"): requests with it are now refused.\n`,
      stderr: "",
    });
    expect(await keys("revoke", String(row.id))).toEqual({
      code: 0,
      stdout: `Key ${row.id} (${row.prefix}, "revoked by id") was already revoked.\n`,
      stderr: "",
    });
    expect(await keys("revoke", "smy_nothere0")).toEqual({ code: 1, stdout: "", stderr: 'No API key matches "smy_nothere0".\n' });
  });
});
