/**
 * Test support for the kill -9 test: a synchronizer as its own process, on PGlite in a data dir, following an L1 until
 * it has applied block `untilBlock`. It prints `virtual <n>` for each batch that became virtual and `synced` at the
 * end, so the test can kill it halfway. Usage: tsx testSyncProcess.ts <dataDir> <target.json> <untilBlock>
 */
import { readFileSync } from "node:fs";
import { openDb } from "../db/openDb.js";
import { Logger } from "../log/logger.js";
import { syncNode, type L1Target } from "./testL1.js";

const [dataDir, targetFile, untilBlock] = process.argv.slice(2);
if (!dataDir || !targetFile || !untilBlock) throw new Error("usage: testSyncProcess.ts <dataDir> <target.json> <untilBlock>");
const target = JSON.parse(readFileSync(targetFile, "utf8")) as L1Target;
const db = await openDb({ dataDir, dbUrl: "" });
const node = await syncNode(db, target, new Logger({ level: "error", format: "json" }), { l1BlockRange: 1, intervalMs: 50 });
node.synchronizer.onBatches((e) => {
  if (e.kind === "virtual") for (const n of e.batches) process.stdout.write(`virtual ${n}\n`);
});
await node.synchronizer.start();
while (node.synchronizer.status().l1Synced < Number(untilBlock)) await new Promise((r) => setTimeout(r, 50));
await node.stop();
await db.close();
process.stdout.write("synced\n");
