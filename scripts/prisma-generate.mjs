// `prisma generate` without network: the Prisma CLI insists on resolving its native schema engine
// before any command, and cannot download it here. Generation does not use that engine, so point
// the CLI at a stub that fails loudly if anything ever does call it (a stub exiting 0 would let
// `migrate deploy` "succeed" while applying nothing). Migrations run through scripts/migrate.ts.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const dir = join(tmpdir(), "summitry-prisma");
  mkdirSync(dir, { recursive: true });
  const stub = join(dir, "schema-engine-stub");
  if (!existsSync(stub)) {
    writeFileSync(stub, "#!/bin/sh\necho 'schema engine stub: use npm run db:migrate' >&2\nexit 1\n");
    chmodSync(stub, 0o755);
  }
  env.PRISMA_SCHEMA_ENGINE_BINARY = stub;
}
const result = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
