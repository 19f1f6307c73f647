/**
 * Goldilocks Poseidon on JS numbers: every lane is a pair of 32-bit halves held in doubles, so no BigInt is allocated
 * inside the permutation. A 64×64 product is four 32×32 products (low words by Math.imul, high words by rounding the
 * double product, whose error of at most 2^12 is far below 2^31) reduced with 2^64 ≡ 2^32 − 1 and 2^96 ≡ −1 (mod p).
 * The MDS layer has small entries, so its sums stay exact in doubles. Lanes stay below 2^64, not necessarily below p,
 * until the output. Measured faster than BigInt by about 10x; `npm run bench -- poseidon` compares them.
 */
import { FULL_ROUNDS, PARTIAL_ROUNDS, ROUND_CONSTANTS, WIDTH } from "./poseidonConstants.js";
import { GOLDILOCKS_P } from "./goldilocks.js";
import type { H4 } from "./h4.js";
import { MerkleTreeError } from "./errors.js";

const TWO32 = 4294967296;
const INV32 = 1 / TWO32;
const ROUNDS = FULL_ROUNDS + PARTIAL_ROUNDS;
const HALF_FULL = FULL_ROUNDS / 2;

// one extra round of zeros so the last mix layer adds 'constants' like the others, without a branch
const CH = new Float64Array((ROUNDS + 1) * WIDTH);
const CL = new Float64Array((ROUNDS + 1) * WIDTH);
for (let k = 0; k < ROUNDS * WIDTH; k++) {
  const c = ROUND_CONSTANTS[k]! % GOLDILOCKS_P;
  CH[k] = Number(c >> 32n);
  CL[k] = Number(c & 0xffffffffn);
}

const sh = new Float64Array(WIDTH);
const sl = new Float64Array(WIDTH);

/** lane i ← H·2^32 + L reduced to halves below 2^32 (0 ≤ L, H < 2^52; carries by floor, not branches). */
function row(i: number, H: number, L: number): void {
  let c = Math.floor(L * INV32);
  L -= c * TWO32;
  H += c;
  // H = k·2^32 + h with k < 2^20; k·2^64 ≡ k·2^32 − k
  const k = Math.floor(H * INV32);
  H += k - k * TWO32;
  L -= k;
  c = Math.floor(L * INV32);
  L -= c * TWO32;
  H += c;
  // H may now reach 2^32 once more (tiny k, H near 2^32): fold again
  const k2 = Math.floor(H * INV32);
  H += k2 - k2 * TWO32;
  L -= k2;
  c = Math.floor(L * INV32);
  sh[i] = H + c;
  sl[i] = L - c * TWO32;
}

/** lane i ← lane i ^ 7, the four products written out inline (a call per product costs more than the product). */
function sbox(i: number): void {
  const xh = sh[i]!;
  const xl = sl[i]!;
  let x2h: number, x2l: number, x3h: number, x3l: number, x4h: number, x4l: number, x7h: number, x7l: number;
  {
    // square: the two cross products are equal
    let l = Math.imul(xl, xl) >>> 0;
    const h00 = Math.round((xl * xl - l) * INV32);
    const l01 = Math.imul(xl, xh) >>> 0;
    const h01 = Math.round((xl * xh - l01) * INV32);
    const l11 = Math.imul(xh, xh) >>> 0;
    const h11 = Math.round((xh * xh - l11) * INV32);
    let t = h00 + 2 * l01;
    const w1 = t >>> 0;
    t = 2 * h01 + l11 + (t - w1) * INV32;
    const w2 = t >>> 0;
    const w3 = h11 + (t - w2) * INV32;
    let h = w1 + w2;
    l -= w2 + w3;
    let c = Math.floor(l * INV32);
    l -= c * TWO32;
    h += c;
    const k = Math.floor(h * INV32);
    h += k - k * TWO32;
    l -= k;
    c = Math.floor(l * INV32);
    x2h = h + c;
    x2l = l - c * TWO32;
  }
  {
    // four 32×32 products: low words exact by imul, high words by rounding the (at most 2^12 off) double product
    let l = Math.imul(x2l, xl) >>> 0;
    const h00 = Math.round((x2l * xl - l) * INV32);
    const l01 = Math.imul(x2l, xh) >>> 0;
    const h01 = Math.round((x2l * xh - l01) * INV32);
    const l10 = Math.imul(x2h, xl) >>> 0;
    const h10 = Math.round((x2h * xl - l10) * INV32);
    const l11 = Math.imul(x2h, xh) >>> 0;
    const h11 = Math.round((x2h * xh - l11) * INV32);
    let t = h00 + l01 + l10;
    const w1 = t >>> 0;
    t = h01 + h10 + l11 + (t - w1) * INV32;
    const w2 = t >>> 0;
    const w3 = h11 + (t - w2) * INV32;
    // w3·2^96 + w2·2^64 + w1·2^32 + l ≡ (w1 + w2)·2^32 + (l − w2 − w3)
    let h = w1 + w2;
    l -= w2 + w3;
    let c = Math.floor(l * INV32);
    l -= c * TWO32;
    h += c;
    const k = Math.floor(h * INV32);
    h += k - k * TWO32;
    l -= k;
    c = Math.floor(l * INV32);
    x3h = h + c;
    x3l = l - c * TWO32;
  }
  {
    // square: the two cross products are equal
    let l = Math.imul(x2l, x2l) >>> 0;
    const h00 = Math.round((x2l * x2l - l) * INV32);
    const l01 = Math.imul(x2l, x2h) >>> 0;
    const h01 = Math.round((x2l * x2h - l01) * INV32);
    const l11 = Math.imul(x2h, x2h) >>> 0;
    const h11 = Math.round((x2h * x2h - l11) * INV32);
    let t = h00 + 2 * l01;
    const w1 = t >>> 0;
    t = 2 * h01 + l11 + (t - w1) * INV32;
    const w2 = t >>> 0;
    const w3 = h11 + (t - w2) * INV32;
    let h = w1 + w2;
    l -= w2 + w3;
    let c = Math.floor(l * INV32);
    l -= c * TWO32;
    h += c;
    const k = Math.floor(h * INV32);
    h += k - k * TWO32;
    l -= k;
    c = Math.floor(l * INV32);
    x4h = h + c;
    x4l = l - c * TWO32;
  }
  {
    // four 32×32 products: low words exact by imul, high words by rounding the (at most 2^12 off) double product
    let l = Math.imul(x4l, x3l) >>> 0;
    const h00 = Math.round((x4l * x3l - l) * INV32);
    const l01 = Math.imul(x4l, x3h) >>> 0;
    const h01 = Math.round((x4l * x3h - l01) * INV32);
    const l10 = Math.imul(x4h, x3l) >>> 0;
    const h10 = Math.round((x4h * x3l - l10) * INV32);
    const l11 = Math.imul(x4h, x3h) >>> 0;
    const h11 = Math.round((x4h * x3h - l11) * INV32);
    let t = h00 + l01 + l10;
    const w1 = t >>> 0;
    t = h01 + h10 + l11 + (t - w1) * INV32;
    const w2 = t >>> 0;
    const w3 = h11 + (t - w2) * INV32;
    // w3·2^96 + w2·2^64 + w1·2^32 + l ≡ (w1 + w2)·2^32 + (l − w2 − w3)
    let h = w1 + w2;
    l -= w2 + w3;
    let c = Math.floor(l * INV32);
    l -= c * TWO32;
    h += c;
    const k = Math.floor(h * INV32);
    h += k - k * TWO32;
    l -= k;
    c = Math.floor(l * INV32);
    x7h = h + c;
    x7l = l - c * TWO32;
  }
  sh[i] = x7h;
  sl[i] = x7l;
}

/**
 * state ← MDS · state + the next round's constants (`next` = offset of that round's constants).
 * Unrolled with the MDS_CIRC/MDS_DIAG0 entries as literals: row i, column j is MDS_CIRC[(j − i) mod 12], plus 8 at (0, 0).
 */
function mixLayer(next: number): void {
  const h0 = sh[0]!, l0 = sl[0]!;
  const h1 = sh[1]!, l1 = sl[1]!;
  const h2 = sh[2]!, l2 = sl[2]!;
  const h3 = sh[3]!, l3 = sl[3]!;
  const h4 = sh[4]!, l4 = sl[4]!;
  const h5 = sh[5]!, l5 = sl[5]!;
  const h6 = sh[6]!, l6 = sl[6]!;
  const h7 = sh[7]!, l7 = sl[7]!;
  const h8 = sh[8]!, l8 = sl[8]!;
  const h9 = sh[9]!, l9 = sl[9]!;
  const h10 = sh[10]!, l10 = sl[10]!;
  const h11 = sh[11]!, l11 = sl[11]!;
  row(0, 25 * h0 + 15 * h1 + 41 * h2 + 16 * h3 + 2 * h4 + 28 * h5 + 13 * h6 + 13 * h7 + 39 * h8 + 18 * h9 + 34 * h10 + 20 * h11 + CH[next + 0]!, 25 * l0 + 15 * l1 + 41 * l2 + 16 * l3 + 2 * l4 + 28 * l5 + 13 * l6 + 13 * l7 + 39 * l8 + 18 * l9 + 34 * l10 + 20 * l11 + CL[next + 0]!);
  row(1, 20 * h0 + 17 * h1 + 15 * h2 + 41 * h3 + 16 * h4 + 2 * h5 + 28 * h6 + 13 * h7 + 13 * h8 + 39 * h9 + 18 * h10 + 34 * h11 + CH[next + 1]!, 20 * l0 + 17 * l1 + 15 * l2 + 41 * l3 + 16 * l4 + 2 * l5 + 28 * l6 + 13 * l7 + 13 * l8 + 39 * l9 + 18 * l10 + 34 * l11 + CL[next + 1]!);
  row(2, 34 * h0 + 20 * h1 + 17 * h2 + 15 * h3 + 41 * h4 + 16 * h5 + 2 * h6 + 28 * h7 + 13 * h8 + 13 * h9 + 39 * h10 + 18 * h11 + CH[next + 2]!, 34 * l0 + 20 * l1 + 17 * l2 + 15 * l3 + 41 * l4 + 16 * l5 + 2 * l6 + 28 * l7 + 13 * l8 + 13 * l9 + 39 * l10 + 18 * l11 + CL[next + 2]!);
  row(3, 18 * h0 + 34 * h1 + 20 * h2 + 17 * h3 + 15 * h4 + 41 * h5 + 16 * h6 + 2 * h7 + 28 * h8 + 13 * h9 + 13 * h10 + 39 * h11 + CH[next + 3]!, 18 * l0 + 34 * l1 + 20 * l2 + 17 * l3 + 15 * l4 + 41 * l5 + 16 * l6 + 2 * l7 + 28 * l8 + 13 * l9 + 13 * l10 + 39 * l11 + CL[next + 3]!);
  row(4, 39 * h0 + 18 * h1 + 34 * h2 + 20 * h3 + 17 * h4 + 15 * h5 + 41 * h6 + 16 * h7 + 2 * h8 + 28 * h9 + 13 * h10 + 13 * h11 + CH[next + 4]!, 39 * l0 + 18 * l1 + 34 * l2 + 20 * l3 + 17 * l4 + 15 * l5 + 41 * l6 + 16 * l7 + 2 * l8 + 28 * l9 + 13 * l10 + 13 * l11 + CL[next + 4]!);
  row(5, 13 * h0 + 39 * h1 + 18 * h2 + 34 * h3 + 20 * h4 + 17 * h5 + 15 * h6 + 41 * h7 + 16 * h8 + 2 * h9 + 28 * h10 + 13 * h11 + CH[next + 5]!, 13 * l0 + 39 * l1 + 18 * l2 + 34 * l3 + 20 * l4 + 17 * l5 + 15 * l6 + 41 * l7 + 16 * l8 + 2 * l9 + 28 * l10 + 13 * l11 + CL[next + 5]!);
  row(6, 13 * h0 + 13 * h1 + 39 * h2 + 18 * h3 + 34 * h4 + 20 * h5 + 17 * h6 + 15 * h7 + 41 * h8 + 16 * h9 + 2 * h10 + 28 * h11 + CH[next + 6]!, 13 * l0 + 13 * l1 + 39 * l2 + 18 * l3 + 34 * l4 + 20 * l5 + 17 * l6 + 15 * l7 + 41 * l8 + 16 * l9 + 2 * l10 + 28 * l11 + CL[next + 6]!);
  row(7, 28 * h0 + 13 * h1 + 13 * h2 + 39 * h3 + 18 * h4 + 34 * h5 + 20 * h6 + 17 * h7 + 15 * h8 + 41 * h9 + 16 * h10 + 2 * h11 + CH[next + 7]!, 28 * l0 + 13 * l1 + 13 * l2 + 39 * l3 + 18 * l4 + 34 * l5 + 20 * l6 + 17 * l7 + 15 * l8 + 41 * l9 + 16 * l10 + 2 * l11 + CL[next + 7]!);
  row(8, 2 * h0 + 28 * h1 + 13 * h2 + 13 * h3 + 39 * h4 + 18 * h5 + 34 * h6 + 20 * h7 + 17 * h8 + 15 * h9 + 41 * h10 + 16 * h11 + CH[next + 8]!, 2 * l0 + 28 * l1 + 13 * l2 + 13 * l3 + 39 * l4 + 18 * l5 + 34 * l6 + 20 * l7 + 17 * l8 + 15 * l9 + 41 * l10 + 16 * l11 + CL[next + 8]!);
  row(9, 16 * h0 + 2 * h1 + 28 * h2 + 13 * h3 + 13 * h4 + 39 * h5 + 18 * h6 + 34 * h7 + 20 * h8 + 17 * h9 + 15 * h10 + 41 * h11 + CH[next + 9]!, 16 * l0 + 2 * l1 + 28 * l2 + 13 * l3 + 13 * l4 + 39 * l5 + 18 * l6 + 34 * l7 + 20 * l8 + 17 * l9 + 15 * l10 + 41 * l11 + CL[next + 9]!);
  row(10, 41 * h0 + 16 * h1 + 2 * h2 + 28 * h3 + 13 * h4 + 13 * h5 + 39 * h6 + 18 * h7 + 34 * h8 + 20 * h9 + 17 * h10 + 15 * h11 + CH[next + 10]!, 41 * l0 + 16 * l1 + 2 * l2 + 28 * l3 + 13 * l4 + 13 * l5 + 39 * l6 + 18 * l7 + 34 * l8 + 20 * l9 + 17 * l10 + 15 * l11 + CL[next + 10]!);
  row(11, 15 * h0 + 41 * h1 + 16 * h2 + 2 * h3 + 28 * h4 + 13 * h5 + 13 * h6 + 39 * h7 + 18 * h8 + 34 * h9 + 20 * h10 + 17 * h11 + CH[next + 11]!, 15 * l0 + 41 * l1 + 16 * l2 + 2 * l3 + 28 * l4 + 13 * l5 + 13 * l6 + 39 * l7 + 18 * l8 + 34 * l9 + 20 * l10 + 17 * l11 + CL[next + 11]!);
}

/** Permutes the module state in place (round constants of round 0 must already be added). */
function permute(): void {
  for (let r = 0; r < ROUNDS; r++) {
    if (r < HALF_FULL || r >= HALF_FULL + PARTIAL_ROUNDS) {
      for (let i = 0; i < WIDTH; i++) sbox(i);
    } else {
      sbox(0);
    }
    mixLayer((r + 1) * WIDTH);
  }
}

function loadLane(i: number, x: bigint): void {
  if (x < 0n || x > 0xffffffffffffffffn) {
    throw new MerkleTreeError("INVALID_FIELD_ELEMENT", `a Poseidon input must be a 64-bit field element, got ${x}`);
  }
  row(i, Number(x >> 32n) + CH[i]!, Number(x & 0xffffffffn) + CL[i]!);
}

/** The canonical (< p) value of an output lane as a bigint. */
function laneOut(i: number): bigint {
  let h = sh[i]!;
  let l = sl[i]!;
  if (h === TWO32 - 1 && l >= 1) {
    h = 0;
    l -= 1;
  }
  return (BigInt(h) << 32n) | BigInt(l);
}

/** H(inp[8], cap[4]) on doubles; same results as poseidonReference. */
export function poseidonFast(inp: readonly bigint[], cap: readonly bigint[]): H4 {
  if (inp.length !== 8 || cap.length !== 4) {
    throw new MerkleTreeError("INVALID_INPUT", `Poseidon takes 8 inputs and 4 capacity elements, got ${inp.length} and ${cap.length}`);
  }
  for (let i = 0; i < 8; i++) loadLane(i, inp[i]!);
  for (let i = 0; i < 4; i++) loadLane(8 + i, cap[i]!);
  permute();
  return [laneOut(0), laneOut(1), laneOut(2), laneOut(3)];
}
