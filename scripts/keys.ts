// API keys for writing, from the command line (DATABASE_URL):
//   npm run keys -- create --role editor|admin [--name NAME]   prints the new key, once
//   npm run keys -- list                                       prefix, name, role, created, revoked
//   npm run keys -- revoke <id|prefix>
// `create` writes the key alone on stdout's last line (its description goes to stderr), so
// `KEY=$(npm run -s keys -- create --role editor)` captures just the key.
import { parseArgs } from "node:util";
import { createPrismaClient, type Db } from "../src/db.ts";
import { createApiKey, hashKey, revokeApiKey, type Role } from "../src/domain/api-keys.ts";

const USAGE = `usage: npm run keys -- create --role editor|admin [--name NAME]
       npm run keys -- list
       npm run keys -- revoke <id|prefix>`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: "string" }, name: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [command, ...rest] = positionals;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!command || !["create", "list", "revoke"].includes(command)) throw new UsageError(`unknown command "${command ?? ""}"`);
  if (command === "revoke" ? rest.length !== 1 : rest.length !== 0) throw new UsageError(`unexpected arguments: ${rest.join(" ")}`);
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set: it names the database whose keys to manage.");
    return 2;
  }
  const prisma = createPrismaClient(url, { poolSize: 1 });
  try {
    if (command === "create") return await create(prisma, values.role, values.name);
    if (command === "list") return await list(prisma);
    return await revoke(prisma, rest[0]!);
  } finally {
    await prisma.$disconnect();
  }
}

async function create(prisma: Db, roleArg: string | undefined, nameArg: string | undefined): Promise<number> {
  const role = roleArg?.toUpperCase();
  if (role !== "EDITOR" && role !== "ADMIN") throw new UsageError("--role must be editor or admin");
  const name = (nameArg ?? `${role.toLowerCase()} key ${new Date().toISOString().slice(0, 16)}`).trim();
  if (name.length < 1 || name.length > 100) throw new UsageError("--name must be 1 to 100 characters");
  const { key, apiKey } = await createApiKey(prisma, { name, role: role as Role });
  console.error(
    `Created ${apiKey.role} key ${apiKey.id} "${apiKey.name}" (prefix ${apiKey.prefix}). ` +
      "It is shown this once and cannot be recovered; send it as Authorization: Bearer <key>.",
  );
  console.log(key);
  return 0;
}

async function list(prisma: Db): Promise<number> {
  const keys = await prisma.apiKey.findMany({ orderBy: { id: "asc" } });
  const rows = [
    ["ID", "PREFIX", "NAME", "ROLE", "CREATED", "REVOKED"],
    ...keys.map((k) => [String(k.id), k.prefix, k.name, k.role, k.createdAt.toISOString(), k.revokedAt?.toISOString() ?? "-"]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) console.log(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  "));
  return 0;
}

async function revoke(prisma: Db, which: string): Promise<number> {
  // An id, a prefix as `list` shows it, or (a key that leaked) the key itself.
  const where = /^\d+$/.test(which)
    ? { id: Number(which) }
    : which.length > 12
      ? { hash: hashKey(which) }
      : { prefix: which };
  const key = await prisma.apiKey.findUnique({ where });
  if (!key) {
    // Never echo a whole key back.
    console.error(`No API key matches "${which.length > 12 ? `${which.slice(0, 12)}...` : which}".`);
    return 1;
  }
  if (!(await revokeApiKey(prisma, key.id))) {
    console.log(`Key ${key.id} (${key.prefix}, "${key.name}") was already revoked.`);
    return 0;
  }
  console.log(`Revoked key ${key.id} (${key.prefix}, "${key.name}"): requests with it are now refused.`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof UsageError) && !(e instanceof TypeError && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"))) throw e;
  console.error(`${e.message}\n${USAGE}`);
  process.exitCode = 2;
}
