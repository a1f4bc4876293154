import type { CodegenConfig } from "@graphql-codegen/cli";

// `npm run generate:graphql`: prints the executable schema to schema.graphql and generates typed
// documents (client preset) for the front-end operations in client/operations. Both outputs are
// committed; CI regenerates them and fails on any difference.
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
      config: {
        importExtension: ".ts",
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { PartialDate: "string", DateTime: "string", ID: "string" },
      },
    },
  },
};

export default config;
