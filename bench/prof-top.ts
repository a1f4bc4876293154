// Top entries of a V8 .cpuprofile (node --cpu-prof, e.g. from bench/cpu.ts --prof): self time by
// function and by package, so a profile can be summarised in RESULTS.md before and after a change.
//   npx tsx bench/prof-top.ts FILE.cpuprofile [--top 25] [--skip-ms 5000]
// --skip-ms leaves out the first milliseconds of the profile (start-up: module loading, tsx).
import { readFileSync } from "node:fs";

const [file, ...rest] = process.argv.slice(2);
const flag = (name: string, fallback: number) => (rest.includes(name) ? Number(rest[rest.indexOf(name) + 1]) : fallback);
const top = flag("--top", 25);
const skipUs = flag("--skip-ms", 0) * 1000;
const profile = JSON.parse(readFileSync(file!, "utf8")) as {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
let at = 0;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  if (at >= skipUs) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
// Idle time is the event loop waiting (for PostgreSQL, for the next request): not CPU.
for (const [id] of selfUs) if (byId.get(id)!.callFrame.functionName === "(idle)") selfUs.delete(id);
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

function pkg(url: string): string {
  if (!url) return "(native/gc)";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith("node:")) return "node:internal";
  if (url.includes("/src/")) return "src/" + url.split("/src/")[1]!.split("/")[0];
  return url.split("/").slice(-2).join("/");
}
const fns = new Map<string, number>();
const pkgs = new Map<string, number>();
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const key = `${functionName || "(anonymous)"} ${url ? url.replace(/.*node_modules\//, "").replace(/.*\/src\//, "src/") + ":" + (lineNumber + 1) : ""}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
  pkgs.set(pkg(url), (pkgs.get(pkg(url)) ?? 0) + us);
}
const pct = (us: number) => ((100 * us) / total).toFixed(1).padStart(5) + "%";
console.log(`total ${(total / 1000).toFixed(0)} ms sampled, idle excluded`);
console.log("\nby package (self):");
for (const [k, v] of [...pkgs].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(v)}  ${k}`);
console.log("\nby function (self):");
for (const [k, v] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v)}  ${k}`);
