/**
 * Builds the devnet's P1 batch circuit (circom compile and the UNSAFE development ceremony) into the cache the devnet
 * and the tests read, so that the first `npm start` does not spend minutes on it. Run by `npm run setup`; a no-op
 * once the cache holds it.
 */
import { defaultCircuitCacheDir, devnetCircuitParams, prepareBatchCircuit } from "../node-services/batchproof/index.js";

const started = Date.now();
const circuit = await prepareBatchCircuit({
  params: devnetCircuitParams,
  cacheDir: defaultCircuitCacheDir,
  onProgress: (msg) => console.log(`setup: ${msg}`),
});
console.log(`setup: devnet batch circuit ready (${circuit.constraints} constraints, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
