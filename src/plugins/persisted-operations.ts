// PERSISTED_OPERATIONS=only: the server runs nothing but the operations of the front end, listed
// by codegen (client preset, persistedDocuments) in client/generated/persisted-documents.json as
// { "sha256:<hash>": "<operation>" }. A client sends `documentId` (the GraphQL-over-HTTP
// persisted documents convention; GET ?documentId=... works too) or Apollo's
// extensions.persistedQuery.sha256Hash; any request with a `query` is refused.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { usePersistedOperations } from "@graphql-yoga/plugin-persisted-operations";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import { repoRoot } from "../paths.ts";

export const manifestPath = join(repoRoot, "client", "generated", "persisted-documents.json");

export function loadManifest(path = manifestPath): Map<string, string> {
  const entries = JSON.parse(readFileSync(path, "utf8")) as Record<string, string>;
  return new Map(Object.entries(entries));
}

function documentIdOf(params: { extensions?: Record<string, unknown> } & Record<string, unknown>, request: Request): string | null {
  if (typeof params.documentId === "string") return params.documentId;
  const fromUrl = new URL(request.url).searchParams.get("documentId");
  if (fromUrl) return fromUrl;
  const apollo = params.extensions?.persistedQuery as { version?: number; sha256Hash?: unknown } | undefined;
  if (apollo?.version === 1 && typeof apollo.sha256Hash === "string") return `sha256:${apollo.sha256Hash}`;
  return null;
}

const badRequest = (message: string, code: string) => ({ message, extensions: { code, http: { status: 400 } } });
const badRequestError = (message: string, code: string) => createGraphQLError(message, { extensions: { code, http: { status: 400 } } });

/**
 * PERSISTED_OPERATIONS=off: operations sent as text run as before, and a request that sends a
 * documentId instead (as the explorer's pages do) runs the listed operation, so one client works
 * against either setting.
 */
export function usePersistedDocuments(manifest: Map<string, string> = loadManifest()): Plugin {
  return {
    onParams({ params, request, setParams }) {
      if (params.query) return;
      const id = documentIdOf(params as never, request);
      if (id == null) return; // the server's own "no query" error
      const query = manifest.get(id);
      if (query == null) throw badRequestError("No persisted operation has this documentId.", "PERSISTED_OPERATION_NOT_FOUND");
      // Without documentId: the server's parameter check refuses names it does not know.
      setParams({ query, operationName: params.operationName, variables: params.variables, extensions: params.extensions });
    },
  };
}

export function usePersistedOperationsOnly(manifest: Map<string, string> = loadManifest()): Plugin {
  return usePersistedOperations({
    allowArbitraryOperations: false,
    extractPersistedOperationId: (params, request) => documentIdOf(params as never, request),
    getPersistedOperation: (id) => manifest.get(id) ?? null,
    customErrors: {
      persistedQueryOnly: badRequest(
        "This server accepts only persisted operations: send documentId instead of query.",
        "PERSISTED_OPERATION_REQUIRED",
      ),
      keyNotFound: badRequest("Send the documentId of a persisted operation.", "PERSISTED_OPERATION_REQUIRED"),
      notFound: badRequest("No persisted operation has this documentId.", "PERSISTED_OPERATION_NOT_FOUND"),
    },
  });
}
