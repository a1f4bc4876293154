// The explorer's build (web/ -> web/dist), and the staleness check that `npm start` runs first.
// The build is stale when the sha256 over its inputs (web/ sources, the typed client documents,
// the lockfile) differs from the one recorded in web/dist/.build-hash. Built into a temporary
// folder and renamed into place, so a server reading web/dist never sees half a build.
//   node scripts/build-web.mjs          build if stale
//   node scripts/build-web.mjs --force  build anyway
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(fileURLToPath(new URL("..", import.meta.url)));
export const webDir = join(repo, "web");
export const distDir = join(webDir, "dist");
const hashFile = ".build-hash";
const inputs = ["web/index.html", "web/vite.config.ts", "web/tsconfig.json", "web/src", "web/public", "client/generated", "package-lock.json"];

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

/** sha256 over the build's inputs: their paths and contents. */
export function explorerSourceHash() {
  const hash = createHash("sha256");
  for (const input of inputs) {
    for (const file of files(join(repo, input))) {
      hash.update(relative(repo, file).replaceAll("\\", "/"));
      hash.update("\0");
      hash.update(readFileSync(file));
      hash.update("\0");
    }
  }
  return hash.digest("hex");
}

export function explorerBuildIsStale() {
  const recorded = join(distDir, hashFile);
  if (!existsSync(join(distDir, "index.html")) || !existsSync(recorded)) return true;
  return readFileSync(recorded, "utf8").trim() !== explorerSourceHash();
}

/** Builds web/ into web/dist with Vite. */
export async function buildExplorer({ log = console.log } = {}) {
  const started = Date.now();
  const sourceHash = explorerSourceHash();
  const { build } = await import("vite");
  const out = join(webDir, `.dist-${process.pid}-${Date.now()}`);
  try {
    await build({ configFile: join(webDir, "vite.config.ts"), build: { outDir: out, emptyOutDir: true }, logLevel: "warn" });
    writeFileSync(join(out, hashFile), `${sourceHash}\n`);
    // Two builds at once (two `npm start`s, a test beside one): the last rename wins, and a
    // build that finds the place taken again leaves the other's (equal) output there.
    const old = `${distDir}.old-${process.pid}-${Date.now()}`;
    try {
      renameSync(distDir, old);
    } catch (err) {
      if (err.code !== "ENOENT") throw err;
    }
    try {
      renameSync(out, distDir);
    } catch (err) {
      if (err.code !== "ENOTEMPTY" && err.code !== "EEXIST") throw err;
    }
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  log(`explorer built into web/dist in ${Date.now() - started} ms`);
}

/** What `npm start` calls: builds the explorer when web/dist is missing or older than its sources. */
export async function buildExplorerIfStale({ log = console.log } = {}) {
  if (!explorerBuildIsStale()) return false;
  log(existsSync(distDir) ? "explorer sources changed: rebuilding web/dist" : "explorer not built yet: building web/dist");
  await buildExplorer({ log });
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes("--force");
  await (force ? buildExplorer() : buildExplorerIfStale().then((built) => built || console.log("explorer build is up to date")));
}
