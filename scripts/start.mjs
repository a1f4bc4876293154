// `npm start`: compile src/ to dist/server.js with esbuild when it is missing or older than a
// source file, then run it in this process. In this process, so that SIGTERM/SIGINT from npm (or
// a supervisor) reach the server's own graceful shutdown and no child process is left behind;
// compiled, so that no TypeScript loader runs in production (the image runs dist/ directly).
import { existsSync, readdirSync, statSync } from "node:fs";
import module from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(root, "dist", "server.js");

// Node 22+ keeps V8's compiled code of what it loads from here on (the bundle above all) between
// starts, so a restart skips most of compiling it again. In the checkout rather than the shared
// temporary folder: code another user could write there would run as ours. Node 20 lacks it.
module.enableCompileCache?.(join(root, "node_modules", ".cache", "summitry-compile"));

/** Newest modification time under the inputs of the build. */
function newestInput() {
  let newest = 0;
  const visit = (path) => {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const input of ["src", "package.json", "package-lock.json", "tsconfig.json", "scripts/build.mjs"]) visit(join(root, input));
  return newest;
}

export function isStale() {
  return !existsSync(outfile) || statSync(outfile).mtimeMs < newestInput();
}

if (isStale()) {
  const { build } = await import("./build.mjs").catch((err) => {
    process.stderr.write(`summitry: dist/server.js is missing or stale and cannot be built (${err.message.split("\n")[0]}): run npm ci\n`);
    process.exit(1);
  });
  await build();
}

// The explorer's pages (web/dist), rebuilt when their sources changed. A failed build leaves the
// API serving: the pages then answer 503 saying how to build them.
{
  const { buildExplorerIfStale } = await import("./build-web.mjs");
  await buildExplorerIfStale({ log: (line) => process.stdout.write(`summitry: ${line}\n`) }).catch((err) => {
    process.stderr.write(`summitry: the explorer could not be built (${String(err?.message ?? err).split("\n")[0]}); serving the API without it\n`);
  });
}

// The server's ready line reports how long these checks (and builds) took.
performance.mark("summitry:checked");
// Stack traces point into src/, not into the bundle.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(outfile).href);
