import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // graphql ships CommonJS and ESM builds; packages that require() it and modules that import it
    // would otherwise get two copies under vitest ("Cannot use GraphQLObjectType from another
    // module or realm"). One copy, as under Node.
    alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    // One PostgreSQL per run, migrated once into template databases.
    globalSetup: ["test/global-setup.ts"],
    // Each test file: its own database cloned from the seeded template, as DATABASE_URL.
    setupFiles: ["test/setup-database.ts"],
    // Child processes rather than threads: each file's Prisma client and pg pool live and die
    // with their worker, and process.env is per process.
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 30_000,
    // Covers a container start plus migrations in the first hook that needs them.
    hookTimeout: 120_000,
    // Stopping a container (or dropping databases on a shared server) at the end of the run.
    teardownTimeout: 30_000,
  },
});
