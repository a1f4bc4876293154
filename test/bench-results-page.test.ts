// A full bench run rewrites only its block of bench/RESULTS.md: the hand-written sections around it
// (optimisation write-ups, profiles, stall runs) survive, on both sides of the block.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BLOCK_BEGIN, BLOCK_END, withGeneratedBlock } from "../bench/results-page.ts";

describe("bench/RESULTS.md keeps what the bench did not write", () => {
  const dir = mkdtempSync(join(tmpdir(), "results-page-"));

  it("replaces the block and nothing else", () => {
    const file = join(dir, "a.md");
    writeFileSync(file, `intro\n${BLOCK_BEGIN}\n# old tables\n| q1 | 27 |\n${BLOCK_END}\n\n## Optimisation\nwritten by hand\n`);
    expect(withGeneratedBlock(file, "# new tables\n| q1 | 90 |\n")).toBe(
      `intro\n${BLOCK_BEGIN}\n# new tables\n| q1 | 90 |\n${BLOCK_END}\n\n## Optimisation\nwritten by hand\n`,
    );
  });

  it("leads a page that has no block yet with one, keeping the page below it", () => {
    const file = join(dir, "b.md");
    writeFileSync(file, "## Stalls\nby hand\n");
    expect(withGeneratedBlock(file, "# tables")).toBe(`${BLOCK_BEGIN}\n# tables\n${BLOCK_END}\n\n## Stalls\nby hand\n`);
    expect(withGeneratedBlock(join(dir, "missing.md"), "# tables")).toBe(`${BLOCK_BEGIN}\n# tables\n${BLOCK_END}\n`);
  });

  it("the committed page has exactly one block, with the write-ups after it", () => {
    const page = readFileSync(join(import.meta.dirname, "../bench/RESULTS.md"), "utf8");
    expect(page.split(BLOCK_BEGIN)).toHaveLength(2);
    expect(page.split(BLOCK_END)).toHaveLength(2);
    expect(page.slice(page.indexOf(BLOCK_END))).toContain("## Optimisation");
  });
});
