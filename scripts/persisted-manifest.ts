// Run by `npm run generate:graphql` after codegen. Codegen keys persisted-documents.json by the hash
// of a normalised print of each operation (fields sorted, one line): the `__meta__.hash` the typed
// documents carry. Apollo Client's stock persisted-query link hashes `print(document)` of the
// document it sends instead, so this adds each typed document under that hash too. Both keys name
// the same operation; each entry's key is the sha256 of its own text.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { type DocumentNode, print } from "graphql";
import * as generated from "../client/generated/graphql.ts";
import { manifestPath } from "../src/plugins/persisted-operations.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export function apolloEntries(documents: Record<string, unknown>): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const [name, value] of Object.entries(documents)) {
    if (!name.endsWith("Document") || typeof value !== "object" || value === null || (value as DocumentNode).kind !== "Document") continue;
    const text = print(value as DocumentNode);
    entries[`sha256:${sha256(text)}`] = text;
  }
  return entries;
}

const codegen = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, string>;
const apollo = apolloEntries(generated);
// Written after codegen's entries, in a stable order, so running this twice gives the same file.
const manifest = { ...Object.fromEntries(Object.entries(codegen).filter(([key]) => !(key in apollo))), ...apollo };
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
