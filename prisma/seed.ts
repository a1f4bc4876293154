// npm run db:seed: load prisma/data into DATABASE_URL (idempotent) and print what changed.
import { seedDatabase } from "../src/seed.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set");
  process.exit(2);
}
const report = await seedDatabase(url);
for (const [entity, c] of Object.entries(report)) {
  if (c.created + c.updated + c.unchanged > 0) {
    console.log(`${entity.padEnd(16)} created ${c.created}  updated ${c.updated}  unchanged ${c.unchanged}`);
  }
}
