-- A recorded read first asks whether anything was recorded after its instant (src/domain/recorded.ts):
-- when nothing was, the live tables are the graph as it stood then and the read skips the views.
-- This index answers that question without a scan.
CREATE INDEX "FactVersion_recordedAt_idx" ON "FactVersion"("recordedAt");
