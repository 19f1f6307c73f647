/**
 * The L2 block hash. zkevm-node (Etrog) builds a go-ethereum header with `types.NewBlock` and serves keccak(rlp(header)),
 * so we hash the same 15-field pre-London header: state root as `root`, tx and receipt trie roots, the block bloom, and
 * zero difficulty, extra data, mix digest and nonce.
 */
import { bigToFixed, fromHex, keccak, rlpBytes, rlpInt, rlpList, toHex } from "./bytes.js";
import type { Address, Hex } from "./bytes.js";
import { orderedTrieRoot } from "./orderedTrie.js";

const EMPTY_UNCLE_HASH = fromHex("0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");

export interface L2BlockHeader {
  parentHash: Hex;
  coinbase: Address;
  stateRoot: Hex;
  number: bigint;
  gasLimit: bigint;
  gasUsed: bigint;
  timestamp: bigint;
  logsBloom: Uint8Array;
  /** Standard signed encodings of the block's txs, in order. */
  rawTxs: readonly Uint8Array[];
  /** Receipt RLPs, in order. */
  receipts: readonly Uint8Array[];
}

export interface HashedL2Block {
  blockHash: Hex;
  transactionsRoot: Hex;
  receiptsRoot: Hex;
}

/** The block hash, with the two trie roots the header commits to (JSON-RPC serves them too). */
export async function l2BlockHash(h: L2BlockHeader): Promise<HashedL2Block> {
  const transactionsRoot = orderedTrieRoot(h.rawTxs);
  const receiptsRoot = orderedTrieRoot(h.receipts);
  const header = rlpList([
    rlpBytes(fromHex(h.parentHash)),
    rlpBytes(EMPTY_UNCLE_HASH),
    rlpBytes(fromHex(h.coinbase)),
    rlpBytes(fromHex(h.stateRoot)),
    rlpBytes(transactionsRoot),
    rlpBytes(receiptsRoot),
    rlpBytes(h.logsBloom),
    rlpInt(0n),
    rlpInt(h.number),
    rlpInt(h.gasLimit),
    rlpInt(h.gasUsed),
    rlpInt(h.timestamp),
    rlpBytes(new Uint8Array(0)),
    rlpBytes(new Uint8Array(32)),
    rlpBytes(bigToFixed(0n, 8)),
  ]);
  return { blockHash: toHex(keccak(header)), transactionsRoot: toHex(transactionsRoot), receiptsRoot: toHex(receiptsRoot) };
}
