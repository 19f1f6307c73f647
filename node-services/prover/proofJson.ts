/**
 * snarkjs-shaped JSON for Groth16 proofs, public signals and verification keys, and their conversion to and
 * from the fixed-size little-endian byte layout the WASM side reads and writes (standard form, not Montgomery).
 */
import { ProverError } from "./errors.js";

export interface Groth16Proof {
  pi_a: [string, string, string];
  pi_b: [[string, string], [string, string], [string, string]];
  pi_c: [string, string, string];
  protocol: "groth16";
  curve: "bn128";
}

export type PublicSignals = string[];

export interface VerificationKey {
  protocol: "groth16";
  curve: "bn128";
  nPublic: number;
  vk_alpha_1: [string, string, string];
  vk_beta_2: [[string, string], [string, string], [string, string]];
  vk_gamma_2: [[string, string], [string, string], [string, string]];
  vk_delta_2: [[string, string], [string, string], [string, string]];
  vk_alphabeta_12: [string, string][][];
  IC: [string, string, string][];
}

export const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
export const BN254_Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

export function leToBigInt(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return v;
}

export function bigIntToLe(v: bigint, out: Uint8Array, at: number): void {
  for (let i = 0; i < 32; i++) {
    out[at + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

const isZero = (b: Uint8Array): boolean => b.every((x) => x === 0);
const word = (b: Uint8Array, i: number): string => leToBigInt(b.subarray(i * 32, i * 32 + 32)).toString();

/** G1 affine, 64 bytes (x, y) → [x, y, "1"]; all zeros (infinity) → ["0", "1", "0"] as snarkjs writes it. */
export function g1ToJson(b: Uint8Array): [string, string, string] {
  if (isZero(b)) return ["0", "1", "0"];
  return [word(b, 0), word(b, 1), "1"];
}

/** G2 affine, 128 bytes (x.c0, x.c1, y.c0, y.c1) → [[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]]. */
export function g2ToJson(b: Uint8Array): [[string, string], [string, string], [string, string]] {
  if (isZero(b)) return [["0", "0"], ["1", "0"], ["0", "0"]];
  return [[word(b, 0), word(b, 1)], [word(b, 2), word(b, 3)], ["1", "0"]];
}

function parseField(v: unknown, modulus: bigint, what: string): bigint {
  if (typeof v !== "string" && typeof v !== "number" && typeof v !== "bigint") {
    throw new ProverError("INVALID_PROOF_FORMAT", `${what} is not a number string`);
  }
  let x: bigint;
  try {
    x = BigInt(v);
  } catch {
    throw new ProverError("INVALID_PROOF_FORMAT", `${what} (${String(v)}) is not a decimal number`);
  }
  if (x < 0n || x >= modulus) throw new ProverError("INVALID_PROOF_FORMAT", `${what} is out of the field's range`);
  return x;
}

function arr(v: unknown, n: number, what: string): unknown[] {
  if (!Array.isArray(v) || v.length < n) throw new ProverError("INVALID_PROOF_FORMAT", `${what} must be an array of ${n}`);
  return v;
}

/** Projective JSON point → affine bytes; z = 0 → all zeros (infinity). Accepts z = 1 only otherwise, as snarkjs writes. */
export function g1FromJson(v: unknown, what: string): Uint8Array {
  const a = arr(v, 2, what);
  const out = new Uint8Array(64);
  const z = a.length > 2 ? parseField(a[2], BN254_Q, `${what}[2]`) : 1n;
  if (z === 0n) return out;
  if (z !== 1n) throw new ProverError("INVALID_PROOF_FORMAT", `${what} is not in affine form (z must be 1)`);
  bigIntToLe(parseField(a[0], BN254_Q, `${what}[0]`), out, 0);
  bigIntToLe(parseField(a[1], BN254_Q, `${what}[1]`), out, 32);
  return out;
}

export function g2FromJson(v: unknown, what: string): Uint8Array {
  const a = arr(v, 2, what);
  const out = new Uint8Array(128);
  if (a.length > 2) {
    const z = arr(a[2], 2, `${what}[2]`);
    const z0 = parseField(z[0], BN254_Q, `${what}[2][0]`);
    const z1 = parseField(z[1], BN254_Q, `${what}[2][1]`);
    if (z0 === 0n && z1 === 0n) return out;
    if (z0 !== 1n || z1 !== 0n) throw new ProverError("INVALID_PROOF_FORMAT", `${what} is not in affine form (z must be [1, 0])`);
  }
  for (let c = 0; c < 2; c++) {
    const pair = arr(a[c], 2, `${what}[${c}]`);
    bigIntToLe(parseField(pair[0], BN254_Q, `${what}[${c}][0]`), out, c * 64);
    bigIntToLe(parseField(pair[1], BN254_Q, `${what}[${c}][1]`), out, c * 64 + 32);
  }
  return out;
}

export function publicSignalsToBytes(signals: unknown): Uint8Array {
  const a = arr(signals, 0, "public signals");
  const out = new Uint8Array(a.length * 32);
  a.forEach((s, i) => bigIntToLe(parseField(s, BN254_R, `public signal ${i}`), out, i * 32));
  return out;
}

/** Proof JSON → 256 bytes: pi_a (64), pi_b (128), pi_c (64). */
export function proofToBytes(proof: unknown): Uint8Array {
  if (typeof proof !== "object" || proof === null) throw new ProverError("INVALID_PROOF_FORMAT", "proof is not a JSON object");
  const p = proof as Record<string, unknown>;
  if (p.protocol !== undefined && p.protocol !== "groth16") {
    throw new ProverError("WRONG_PROTOCOL", `proof protocol is ${String(p.protocol)}, not groth16`);
  }
  if (p.curve !== undefined && p.curve !== "bn128") throw new ProverError("WRONG_CURVE", `proof curve is ${String(p.curve)}, not bn128`);
  const out = new Uint8Array(256);
  out.set(g1FromJson(p.pi_a, "pi_a"), 0);
  out.set(g2FromJson(p.pi_b, "pi_b"), 64);
  out.set(g1FromJson(p.pi_c, "pi_c"), 192);
  return out;
}

/** Verification key JSON → alpha1 (64), beta2, gamma2, delta2 (128 each), then IC points (64 each). */
export function vkeyToBytes(vkey: unknown): { bytes: Uint8Array; nPublic: number } {
  if (typeof vkey !== "object" || vkey === null) throw new ProverError("INVALID_PROOF_FORMAT", "verification key is not a JSON object");
  const k = vkey as Record<string, unknown>;
  if (k.protocol !== "groth16") throw new ProverError("WRONG_PROTOCOL", `verification key protocol is ${String(k.protocol)}, not groth16`);
  if (k.curve !== "bn128") throw new ProverError("WRONG_CURVE", `verification key curve is ${String(k.curve)}, not bn128`);
  const ic = arr(k.IC, 1, "IC");
  const out = new Uint8Array(64 + 3 * 128 + ic.length * 64);
  out.set(g1FromJson(k.vk_alpha_1, "vk_alpha_1"), 0);
  out.set(g2FromJson(k.vk_beta_2, "vk_beta_2"), 64);
  out.set(g2FromJson(k.vk_gamma_2, "vk_gamma_2"), 192);
  out.set(g2FromJson(k.vk_delta_2, "vk_delta_2"), 320);
  ic.forEach((p, i) => out.set(g1FromJson(p, `IC[${i}]`), 448 + i * 64));
  return { bytes: out, nPublic: ic.length - 1 };
}
