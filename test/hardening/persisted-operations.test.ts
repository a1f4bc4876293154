// PERSISTED_OPERATIONS=only: the server runs the front end's operations (the codegen manifest,
// client/generated/persisted-documents.json) by documentId, and refuses anything else.
import { createHash } from "node:crypto";
import { print } from "graphql";
import { afterAll, describe, expect, it } from "vitest";
import { ScoTraversalDocument } from "../../client/generated/graphql.ts";
import { disconnectDb } from "../../src/db.ts";
import { loadManifest } from "../../src/plugins/persisted-operations.ts";
import { createServer } from "../../src/yoga.ts";
import { execute } from "../helpers/graphql.ts";

const manifest = loadManifest();
const yoga = createServer({ config: { persistedOperations: "only" } });
afterAll(async () => {
  await yoga.dispose();
  await disconnectDb();
});

async function post(body: unknown): Promise<{ status: number; data?: any; errors?: any[] }> {
  const response = await yoga.fetch("http://summitry.test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

const scoTraversalId = (ScoTraversalDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;

describe("the codegen manifest", () => {
  it("lists every typed client document under the sha256 of its text, which each document carries", () => {
    expect(manifest.size).toBeGreaterThan(0);
    for (const [id, text] of manifest) {
      expect(id).toBe(`sha256:${createHash("sha256").update(text).digest("hex")}`);
    }
    expect(manifest.has(scoTraversalId)).toBe(true);
  });
});

describe("PERSISTED_OPERATIONS=only", () => {
  it("runs a persisted operation sent by documentId, with the same answer as the operation's text on an open server", async () => {
    const persisted = await post({ documentId: scoTraversalId, variables: { acronym: "SCO", members: 3, engagements: 1 } });
    const open = createServer();
    const direct = await execute(open, print(ScoTraversalDocument), { acronym: "SCO", members: 3, engagements: 1 });
    expect(persisted.errors).toBeUndefined();
    expect(persisted).toEqual(direct);
    expect((persisted.data as any).organisation.memberships.edges.map((e: any) => e.node.country.code)).toEqual(["CN", "KZ", "KG"]);
  });

  it("accepts Apollo's persistedQuery extension for the same operation", async () => {
    const hash = scoTraversalId.replace(/^sha256:/, "");
    const result = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } }, variables: { acronym: "SCO", members: 1 } });
    expect(result.errors).toBeUndefined();
    expect((result.data as any).organisation.name).toBe("Shanghai Cooperation Organisation");
  });

  it("refuses an operation sent as text with PERSISTED_OPERATION_REQUIRED", async () => {
    expect(await post({ query: "{ countries { totalCount } }" })).toEqual({
      status: 400,
      errors: [
        {
          message: "This server accepts only persisted operations: send documentId instead of query.",
          extensions: { code: "PERSISTED_OPERATION_REQUIRED" },
        },
      ],
    });
  });

  it("refuses an unknown documentId with PERSISTED_OPERATION_NOT_FOUND", async () => {
    expect(await post({ documentId: "sha256:0000" })).toEqual({
      status: 400,
      errors: [{ message: "No persisted operation has this documentId.", extensions: { code: "PERSISTED_OPERATION_NOT_FOUND" } }],
    });
  });

  it("refuses a request with neither query nor documentId with PERSISTED_OPERATION_REQUIRED", async () => {
    expect(await post({ variables: {} })).toEqual({
      status: 400,
      errors: [{ message: "Send the documentId of a persisted operation.", extensions: { code: "PERSISTED_OPERATION_REQUIRED" } }],
    });
  });
});
