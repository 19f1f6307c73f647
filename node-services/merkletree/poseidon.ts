/**
 * The Poseidon hash the rest of the node calls, and the seam to swap its implementation
 * (the TypeScript one by default; a WASM one from prover-wasm can be plugged in with setPoseidonImpl).
 */
import type { H4 } from "./h4.js";
import { poseidonFast } from "./poseidonFast.js";

/** H(inp[8], cap[4]) → 4 field elements (spec §4.1). Implementations must give exactly poseidonReference's results. */
export type PoseidonFn = (inp: readonly bigint[], cap: readonly bigint[]) => H4;

export interface PoseidonImpl {
  /** Shown in benchmarks and logs, e.g. "ts-f64" or "wasm". */
  readonly name: string;
  readonly hash: PoseidonFn;
}

const tsImpl: PoseidonImpl = { name: "ts-f64", hash: poseidonFast };
let current: PoseidonImpl = tsImpl;

export function poseidon(inp: readonly bigint[], cap: readonly bigint[]): H4 {
  return current.hash(inp, cap);
}

/** Makes `impl` the Poseidon of keys, bytecode hashes and trees created without an explicit hash; `undefined` restores the TypeScript one. */
export function setPoseidonImpl(impl: PoseidonImpl | undefined): void {
  current = impl ?? tsImpl;
}

export function getPoseidonImpl(): PoseidonImpl {
  return current;
}
