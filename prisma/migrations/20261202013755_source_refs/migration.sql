-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "ref" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Source_ref_key" ON "Source"("ref");
