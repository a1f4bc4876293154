// Runs in each test file's own module graph before the file itself: give the file a private
// database cloned from the seeded template, and point DATABASE_URL at it before any app module
// (src/db.ts reads DATABASE_URL on first import) is loaded.
import { afterAll } from "vitest";
import { createTestDatabase, dropTestDatabase } from "./helpers/db.ts";

const url = await createTestDatabase();
process.env.DATABASE_URL = url;

// Registered before the test file's hooks, so it runs after them. FORCE: the app's connection
// pool is still open at this point.
afterAll(async () => {
  await dropTestDatabase(url);
});
