/**
 * secp256k1 public-key recovery, the hottest cost of taking a tx in (pool) and of replaying batches (synchronizer):
 * libsecp256k1 through the `secp256k1` package's prebuilt addon where the platform has one (~25x faster), noble otherwise.
 */
import { createRequire } from "node:module";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import type { ecdsaRecover } from "secp256k1";
import { keccak, toHex } from "./bytes.js";
import type { Address } from "./bytes.js";

type Recover = (sig64: Uint8Array, recovery: 0 | 1, msgHash: Uint8Array) => Uint8Array;

function loadNative(): Recover | undefined {
  try {
    // `bindings.js` loads only the prebuilt addon; the package's own fallback (elliptic) is slower than noble.
    const native = createRequire(import.meta.url)("secp256k1/bindings.js") as { ecdsaRecover: typeof ecdsaRecover };
    return (sig, recovery, msg) => native.ecdsaRecover(sig, recovery, msg, false);
  } catch {
    return undefined;
  }
}

const nobleRecover: Recover = (sig, recovery, msg) => {
  const full = new Uint8Array(65);
  full[0] = recovery;
  full.set(sig, 1);
  return secp256k1.Point.fromBytes(secp256k1.recoverPublicKey(full, msg, { prehash: false })).toBytes(false);
};

const native = loadNative();
const recover: Recover = native ?? nobleRecover;

/** Which implementation recovers keys in this process (benchmarks and logs say it). */
export const ecrecoverBackend: "libsecp256k1" | "noble" = native ? "libsecp256k1" : "noble";

/**
 * The address that signed `msgHash` with (r, s, recovery), or null when no key recovers (r or s zero or ≥ n,
 * r not an x coordinate). Accepts high s, as Ethereum's ecrecover does; callers that follow EIP-2 check it themselves.
 */
export function recoverAddress(msgHash: Uint8Array, r: bigint, s: bigint, recovery: 0 | 1): Address | null {
  return recoverWith(recover, msgHash, r, s, recovery);
}

/** The same recovery through noble only: tests compare it with the native path. */
export function recoverAddressNoble(msgHash: Uint8Array, r: bigint, s: bigint, recovery: 0 | 1): Address | null {
  return recoverWith(nobleRecover, msgHash, r, s, recovery);
}

function recoverWith(backend: Recover, msgHash: Uint8Array, r: bigint, s: bigint, recovery: 0 | 1): Address | null {
  if (r <= 0n || s <= 0n || r >= N || s >= N) return null;
  const sig = new Uint8Array(64);
  sig.set(to32(r), 0);
  sig.set(to32(s), 32);
  let pub: Uint8Array;
  try {
    pub = backend(sig, recovery, msgHash);
  } catch {
    return null;
  }
  return toHex(keccak(pub.subarray(1)).subarray(12));
}

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

function to32(x: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = x;
  for (let i = 31; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
