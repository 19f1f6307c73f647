/** The Etrog L2 tx hash (spec §3.4, ROM `l2-tx-hash.zkasm`): linear Poseidon over fixed-width tx fields and the sender. */
import { linearPoseidon } from "../merkletree/index.js";
import type { H4 } from "../merkletree/index.js";
import { bigToFixed, concat, fromHex } from "./bytes.js";
import type { Address } from "./bytes.js";
import type { L2Tx } from "./batchL2Data.js";

export function l2TxHashPreimage(tx: L2Tx, from: Address): Uint8Array {
  const parts = [
    Uint8Array.of(tx.chainId === null ? 0 : 1),
    bigToFixed(tx.nonce, 8),
    bigToFixed(tx.gasPrice, 32),
    bigToFixed(tx.gasLimit, 8),
    tx.to === null ? Uint8Array.of(1) : concat(Uint8Array.of(0), fromHex(tx.to)),
    bigToFixed(tx.value, 32),
    bigToFixed(BigInt(tx.data.length), 3),
    tx.data,
  ];
  if (tx.chainId !== null) parts.push(bigToFixed(tx.chainId, 8));
  parts.push(fromHex(from));
  return concat(...parts);
}

export function l2TxHash(tx: L2Tx, from: Address): H4 {
  return linearPoseidon(l2TxHashPreimage(tx, from));
}
