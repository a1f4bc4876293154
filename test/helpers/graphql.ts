import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { type ExecutionResult, print } from "graphql";
import { createServer } from "../../src/yoga.ts";

export type Yoga = ReturnType<typeof createServer>;

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

/**
 * Run a typed document from client/generated (the front end's own operations), so the tests
 * compile against and exercise the same contract the front end does.
 */
export async function run<TData, TVariables extends Record<string, unknown>>(
  yoga: Yoga,
  document: TypedDocumentNode<TData, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<ExecutionResult<TData> & { status: number }> {
  return execute<TData>(yoga, print(document), variables as Record<string, unknown> | undefined);
}
