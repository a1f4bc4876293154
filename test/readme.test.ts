// The README's examples run as written against the seed data: every ```graphql block is executed,
// must return no errors, and every field it asks for at the top (and every first-level connection)
// must come back with data, so an example cannot silently go stale.
import { readFileSync } from "node:fs";
import { parse, validate } from "graphql";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectDb } from "../src/db.ts";
import { graphiqlDocument } from "../src/graphiql.ts";
import { schema } from "../src/schema/index.ts";
import { createServer } from "../src/yoga.ts";

const yoga = createServer();
afterAll(() => disconnectDb());

const graphiqlOperations = parse(graphiqlDocument).definitions.flatMap((d) =>
  d.kind === "OperationDefinition" && d.name ? [{ name: d.name.value, block: graphiqlDocument }] : [],
);

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
const operationsOf = (kind: "query" | "mutation" | "subscription") =>
  blocks.flatMap((block) =>
    parse(block).definitions.flatMap((d) =>
      d.kind === "OperationDefinition" && d.name && d.operation === kind ? [{ name: d.name.value, block }] : [],
    ),
  );
const operations = operationsOf("query");

/** Top-level fields that came back null, and connections or lists that came back empty. */
function emptyConnections(value: unknown, path: string): string[] {
  // A nested null can be the answer (Peace Mission 2018 was not at a summit); a top-level one is not.
  if (!value || typeof value !== "object") return value === null && !path.includes(".") ? [path] : [];
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.edges)) return record.edges.length === 0 ? [`${path}.edges`] : [];
  return Object.entries(record).flatMap(([k, v]) => (Array.isArray(v) ? (v.length ? [] : [`${path}.${k}`]) : emptyConnections(v, `${path}.${k}`)));
}

describe("README and GraphiQL examples", () => {
  it("has examples for every root query", () => {
    const used = new Set(blocks.flatMap((b) => [...b.matchAll(/^\s*(?:\w+:\s*)?(\w+)[({]/gm)].map((m) => m[1])));
    const roots = ["node", "nodes", "organisation", "organisations", "country", "countries", "person", "people", "summit", "summits",
      "engagements", "incidents", "statements", "lastContact", "timeline", "search", "engagementStats"];
    expect(roots.filter((r) => !used.has(r))).toEqual([]);
  });

  // Writes need a key and live data: check they are valid against the schema as written.
  it.each([...operationsOf("mutation"), ...operationsOf("subscription")])("validates $name against the schema", ({ name, block }) => {
    const document = parse(block);
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);
    expect(document.definitions.some((d) => d.kind === "OperationDefinition" && d.name?.value === name)).toBe(true);
  });

  it.each([...operations, ...graphiqlOperations])("runs $name", async ({ name, block }) => {
    const response = await yoga.fetch("http://summitry.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query: block, operationName: name }),
    });
    const result = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    expect(result.errors).toBeUndefined();
    expect(Object.entries(result.data!).flatMap(([k, v]) => emptyConnections(v, k))).toEqual([]);
  });
});
