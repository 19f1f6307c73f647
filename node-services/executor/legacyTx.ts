/**
 * Legacy-tx conversions: a standard signed Ethereum raw tx (what eth_sendRawTransaction receives) ↔ the batch
 * encoding (v = 27/28), sender recovery, the Ethereum tx hash and the effective gas price (spec §3.1, V12).
 */
import { RLP } from "@ethereumjs/rlp";
import { bigToMinBytes, bytesToBig, keccak, rlpBytes, rlpInt, rlpList, toHex } from "./bytes.js";
import type { Address, Hex } from "./bytes.js";
import { signingHash } from "./batchL2Data.js";
import type { DecodedL2Tx, L2Tx } from "./batchL2Data.js";
import { recoverAddress } from "./ecrecover.js";
import { BatchDecodeError } from "./errors.js";

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Parses a standard signed legacy tx; typed (EIP-2718) envelopes are refused. */
export function rawTxToL2Tx(raw: Uint8Array, effectivePercentage = 0xff): L2Tx {
  if (raw.length === 0 || raw[0]! < 0xc0) {
    throw new BatchDecodeError("TYPED_TX_UNSUPPORTED", "only legacy transactions are supported (typed transaction envelope given)");
  }
  let fields: Uint8Array[];
  try {
    const dec = RLP.decode(raw);
    if (!Array.isArray(dec) || dec.some((f) => !(f instanceof Uint8Array))) throw new Error("not a flat list");
    fields = dec as Uint8Array[];
  } catch (e) {
    throw new BatchDecodeError("BAD_RAW_TX", `invalid RLP: ${(e as Error).message}`);
  }
  if (fields.length !== 9) throw new BatchDecodeError("BAD_RAW_TX", `a legacy tx has 9 fields, got ${fields.length}`);
  const [nonceB, gasPriceB, gasLimitB, toB, valueB, data, vB, rB, sB] = fields as [
    Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array,
  ];
  const int = (b: Uint8Array, name: string, width: number): bigint => {
    if (b.length > 0 && b[0] === 0) throw new BatchDecodeError("NON_CANONICAL_INTEGER", `${name} has a leading zero byte`);
    if (b.length > width) throw new BatchDecodeError("INTEGER_TOO_LONG", `${name} has ${b.length} bytes, at most ${width} are allowed`);
    return bytesToBig(b);
  };
  if (toB.length !== 0 && toB.length !== 20) throw new BatchDecodeError("BAD_TO_FIELD", "`to` must be empty or 20 bytes");
  const v = int(vB, "v", 8);
  let chainId: bigint | null;
  let recovery: bigint;
  if (v === 27n || v === 28n) {
    chainId = null;
    recovery = v - 27n;
  } else if (v >= 35n) {
    chainId = (v - 35n) >> 1n;
    recovery = (v - 35n) & 1n;
  } else {
    throw new BatchDecodeError("BAD_V", `v = ${v} is neither 27/28 nor an EIP-155 value`);
  }
  if (chainId !== null && chainId >= 1n << 64n) throw new BatchDecodeError("INTEGER_TOO_LONG", "chainId does not fit in 64 bits");
  return {
    nonce: int(nonceB, "nonce", 8),
    gasPrice: int(gasPriceB, "gasPrice", 32),
    gasLimit: int(gasLimitB, "gasLimit", 8),
    to: toB.length === 0 ? null : toHex(toB),
    value: int(valueB, "value", 32),
    data: data.slice(),
    chainId,
    r: int(rB, "r", 32),
    s: int(sB, "s", 32),
    v: recovery === 0n ? 27 : 28,
    effectivePercentage,
  };
}

/** The standard signed encoding of an L2 tx (v = 27/28 for pre-155, chainId·2+35+recovery otherwise). */
export function l2TxToRawTx(tx: L2Tx): Uint8Array {
  const rec = BigInt(tx.v - 27);
  const v = tx.chainId === null ? BigInt(tx.v) : tx.chainId * 2n + 35n + rec;
  return rlpList([
    rlpInt(tx.nonce),
    rlpInt(tx.gasPrice),
    rlpInt(tx.gasLimit),
    tx.to === null ? Uint8Array.of(0x80) : rlpBytes(Buffer.from(tx.to.slice(2), "hex")),
    rlpInt(tx.value),
    rlpBytes(tx.data),
    rlpInt(v),
    rlpBytes(bigToMinBytes(tx.r)),
    rlpBytes(bigToMinBytes(tx.s)),
  ]);
}

/** The Ethereum tx hash (keccak of the standard signed encoding), as wallets and explorers know it. */
export function ethTxHash(tx: L2Tx): Hex {
  return toHex(keccak(l2TxToRawTx(tx)));
}

/** Recovers the signer, or null for an invalid signature (r/s out of range, high s, no curve point). */
export function recoverSender(tx: L2Tx | DecodedL2Tx): Address | null {
  // EIP-2: the ROM, like geth, refuses high s.
  if (tx.s > SECP256K1_N >> 1n) return null;
  return recoverAddress(Buffer.from(signingHash(tx).slice(2), "hex"), tx.r, tx.s, tx.v === 27 ? 0 : 1);
}

/** floor(gasPrice · (ep + 1) / 256); ep = 0xff charges the full price. */
export function effectiveGasPrice(gasPrice: bigint, effectivePercentage: number): bigint {
  return (gasPrice * BigInt(effectivePercentage + 1)) / 256n;
}
