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
      presetConfig: { fragmentMasking: false },
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
