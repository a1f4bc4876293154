// The explorer's GraphQL client. Every page's operation is a typed document from codegen
// (client/generated), and each carries the sha256 the server lists in its persisted-documents
// manifest: requests send that documentId instead of the query text, so the pages run unchanged
// on a server that accepts nothing but persisted operations (PERSISTED_OPERATIONS=only).
import { Client, cacheExchange, fetchExchange } from "@urql/core";
import * as documents from "../../client/generated/graphql.ts";

interface PersistedDocument {
  __meta__?: { hash?: string };
  definitions?: readonly { kind: string; name?: { value: string } }[];
}

/** Operation name -> documentId, from the generated documents. */
export const documentIds: ReadonlyMap<string, string> = new Map(
  Object.values(documents as Record<string, unknown>).flatMap((value) => {
    const doc = value as PersistedDocument;
    const hash = doc?.__meta__?.hash;
    const operation = doc?.definitions?.find((d) => d.kind === "OperationDefinition");
    return hash && operation?.name ? [[operation.name.value, hash] as const] : [];
  }),
);

/** Replaces the query text of a JSON request body by its documentId when the operation is persisted. */
export function persistedBody(body: string): string {
  const parsed = JSON.parse(body) as { operationName?: string; query?: string; variables?: unknown; extensions?: unknown };
  const documentId = parsed.operationName ? documentIds.get(parsed.operationName) : undefined;
  if (!documentId) return body;
  return JSON.stringify({ documentId, operationName: parsed.operationName, variables: parsed.variables ?? {} });
}

const persistedFetch: typeof fetch = (input, init) => {
  if (init && typeof init.body === "string") init = { ...init, body: persistedBody(init.body) };
  return fetch(input, init);
};

export const client = new Client({
  url: "/graphql",
  exchanges: [cacheExchange, fetchExchange],
  // POST: JSON bodies are preflight-safe for the server's CSRF check and carry the documentId.
  preferGetMethod: false,
  fetch: persistedFetch,
  requestPolicy: "cache-first",
});
