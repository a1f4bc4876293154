import type { CodegenConfig } from "@graphql-codegen/cli";
import { addTypenameSelectionDocumentTransform } from "@graphql-codegen/client-preset";
import { addNodeIdsDocumentTransform } from "./client/codegen/add-node-ids.ts";

// `npm run generate:graphql`: prints the executable schema to schema.graphql and generates typed
// documents (client preset) for the front-end operations in client/operations. Both outputs are
// committed; CI regenerates them and fails on any difference. The documents get `__typename` on
// every selection and `id` on every Node, before hashing: what the typed documents send, and what
// the persisted manifest holds, is what a normalising cache needs. possible-types.ts is the
// fragment matcher Apollo's InMemoryCache and urql's graphcache need for interface and union
// fragments (`... on UserError`).
const config: CodegenConfig = {
  schema: "./src/schema/index.ts",
  documents: ["client/operations/**/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "schema.graphql": {
      plugins: ["schema-ast"],
      config: { includeDirectives: true },
    },
    "client/generated/": {
      preset: "client",
      // persisted-documents.json: hash -> operation, the allow-list of PERSISTED_OPERATIONS=only
      // (src/plugins/persisted-operations.ts); each typed document carries its hash.
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: "sha256" } },
      documentTransforms: [addTypenameSelectionDocumentTransform, addNodeIdsDocumentTransform],
      config: {
        // ".js": what a default NodeNext project (no allowImportingTsExtensions) can import;
        // tsx, vitest and tsc map it to the .ts file.
        importExtension: ".js",
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { PartialDate: "string", DateTime: "string", ID: "string" },
      },
    },
    "client/generated/possible-types.ts": {
      plugins: ["fragment-matcher"],
      config: { module: "es2015", apolloClientVersion: 3, useExplicitTyping: true },
    },
  },
};

export default config;
