// The generated client kit as a front-end project consumes it: a default strict NodeNext tsconfig
// (no allowImportingTsExtensions, no skipLibCheck) type-checks code that imports the typed
// documents, the graphql() function and the possibleTypes; and every document the kit ships is in
// the persisted manifest, keyed by the hash a client computes, with the ids and __typenames a
// normalising cache needs.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { type DocumentNode, isInterfaceType, isObjectType, isUnionType, Kind, print, TypeInfo, visit, visitWithTypeInfo } from "graphql";
import { afterAll, describe, expect, it } from "vitest";
import * as generated from "../../client/generated/graphql.ts";
import possibleTypesResult from "../../client/generated/possible-types.ts";
import { loadManifest } from "../../src/plugins/persisted-operations.ts";
import { schema } from "../../src/schema/index.ts";

const root = resolve(import.meta.dirname, "../..");
const documents = Object.entries(generated).filter(
  (entry): entry is [string, DocumentNode] => entry[0].endsWith("Document") && (entry[1] as DocumentNode)?.kind === "Document",
);

describe("the typed documents in a default TypeScript project", () => {
  let dir = "";
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  it("type-check under strict NodeNext with nothing but the defaults", { timeout: 120_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), "summitry-consumer-"));
    const kit = relative(dir, join(root, "client/generated")).split("\\").join("/");
    await writeFile(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    await writeFile(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", noEmit: true }, files: ["consumer.ts"] }),
    );
    await writeFile(
      join(dir, "consumer.ts"),
      `import { ScoTraversalDocument, RetractDocument, type ScoTraversalQuery, type RetractMutation } from "${kit}/graphql.js";
import { graphql } from "${kit}/index.js";
import possibleTypes from "${kit}/possible-types.js";

const members: number | undefined = (null as unknown as ScoTraversalQuery).organisation?.memberships.totalCount;
function conflict(result: RetractMutation["retract"]): number | null {
  return result.__typename === "ConflictError" ? result.currentVersion - result.expectedVersion : null;
}
const byFunction = graphql(\`subscription FactChanged($types: [String!]) {
  factChanged(types: $types) { changeId entityType entityId entityGlobalId action at countries }
}\`);
const matcher: Record<string, string[]> = possibleTypes.possibleTypes;
export { members, conflict, byFunction, matcher, ScoTraversalDocument, RetractDocument };
`,
    );
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    const result = await promisify(execFile)(process.execPath, [tsc, "-p", dir], { cwd: dir }).then(
      () => ({ code: 0, output: "" }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
    );
    expect(result).toEqual({ code: 0, output: "" });
  });
});

describe("the client kit's documents", () => {
  it("includes writes and subscriptions beside the queries", () => {
    const operations = documents.map(([, d]) => d.definitions.find((x) => x.kind === Kind.OPERATION_DEFINITION)?.operation);
    expect(new Set(operations)).toEqual(new Set(["query", "mutation", "subscription"]));
    expect(documents.map(([name]) => name)).toEqual(
      expect.arrayContaining(["SetEngagementStatusDocument", "RetractDocument", "CreateEngagementDocument", "EngagementChangedDocument", "FactChangedDocument"]),
    );
  });

  it("selects id on every Node and __typename on every selection, as sent and as persisted", () => {
    const manifest = loadManifest();
    const missing: string[] = [];
    for (const [name, document] of documents) {
      const typeInfo = new TypeInfo(schema);
      visit(
        document,
        visitWithTypeInfo(typeInfo, {
          SelectionSet(node, _key, parent) {
            const type = typeInfo.getParentType();
            const selected = (field: string) => node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === field && !s.alias);
            const subscriptionRoot = (parent as { kind?: string; operation?: string })?.operation === "subscription";
            if (!subscriptionRoot && !selected("__typename")) missing.push(`${name}: __typename on ${type?.name}`);
            const isNode = (isObjectType(type) || isInterfaceType(type)) && (type.name === "Node" || type.getInterfaces().some((i) => i.name === "Node"));
            if (isNode && !selected("id")) missing.push(`${name}: id on ${type.name}`);
          },
        }),
      );
      // Apollo's persisted-query link hashes print(document); codegen's own key is __meta__.hash.
      const text = print(document);
      expect(manifest.get(`sha256:${createHash("sha256").update(text).digest("hex")}`), name).toBe(text);
      const meta = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
      expect(meta && manifest.has(meta), name).toBe(true);
    }
    expect(missing).toEqual([]);
    // Each entry's key is the hash of its own text: nothing stale or mistyped in the allow-list.
    for (const [key, text] of manifest) expect(key).toBe(`sha256:${createHash("sha256").update(text).digest("hex")}`);
    expect(manifest.size).toBe(documents.length * 2);
  });

  it("ships possibleTypes for every abstract type of the schema", () => {
    const abstract = Object.values(schema.getTypeMap())
      .filter((t) => !t.name.startsWith("__") && (isInterfaceType(t) || isUnionType(t)))
      .map((t) => [t.name, schema.getPossibleTypes(t as never).map((p) => p.name).sort()] as const);
    expect(Object.fromEntries(Object.entries(possibleTypesResult.possibleTypes).map(([k, v]) => [k, [...v].sort()]))).toEqual(Object.fromEntries(abstract));
    expect(possibleTypesResult.possibleTypes.UserError).toEqual(expect.arrayContaining(["ConflictError", "ValidationError", "NotFoundError"]));
  });
});
