// Property-based fuzzing (fast-check): thousands of malformed queries, variables, batches and HTTP
// requests through yoga.fetch in process, every string argument of the schema (found by walking
// it), and a smaller number over real HTTP to a listening server. No answer is a 5xx, every error
// has a message and a code, none is INTERNAL_SERVER_ERROR (a client's mistake is never ours), and
// the server still answers after.
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import {
  getNamedType,
  getNullableType,
  type GraphQLArgument,
  type GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  isLeafType,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "../../src/db.ts";
import { schema } from "../../src/schema/index.ts";
import { createServer, CSRF_HEADER } from "../../src/yoga.ts";

const yoga = createServer();
let server: Server;
let base = "";

beforeAll(async () => {
  server = createHttpServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await yoga.dispose();
  await disconnectDb();
});

/** Pieces of GraphQL, so generated queries get past the lexer often enough to reach validation. */
const token = fc.constantFrom(
  "{", "}", "(", ")", "[", "]", ":", "!", "$v", "...", "=", "@skip(if: true)", "@include", "query", "mutation",
  "subscription", "fragment F on Country", "...F", "countries", "organisation", "country", "node", "nodes", "edges",
  "memberships", "engagements", "first:", "last:", "after:", '"SCO"', '"PK"', "acronym:", "code:", "id:", "ids:",
  "100", "101", "-1", "1e309", "null", "true", '"\\u0000"', '"\\uD800"', "__schema", "__type", "__typename", "name",
  "totalCount", "#", "\n", ",", "$", '"""', "…", "𝕏", "\u0000",
);
const query = fc.oneof(
  fc.array(token, { maxLength: 40 }).map((parts) => parts.join(" ")),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 100 }),
);
const variables = fc.oneof(fc.jsonValue(), fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue()), fc.constant(undefined));
const variableQueries = fc.constantFrom(
  `query ($v: Int) { countries(first: $v) { totalCount } }`,
  `query ($v: String!) { organisation(acronym: $v) { name } }`,
  `query ($v: ID!) { node(id: $v) { id } }`,
  `query ($v: [ID!]!) { nodes(ids: $v) { id } }`,
  `query ($v: String) { country(code: $v) { name } }`,
);
const contentType = fc.constantFrom(
  "application/json", "application/json; charset=utf-8", "application/graphql", "application/graphql+json",
  "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "",
);
const accept = fc.constantFrom("application/json", "application/graphql-response+json", "text/event-stream", "text/html", "*/*", "image/png", "");
const method = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
const body = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.record({ query, variables, operationName: fc.oneof(fc.string(), fc.jsonValue()), extensions: fc.jsonValue() }, { requiredKeys: [] }).map((v) =>
    JSON.stringify(v),
  ),
  fc.array(fc.record({ query }), { maxLength: 12 }).map((v) => JSON.stringify(v)),
);
const path = fc.oneof(
  fc.constant("/graphql"),
  fc.string({ maxLength: 30 }).map((q) => `/graphql?query=${encodeURIComponent(q)}`),
  query.map((q) => `/graphql?query=${encodeURIComponent(q)}&variables=%7Bbad`),
  fc.constantFrom("/", "/health", "/ready", "/metrics", "/graphql/", "/nope", "/graphql?documentId=x"),
);

interface Seen {
  status: number;
  errors: unknown[];
}

/** The status, and the errors when the answer is GraphQL JSON. Throws on a 5xx. */
async function check(response: Response): Promise<Seen> {
  const text = await response.text();
  const seen: Seen = { status: response.status, errors: [] };
  if (response.status >= 500) throw new Error(`${response.status}: ${text.slice(0, 500)}`);
  const type = response.headers.get("content-type") ?? "";
  if (text && /json/.test(type)) {
    const parsed = JSON.parse(text) as { errors?: unknown[] } | { errors?: unknown[] }[];
    for (const result of Array.isArray(parsed) ? parsed : [parsed]) seen.errors.push(...(result.errors ?? []));
  }
  for (const error of seen.errors as { message?: unknown; extensions?: { code?: unknown } }[]) {
    if (typeof error.message !== "string" || error.message === "") throw new Error(`error without a message: ${JSON.stringify(error)}`);
    if (typeof error.extensions?.code !== "string") throw new Error(`error without a code: ${JSON.stringify(error)}`);
    if (error.extensions.code === "INTERNAL_SERVER_ERROR") throw new Error(`a client's mistake answered as ours: ${JSON.stringify(error)}`);
  }
  return seen;
}

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  yoga.fetch("http://summitry.test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
    body: JSON.stringify(payload),
  });

describe("fuzzing in process", () => {
  it("answers 1500 malformed queries without a 5xx, every error with a message and a code", async () => {
    await fc.assert(fc.asyncProperty(query, async (q) => void (await check(await post({ query: q })))), { numRuns: 1500 });
  });

  it("answers 1000 operations with ill-typed variables without a 5xx, every error with a message and a code", async () => {
    await fc.assert(
      fc.asyncProperty(variableQueries, variables, async (q, v) => void (await check(await post({ query: q, variables: v })))),
      { numRuns: 1000 },
    );
  });

  it("answers 1500 malformed HTTP requests (methods, paths, content types, bodies) without a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(method, path, contentType, accept, body, fc.boolean(), async (m, p, type, acc, b, csrf) => {
        const headers: Record<string, string> = {};
        if (type) headers["content-type"] = type;
        if (acc) headers.accept = acc;
        if (csrf) headers[CSRF_HEADER] = "1";
        const hasBody = m !== "GET" && m !== "OPTIONS";
        await check(await yoga.fetch(`http://summitry.test${p}`, { method: m, headers, body: hasBody ? b : undefined }));
      }),
      { numRuns: 1500 },
    );
  });
});

/** A value of `type` that the field accepts, for the arguments a fuzzed one needs beside it. */
function plausible(type: GraphQLInputType): unknown {
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) return [plausible(nullable.ofType)];
  if (isEnumType(nullable)) return nullable.getValues()[0]!.value;
  if (isInputObjectType(nullable)) {
    return Object.fromEntries(Object.values(nullable.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, plausible(f.type)]));
  }
  switch (nullable.toString()) {
    case "Int":
      return 1;
    case "Float":
      return 1.5;
    case "Boolean":
      return true;
    case "ID":
      return Buffer.from("Country:1").toString("base64");
    case "PartialDate":
      return "2025";
    case "DateTime":
      return "2025-01-01T00:00:00Z";
    default:
      return "PK";
  }
}

/** Every place a query field takes a string (String or ID, in an argument or one input object down). */
interface StringTarget {
  field: string;
  args: readonly GraphQLArgument[];
  arg: string;
  /** The input object field under `arg`, if the string is there. */
  inner?: string;
  list: boolean;
  selection: string;
}
function stringTargets(): StringTarget[] {
  const targets: StringTarget[] = [];
  for (const field of Object.values(schema.getQueryType()!.getFields())) {
    const selection = isLeafType(getNamedType(field.type)) ? "" : "{ __typename }";
    for (const arg of field.args) {
      const named = getNamedType(arg.type);
      if (isScalarType(named) && (named.name === "String" || named.name === "ID")) {
        targets.push({ field: field.name, args: field.args, arg: arg.name, list: isListType(getNullableType(arg.type)), selection });
      } else if (isInputObjectType(named)) {
        for (const inner of Object.values(named.getFields())) {
          const innerNamed = getNamedType(inner.type);
          if (isScalarType(innerNamed) && (innerNamed.name === "String" || innerNamed.name === "ID")) {
            targets.push({ field: field.name, args: field.args, arg: arg.name, inner: inner.name, list: isListType(getNullableType(inner.type)), selection });
          }
        }
      }
    }
  }
  return targets;
}

const hostileString = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("", " ", "\u0000", "a\u0000b", "%", "_", "'; DROP TABLE \"Country\"; --", "\uD800", "𝕏".repeat(50), "Q291bnRyeTox", "Q291bnRyeToxZTM="),
  fc.string({ minLength: 1, maxLength: 3 }).map((s) => s.repeat(3000)),
);

describe("fuzzing every string argument of the schema", () => {
  const targets = stringTargets();

  it("finds the string arguments by walking the schema", () => {
    const fields = new Set(targets.map((t) => t.field));
    for (const name of ["search", "country", "organisation", "engagement", "node", "nodes", "people", "timeline", "changes"]) expect(fields).toContain(name);
  });

  it("answers hostile strings in every one of them without a 5xx or an INTERNAL_SERVER_ERROR", { timeout: 120_000 }, async () => {
    for (const target of targets) {
      await fc.assert(
        fc.asyncProperty(hostileString, async (value) => {
          const variables: Record<string, unknown> = {};
          const declared: string[] = [];
          const passed: string[] = [];
          for (const [i, arg] of target.args.entries()) {
            let v: unknown;
            if (arg.name === target.arg) {
              const leaf = target.list ? [value] : value;
              v = target.inner ? { ...(plausible(arg.type) as object), [target.inner]: leaf } : leaf;
            } else if (isNonNullType(arg.type)) {
              v = plausible(arg.type);
            } else continue;
            variables[`a${i}`] = v;
            declared.push(`$a${i}: ${arg.type.toString()}`);
            passed.push(`${arg.name}: $a${i}`);
          }
          const q = `query (${declared.join(", ")}) { ${target.field}(${passed.join(", ")}) ${target.selection} }`;
          await check(await post({ query: q, variables }));
        }),
        { numRuns: 15 },
      );
    }
  });
});

describe("fuzzing batches and nesting", () => {
  const element = fc.oneof(
    fc.constant(null),
    fc.jsonValue(),
    fc.record({ query, variables }, { requiredKeys: ["query"] }),
    fc.constant({ query: `{ country(code: "PK") { name } }` }),
    fc.constant({ query: `{ __schema { queryType { name } } }` }),
  );

  it("answers 500 batches of up to 10 random elements without a 5xx or an INTERNAL_SERVER_ERROR", async () => {
    await fc.assert(fc.asyncProperty(fc.array(element, { minLength: 1, maxLength: 10 }), async (b) => void (await check(await post(b)))), { numRuns: 500 });
  });

  it("answers variables nested up to 1000 levels deep without a 5xx; past 32 levels with 400 BAD_USER_INPUT", async () => {
    const nested = fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.boolean()).map(([depth, objects]) => {
      let v: unknown = "x";
      for (let i = 0; i < depth; i++) v = objects ? { k: v } : [v];
      return { depth, v };
    });
    await fc.assert(
      fc.asyncProperty(nested, async ({ depth, v }) => {
        const seen = await check(await post({ query: `query ($v: Int) { countries(first: $v) { totalCount } }`, variables: { deep: v } }));
        if (depth >= 32) expect({ status: seen.status, codes: seen.errors.map((e: any) => e.extensions.code) }).toEqual({ status: 400, codes: ["BAD_USER_INPUT"] });
      }),
      { numRuns: 200 },
    );
  });
});

describe("fuzzing over HTTP", () => {
  it("answers 200 malformed requests on a listening server without a 5xx, and still serves afterwards", async () => {
    await fc.assert(
      fc.asyncProperty(method, path, contentType, body, async (m, p, type, b) => {
        const hasBody = m !== "GET" && m !== "OPTIONS";
        const headers: Record<string, string> = { [CSRF_HEADER]: "1" };
        if (type) headers["content-type"] = type;
        await check(await fetch(`${base}${p}`, { method: m, headers, body: hasBody ? b : undefined }));
      }),
      { numRuns: 200 },
    );
    const after = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ organisation(acronym: "SCO") { name } }` }),
    });
    expect(await after.json()).toEqual({ data: { organisation: { name: "Shanghai Cooperation Organisation" } } });
  });
});
