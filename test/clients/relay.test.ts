// Relay: relay-compiler (the native binary inside the npm package, no network) compiles the client
// documents in client/relay, with @connection and @refetchable, against schema.graphql; and the
// queries it writes (the pagination query through node(id:), a page after a cursor) run against
// the server and page as Relay's ConnectionHandler expects.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "../../src/db.ts";
import { createServer } from "../../src/yoga.ts";
import { execute } from "../helpers/graphql.ts";

const root = resolve(import.meta.dirname, "../..");
const yoga = createServer();
let dir = "";
let compiled = { code: -1, output: "" };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "summitry-relay-"));
  await cp(join(root, "client/relay"), dir, { recursive: true });
  const config = JSON.parse(await readFile(join(dir, "relay.config.json"), "utf8"));
  await writeFile(join(dir, "relay.config.json"), JSON.stringify({ ...config, schema: join(root, "schema.graphql") }));
  compiled = await promisify(execFile)(process.execPath, [join(root, "node_modules/relay-compiler/cli.js"), "relay.config.json"], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1" },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
  );
}, 180_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  await yoga.dispose();
  await disconnectDb();
});

/** The operation text relay-compiler wrote for a query. */
async function operationText(name: string): Promise<string> {
  const artifact = await readFile(join(dir, "src/__generated__", `${name}.graphql.ts`), "utf8");
  const text = /"text": ("(?:[^"\\]|\\.)*")/.exec(artifact)?.[1];
  if (!text) throw new Error(`no operation text in ${name}`);
  return JSON.parse(text) as string;
}

describe("relay-compiler over the client documents", () => {
  it("compiles the fragments with @connection and @refetchable, the queries, a mutation and a subscription", async () => {
    expect(compiled.output).toContain("Compilation completed.");
    expect(compiled.code).toBe(0);
    expect((await readdir(join(dir, "src/__generated__"))).sort()).toEqual(
      [
        "CountryEngagementsPaginationQuery",
        "CountryEngagements_country",
        "OrganisationMembershipsPaginationQuery",
        "OrganisationMemberships_organisation",
        "QueriesCountryQuery",
        "QueriesEngagementChangedSubscription",
        "QueriesOrganisationQuery",
        "QueriesSetStatusMutation",
      ].map((n) => `${n}.graphql.ts`),
    );
  });

  it("writes a refetch query through node(id:) that the server answers, and pages with the cursor it returns", async () => {
    const pagination = await operationText("OrganisationMembershipsPaginationQuery");
    expect(pagination).toContain("node(id: $id)");
    const sco = await execute(yoga, `{ organisation(acronym: "SCO") { id } }`);
    const id = (sco.data as { organisation: { id: string } }).organisation.id;
    type Page = { node: { acronym: string; memberships: { totalCount: number; edges: { node: { country: { code: string } } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } } };
    const first = await execute<Page>(yoga, pagination, { id, count: 4 });
    expect(first.errors).toBeUndefined();
    expect(first.data?.node.acronym).toBe("SCO");
    expect(first.data?.node.memberships.edges).toHaveLength(4);
    expect(first.data?.node.memberships.pageInfo.hasNextPage).toBe(true);
    const next = await execute<Page>(yoga, pagination, { id, count: 10, cursor: first.data?.node.memberships.pageInfo.endCursor });
    expect(next.errors).toBeUndefined();
    const codes = [...first.data!.node.memberships.edges, ...next.data!.node.memberships.edges].map((e) => e.node.country.code);
    expect(codes).toHaveLength(first.data!.node.memberships.totalCount);
    expect(new Set(codes).size).toBe(codes.length);
    expect(next.data?.node.memberships.pageInfo.hasNextPage).toBe(false);
  });

  it("writes the country page query, which the server answers with edges, roles and cursors", async () => {
    const result = await execute(yoga, await operationText("QueriesCountryQuery"), { code: "IN" });
    expect(result.errors).toBeUndefined();
    const engagements = (result.data as any).country.engagements;
    expect(engagements.edges.length).toBeGreaterThan(0);
    for (const edge of engagements.edges) expect(edge).toMatchObject({ cursor: expect.any(String), role: expect.any(String), node: { __typename: "Engagement", id: expect.any(String) } });
  });
});
