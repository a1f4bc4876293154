// The starting dataset: prisma/data/*.yaml, built from the Qingdao 2025 report and the public
// facts in shared/seeds/facts.md. Loading is idempotent, so the seed can run on every start.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPrismaClient, type Db } from "./db.ts";
import { readDataset } from "./domain/dataset.ts";
import { type LoadReport, loadDataset } from "./domain/ingest.ts";

export const seedDataDir = join(dirname(fileURLToPath(import.meta.url)), "..", "prisma", "data");

export async function seed(prisma: Db): Promise<LoadReport> {
  return loadDataset(prisma, await readDataset(seedDataDir), { actor: "seed" });
}

export async function seedDatabase(databaseUrl: string): Promise<LoadReport> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    return await seed(prisma);
  } finally {
    await prisma.$disconnect();
  }
}
