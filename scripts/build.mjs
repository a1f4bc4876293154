// Compile the service to dist/server.js: one ESM bundle of src/ and of the dependencies it imports,
// with a linked source map (dist/server.js.map). `npm run build`; npm start runs it when dist/ is
// stale.
//
// Dependencies are bundled, not left in node_modules: loading one file is about twice as fast as
// resolving and loading the ~850 files of graphql, Yoga, Pothos, Prisma's client, pg and pino one
// by one (Node's ESM loader, and its CommonJS interop, cost more than the code itself). A few
// stay outside, listed below with the reason.
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const external = [
  // Loaded on demand, each several MB: Prisma's query compiler (WebAssembly as base64, on the
  // first query), its schema engine (only when a migration is pending), GraphiQL's inlined assets
  // (on the first GraphiQL page).
  "@prisma/client/runtime/query_compiler_*",
  "@prisma/schema-engine-wasm",
  "@prisma/schema-engine-wasm/*",
  "@graphql-yoga/render-graphiql",
  // Optional native add-ons their packages try to require and do without.
  "pg-native",
  "bufferutil",
  "utf-8-validate",
];

export async function build() {
  const { build: esbuild, stop } = await import("esbuild");
  const outfile = join(root, "dist", "server.js");
  await mkdir(dirname(outfile), { recursive: true });
  const tmp = [];
  try {
    const { outputFiles } = await esbuild({
      absWorkingDir: root,
      entryPoints: ["src/server.ts"],
      outfile,
      write: false,
      bundle: true,
      external,
      platform: "node",
      format: "esm",
      target: "node20.11",
      // CommonJS dependencies call require() (node: built-ins, optional packages): give the ESM
      // bundle one, resolving from dist/ as those packages would from node_modules.
      banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);" },
      // Stack traces point into src/ (start.mjs turns source maps on). Mappings only: the sources'
      // text would triple the map, and Node parses the whole map when it loads the bundle.
      sourcemap: "linked",
      sourcesContent: false,
      // A third less to parse on every start, and Node measures every line of the bundle when it
      // takes its source map. Names and syntax stay as written (the map leads back to them anyway).
      minifyWhitespace: true,
      logLevel: "warning",
    });
    // Written aside and renamed, the map before the bundle that names it: a second `npm start` at
    // the same moment never runs half a file.
    const files = [...outputFiles].sort((a, b) => Number(b.path.endsWith(".map")) - Number(a.path.endsWith(".map")));
    for (const file of files) {
      const aside = `${file.path}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
      tmp.push(aside);
      await writeFile(aside, file.contents);
    }
    for (const [i, file] of files.entries()) await rename(tmp[i], file.path);
  } finally {
    await Promise.all(tmp.map((path) => rm(path, { force: true })));
    // esbuild's service process would otherwise live as long as the server it built.
    await stop();
  }
  return outfile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t = performance.now();
  const outfile = await build();
  console.log(`built ${outfile} in ${Math.round(performance.now() - t)} ms`);
}
