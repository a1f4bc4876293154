// npm run db:migrate            apply pending migrations to DATABASE_URL (like `prisma migrate deploy`)
// npm run db:diff -- NAME [REV]  write prisma/migrations/<timestamp>_NAME/migration.sql: what takes
//                                schema.prisma as committed at REV (default HEAD; none when there
//                                are no migrations yet) to schema.prisma in the work tree. Review
//                                and hand-edit it (CHECK constraints, NULLS NOT DISTINCT, ...).
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { diffSchemas, migrateDeploy, migrationsDir } from "../src/migrate.ts";

const [command, arg] = process.argv.slice(2);
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (npm start sets up its own database; this command needs one).");
  process.exit(2);
}

if (command === "deploy") {
  const applied = await migrateDeploy(url);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "no pending migrations");
} else if (command === "diff") {
  const [name, rev = "HEAD"] = [arg, process.argv[4]];
  const hasMigrations = readdirSync(migrationsDir, { withFileTypes: true }).some((e) => e.isDirectory());
  const previous = hasMigrations
    ? execFileSync("git", ["show", `${rev}:prisma/schema.prisma`], { encoding: "utf8" })
    : null;
  const sql = await diffSchemas(url, previous);
  if (!sql) {
    console.log("no changes");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = join(migrationsDir, `${stamp}_${(name ?? "change").replace(/\W+/g, "_")}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "migration.sql"), sql);
    console.log(`wrote ${dir}/migration.sql`);
  }
} else {
  console.error("usage: migrate.ts deploy | diff NAME [REV]");
  process.exit(2);
}