import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type ASTNode, type ExecutionResult, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse, print, visit } from "graphql";
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

/** The operations of client/operations/*.graphql as written, by name, each with the fragments it spreads. */
const written = new Map<string, string>();
const operations: OperationDefinitionNode[] = [];
const fragments = new Map<string, FragmentDefinitionNode>();
for (const file of readdirSync(operationsDir).filter((f) => f.endsWith(".graphql"))) {
  for (const definition of parse(readFileSync(join(operationsDir, file), "utf8")).definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) operations.push(definition);
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
}
for (const operation of operations) {
  // Fragments may live in another file and spread others: collect them transitively.
  const needed = new Map<string, FragmentDefinitionNode>();
  const collect = (node: ASTNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !needed.has(fragment.name.value)) {
          needed.set(fragment.name.value, fragment);
          collect(fragment);
        }
      },
    });
  collect(operation);
  written.set(operation.name!.value, [operation, ...needed.values()].map((d) => print(d)).join("\n"));
}

/** Every operation of client/operations as written (with the fragments it spreads), by name. */
export function writtenOperations(): ReadonlyMap<string, string> {
  return written;
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
