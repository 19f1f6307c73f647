/**
 * A prover worker thread: its own WASM instance; runs one `g16_*` call per message and replies with the result
 * bytes (transferred) or a wire error. Started by `WorkerPool` with the compiled module as workerData.
 */
import { parentPort, workerData } from "node:worker_threads";
import { toWire } from "./errors.js";
import { Groth16Wasm } from "./groth16Wasm.js";
import { wasmApi, type WasmModule } from "./wasmModule.js";

export interface WasmCall {
  fn: string;
  /** What the call is about, for error messages ("zkey", "witness", "MSM A"). */
  context: string;
  args: (Uint8Array | number)[];
  ptrOnly?: number[];
}

const wasm = new Groth16Wasm((workerData as { module: WasmModule }).module);

parentPort!.on("message", (m: { id: number; task: WasmCall }) => {
  try {
    const out = wasm.call(m.task.fn, m.task.context, m.task.args, m.task.ptrOnly);
    parentPort!.postMessage({ id: m.id, ok: true, result: out }, [out.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: m.id, ok: false, error: toWire(e) });
    // A trapped instance (allocation failure, bug) cannot be trusted again: end this thread, the pool replaces it.
    if (e instanceof wasmApi.RuntimeError) process.exit(1);
  }
});
