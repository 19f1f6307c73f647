/**
 * Goldilocks Poseidon (t = 12) written the plain way with BigInt, round by round as in zkevm-commonjs `src/poseidon.js`.
 * Slow; it exists to check the fast implementation and to read.
 */
import { GOLDILOCKS_P as P } from "./goldilocks.js";
import { FULL_ROUNDS, MDS_CIRC, MDS_DIAG0, PARTIAL_ROUNDS, ROUND_CONSTANTS, WIDTH } from "./poseidonConstants.js";
import type { H4 } from "./h4.js";

const C = ROUND_CONSTANTS.map((c) => c % P);
const M: bigint[][] = Array.from({ length: WIDTH }, (_, i) =>
  Array.from({ length: WIDTH }, (_, j) => BigInt(MDS_CIRC[(j - i + WIDTH) % WIDTH]! + (i === 0 && j === 0 ? MDS_DIAG0 : 0))),
);

function pow7(a: bigint): bigint {
  const a2 = (a * a) % P;
  const a4 = (a2 * a2) % P;
  return (((a * a2) % P) * a4) % P;
}

/** H(inp[8], cap[4]) → the first 4 lanes of the permuted state. Inputs are reduced mod p, as upstream does. */
export function poseidonReference(inp: readonly bigint[], cap: readonly bigint[]): H4 {
  let state = [...inp, ...cap].map((x) => ((x % P) + P) % P);
  for (let r = 0; r < FULL_ROUNDS + PARTIAL_ROUNDS; r++) {
    state = state.map((a, i) => (a + C[r * WIDTH + i]!) % P);
    if (r < FULL_ROUNDS / 2 || r >= FULL_ROUNDS / 2 + PARTIAL_ROUNDS) state = state.map(pow7);
    else state[0] = pow7(state[0]!);
    state = M.map((row) => row.reduce((acc, m, j) => (acc + m * state[j]!) % P, 0n));
  }
  return [state[0]!, state[1]!, state[2]!, state[3]!];
}
