// Compile the service to dist/server.js: one ESM bundle of src/ (dependencies stay in
// node_modules), with an inline source map. `npm run build`; npm start runs it when dist/ is stale.
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export async function build() {
  const { build: esbuild, stop } = await import("esbuild");
  const outfile = join(root, "dist", "server.js");
  // Written aside and renamed: a second `npm start` at the same moment never runs half a file.
  const tmp = `${outfile}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  await mkdir(dirname(outfile), { recursive: true });
  try {
    await esbuild({
      absWorkingDir: root,
      entryPoints: ["src/server.ts"],
      outfile: tmp,
      bundle: true,
      // node_modules are resolved at run time, as without a bundler (Prisma, pino, pg load files
      // relative to their own package).
      packages: "external",
      platform: "node",
      format: "esm",
      target: "node20.11",
      sourcemap: "inline",
      logLevel: "warning",
    });
    await rename(tmp, outfile);
  } finally {
    await rm(tmp, { force: true });
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
