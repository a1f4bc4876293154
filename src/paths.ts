// The checkout's root, found from this module's own location: the same answer from src/ under tsx
// and from the esbuild bundle in dist/ (one level deep), where "../../" would point outside it.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(from, "..");
    dir = parent;
  }
}

export const repoRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
