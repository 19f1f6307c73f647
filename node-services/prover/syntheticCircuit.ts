/**
 * A synthetic circuit of exactly 2^k − 2 constraints with its witness, written as circom would write them
 * (`.r1cs` v1, `.wtns` v2), for benchmarks at sizes where compiling a circom circuit would take longer than
 * proving it. Constraints: (xᵢ + 1)·xᵢ = xᵢ₊₁, then x_m·1 = out (out public, x₀ private).
 */
import { BN254_R, bigIntToLe } from "./proofJson.js";

function container(magic: string, version: number, sections: [number, Uint8Array][]): Uint8Array {
  const total = 12 + sections.reduce((t, [, b]) => t + 12 + b.byteLength, 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out.set(new TextEncoder().encode(magic), 0);
  dv.setUint32(4, version, true);
  dv.setUint32(8, sections.length, true);
  let at = 12;
  for (const [id, body] of sections) {
    dv.setUint32(at, id, true);
    dv.setBigUint64(at + 4, BigInt(body.byteLength), true);
    out.set(body, at + 12);
    at += 12 + body.byteLength;
  }
  return out;
}

function primeHeader(extra: number): { buf: Uint8Array; dv: DataView; at: number } {
  const buf = new Uint8Array(4 + 32 + extra);
  const dv = new DataView(buf.buffer);
  dv.setUint32(0, 32, true);
  bigIntToLe(BN254_R, buf, 4);
  return { buf, dv, at: 36 };
}

export function syntheticCircuit(log: number, seed = 5n): { r1cs: Uint8Array; wtns: Uint8Array; constraints: number } {
  const nConstraints = 2 ** log - 2;
  const m = nConstraints - 1;
  const nWires = 3 + m;
  const x = (i: number) => 2 + i;

  const h = primeHeader(4 * 4 + 8 + 4);
  h.dv.setUint32(h.at, nWires, true);
  h.dv.setUint32(h.at + 4, 1, true); // public outputs
  h.dv.setUint32(h.at + 8, 0, true); // public inputs
  h.dv.setUint32(h.at + 12, 1, true); // private inputs
  h.dv.setBigUint64(h.at + 16, BigInt(nWires), true);
  h.dv.setUint32(h.at + 24, nConstraints, true);

  const term = 36;
  const body = new Uint8Array(m * (12 + 3 * term + term) + (12 + 3 * term));
  const dv = new DataView(body.buffer);
  let at = 0;
  const lc = (terms: [number, number][]) => {
    dv.setUint32(at, terms.length, true);
    at += 4;
    for (const [w, c] of terms) {
      dv.setUint32(at, w, true);
      body[at + 4] = c;
      at += term;
    }
  };
  for (let i = 0; i < m; i++) {
    lc([[x(i), 1], [0, 1]]);
    lc([[x(i), 1]]);
    lc([[x(i + 1), 1]]);
  }
  lc([[x(m), 1]]);
  lc([[0, 1]]);
  lc([[1, 1]]);

  const labels = new Uint8Array(8 * nWires);
  const lv = new DataView(labels.buffer);
  for (let i = 0; i < nWires; i++) lv.setBigUint64(8 * i, BigInt(i), true);
  const r1cs = container("r1cs", 1, [
    [1, h.buf],
    [2, body.subarray(0, at)],
    [3, labels],
  ]);

  const values = new Uint8Array(32 * nWires);
  const w: bigint[] = new Array<bigint>(nWires);
  w[0] = 1n;
  let xi = seed;
  for (let i = 0; i <= m; i++) {
    w[x(i)] = xi;
    xi = ((xi + 1n) * xi) % BN254_R;
  }
  w[1] = w[x(m)]!;
  w.forEach((v, i) => bigIntToLe(v, values, 32 * i));
  const wh = primeHeader(4);
  wh.dv.setUint32(wh.at, nWires, true);
  const wtns = container("wtns", 2, [
    [1, wh.buf],
    [2, values],
  ]);
  return { r1cs, wtns, constraints: nConstraints };
}
