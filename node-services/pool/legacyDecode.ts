/**
 * The fast path of admission for what wallets send: a canonical signed legacy tx, decoded with the executor's strict
 * codec and its sender recovered with libsecp256k1. Anything it cannot decide goes to the ethers path, which
 * classifies bad input with the zkevm-node messages, so both paths accept and refuse exactly the same txs.
 */
import { keccak, toHex } from "../executor/bytes.js";
import { recoverAddress } from "../executor/ecrecover.js";
import { rawTxToL2Tx, signingHash } from "../executor/index.js";
import type { Hex } from "../state/hex.js";

export interface DecodedLegacyTx {
  hash: Hex;
  /** 0 for a pre-EIP-155 tx, as ethers reports it. */
  chainId: bigint;
  /** Null when no key recovers from the signature. */
  from: Hex | null;
  to: Hex | null;
  nonce: number;
  gasPrice: bigint;
  gasLimit: bigint;
  value: bigint;
  data: Uint8Array;
}

/** Undefined when the fast path cannot vouch for the input: the caller then asks ethers. */
export function decodeLegacyTx(raw: Uint8Array): DecodedLegacyTx | undefined {
  let tx;
  try {
    tx = rawTxToL2Tx(raw);
  } catch {
    return undefined;
  }
  // ethers takes nonces as JS numbers and refuses an s with its top bit set ("non-canonical s").
  if (tx.nonce > BigInt(Number.MAX_SAFE_INTEGER) || tx.s >> 255n !== 0n) return undefined;
  return {
    // The codec refuses non-canonical RLP and integers, so the raw bytes are the encoding ethers would hash.
    hash: toHex(keccak(raw)),
    chainId: tx.chainId ?? 0n,
    from: recoverAddress(Buffer.from(signingHash(tx).slice(2), "hex"), tx.r, tx.s, tx.v === 27 ? 0 : 1),
    to: tx.to,
    nonce: Number(tx.nonce),
    gasPrice: tx.gasPrice,
    gasLimit: tx.gasLimit,
    value: tx.value,
    data: tx.data,
  };
}
