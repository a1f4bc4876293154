import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type ExecutionResult, Kind, parse, print } from "graphql";
import { createServer } from "../../src/yoga.ts";

export type Yoga = ReturnType<typeof createServer>;

const operationsDir = resolve(import.meta.dirname, "../../client/operations");

/** POST one operation through yoga.fetch, in process, and return the parsed body. */
export async function execute<T = Record<string, unknown>>(
  yoga: Yoga,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<ExecutionResult<T> & { status: number }> {
  const response = await yoga.fetch("http://summitry.test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as ExecutionResult<T>) };
}

/** The operations of client/operations/*.graphql as written, by name. */
const written = new Map<string, string>();
for (const file of readdirSync(operationsDir).filter((f) => f.endsWith(".graphql"))) {
  for (const definition of parse(readFileSync(join(operationsDir, file), "utf8")).definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) written.set(definition.name.value, print(definition));
  }
}

/**
 * Run a front-end operation (a typed document from client/generated), so the tests compile
 * against and exercise the same contract the front end does. It runs the operation as written in
 * client/operations: the generated document also selects `__typename` everywhere and `id` on every
 * Node for client caches (test/clients/ runs documents as sent), which would only add noise to
 * whole-answer assertions about the API's behaviour.
 */
export async function run<TData, TVariables extends Record<string, unknown>>(
  yoga: Yoga,
  document: TypedDocumentNode<TData, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<ExecutionResult<TData> & { status: number }> {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const source = operation?.name ? written.get(operation.name.value) : undefined;
  if (!source) throw new Error(`no operation ${operation?.name?.value ?? "(anonymous)"} in client/operations`);
  return execute<TData>(yoga, source, variables as Record<string, unknown> | undefined);
}
