/** BN254 Fr constants the NTT needs, computed with BigInt so the GPU backend does not depend on the WASM module. */
export const FR_MODULUS = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
export const FR_TWO_ADICITY = 28;
/** snarkjs's `Fr.w[28]`: 5^((r-1)/2^28), 5 being the quadratic non-residue ffjavascript uses. */
const ROOT_2_28 = modPow(5n, (FR_MODULUS - 1n) >> 28n);
const R = 1n << 256n;

export function modPow(base: bigint, exp: bigint, m = FR_MODULUS): bigint {
  let r = 1n;
  let b = base % m;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

export function frInverse(x: bigint): bigint {
  return modPow(x, FR_MODULUS - 2n);
}

/** snarkjs's `Fr.w[logN]`. */
export function rootOfUnity(logN: number): bigint {
  return modPow(ROOT_2_28, 1n << BigInt(FR_TWO_ADICITY - logN));
}

/** The coset shift snarkjs's Groth16 prover uses for a 2^logN domain: `Fr.w[logN + 1]` (logN < 28). */
export function snarkjsCosetShift(logN: number): bigint {
  return rootOfUnity(logN + 1);
}

/** 32 little-endian bytes of x·2^256 mod r (the layout snarkjs and prover-wasm store). */
export function frToMontBytes(x: bigint): Uint8Array {
  return leBytes((((x % FR_MODULUS) + FR_MODULUS) % FR_MODULUS * R) % FR_MODULUS);
}

export function frFromMontBytes(b: Uint8Array): bigint {
  return (leToBigint(b) * frInverse(R % FR_MODULUS)) % FR_MODULUS;
}

export function leBytes(x: bigint, len = 32): Uint8Array {
  const out = new Uint8Array(len);
  let v = x;
  for (let i = 0; i < len; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function leToBigint(b: Uint8Array): bigint {
  let x = 0n;
  for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!);
  return x;
}
