// bench/RESULTS.md is half generated, half written: bench/run.ts owns the block between the two
// markers and keeps the rest (write-ups of optimisations, profiles, stall runs, earlier SF100 runs).
import { existsSync, readFileSync } from "node:fs";

export const BLOCK_BEGIN = "<!-- bench/run.ts writes from here to the end marker; everything outside it is kept -->";
export const BLOCK_END = "<!-- end of what bench/run.ts writes -->";

/** The page with its generated block replaced by `generated` (or, with no block yet, led by it). */
export function withGeneratedBlock(file: string, generated: string): string {
  const block = `${BLOCK_BEGIN}\n${generated.trimEnd()}\n${BLOCK_END}`;
  const old = existsSync(file) ? readFileSync(file, "utf8") : "";
  const a = old.indexOf(BLOCK_BEGIN);
  const b = old.indexOf(BLOCK_END);
  if (a >= 0 && b > a) return old.slice(0, a) + block + old.slice(b + BLOCK_END.length);
  return `${block}\n\n${old}`.trimEnd() + "\n";
}
