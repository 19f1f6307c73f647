/**
 * Test support: fills a StateRepository through its write API with a small chain of real signed legacy txs
 * (ethers Wallets), so repository, pool and JSON-RPC tests read what the sequencer would have written.
 */
import { Transaction, Wallet, keccak256, toUtf8Bytes, zeroPadValue, type Signer } from "ethers";
import type { Hex } from "./hex.js";
import type { StateRepository } from "./stateRepository.js";
import type { NewL2Block, NewL2Tx } from "./types.js";

export const TEST_CHAIN_ID = 1001n;
export const ZERO32: Hex = `0x${"00".repeat(32)}`;
const ZERO_BLOOM: Hex = `0x${"00".repeat(256)}`;
export const TRANSFER_TOPIC = keccak256(toUtf8Bytes("Transfer(address,address,uint256)")) as Hex;

/** Deterministic wallets so tests are repeatable. */
export function testWallets(n: number): Wallet[] {
  return Array.from({ length: n }, (_, i) => new Wallet(keccak256(toUtf8Bytes(`prom test wallet ${i}`))));
}

export const h = (label: string): Hex => keccak256(toUtf8Bytes(label)) as Hex;

export async function signLegacy(
  signer: Signer,
  fields: { nonce: number; to?: string | null; value?: bigint; gasPrice?: bigint; gasLimit?: bigint; data?: string; chainId?: bigint },
): Promise<Hex> {
  const raw = await signer.signTransaction({
    type: 0,
    chainId: fields.chainId ?? TEST_CHAIN_ID,
    nonce: fields.nonce,
    to: fields.to === undefined ? "0x000000000000000000000000000000000000dEaD" : fields.to,
    value: fields.value ?? 1n,
    gasPrice: fields.gasPrice ?? 1_000_000_000n,
    gasLimit: fields.gasLimit ?? 21_000n,
    data: fields.data ?? "0x",
  });
  return raw as Hex;
}

/** A stored tx from a raw signed one, with a receipt carrying `logs`. */
export function storedTx(raw: Hex, opts: { gasUsed: number; cumulativeGasUsed: number; logs?: NewL2Tx["receipt"]["logs"] }): NewL2Tx {
  const t = Transaction.from(raw);
  return {
    hash: t.hash as Hex,
    l2Hash: keccak256(`${t.hash}01`) as Hex,
    encoded: raw,
    from: t.from!.toLowerCase() as Hex,
    to: (t.to?.toLowerCase() ?? null) as Hex | null,
    nonce: t.nonce,
    value: t.value,
    gasPrice: t.gasPrice!,
    gasLimit: Number(t.gasLimit),
    data: t.data as Hex,
    effectivePercentage: 255,
    receipt: {
      status: 1,
      cumulativeGasUsed: opts.cumulativeGasUsed,
      gasUsed: opts.gasUsed,
      effectiveGasPrice: t.gasPrice!,
      contractAddress: null,
      logsBloom: ZERO_BLOOM,
      postState: ZERO32,
      logs: opts.logs ?? [],
    },
  };
}

export function blockHeader(number: number, parentHash: Hex, batchNum: number, fields: Partial<NewL2Block> = {}): NewL2Block {
  return {
    number,
    hash: h(`block ${number}`),
    parentHash,
    stateRoot: h(`root ${number}`),
    blockInfoRoot: h(`info ${number}`),
    batchNum,
    timestamp: 1_700_000_000 + number,
    coinbase: "0x000000000000000000000000000000000000c0de",
    gasLimit: 1_125_899_906_842_624n,
    gasUsed: 0,
    globalExitRoot: ZERO32,
    l1BlockHash: ZERO32,
    l1InfoTreeIndex: 0,
    logsBloom: ZERO_BLOOM,
    ...fields,
  };
}

export interface SampleChain {
  wallets: Wallet[];
  /** Tx hashes per block number. */
  txsByBlock: Map<number, Hex[]>;
  /** Address that "emitted" the sample Transfer logs. */
  tokenAddress: Hex;
  lastBlock: number;
}

export interface SampleChainOptions {
  blocks?: number;
  /** Close batch 1 after its blocks (default: left open, as the sequencer has it). */
  closeLast?: boolean;
  /** State root of every block (a real SMT root when tests read accounts); default: distinct labels. */
  stateRoot?: Hex;
}

/**
 * Genesis batch 0 with block 0, then batch 1 with `blocks` blocks of two transfers each (one with a Transfer log).
 */
export async function writeSampleChain(repo: StateRepository, opts: SampleChainOptions = {}): Promise<SampleChain> {
  const { blocks = 3, closeLast = false, stateRoot } = opts;
  const root = (n: number) => stateRoot ?? h(`root ${n}`);
  const wallets = testWallets(2);
  const tokenAddress: Hex = "0x00000000000000000000000000000000000070cc";
  const coinbase: Hex = "0x000000000000000000000000000000000000c0de";
  await repo.openBatch({ batchNum: 0, coinbase, timestamp: 1_700_000_000 });
  const genesis = blockHeader(0, ZERO32, 0, { stateRoot: root(0) });
  await repo.addL2Block(genesis, []);
  await repo.closeBatch(0, {
    stateRoot: genesis.stateRoot,
    localExitRoot: ZERO32,
    accInputHash: ZERO32,
    batchL2Data: "0x",
    closingReason: "Sync: genesis",
  });
  await repo.openBatch({ batchNum: 1, coinbase, timestamp: 1_700_000_001 });
  const txsByBlock = new Map<number, Hex[]>();
  let parent = genesis.hash;
  for (let n = 1; n <= blocks; n++) {
    const [a, b] = wallets as [Wallet, Wallet];
    const t1 = storedTx(await signLegacy(a, { nonce: n - 1, to: b.address, value: BigInt(n) }), {
      gasUsed: 21_000,
      cumulativeGasUsed: 21_000,
    });
    const t2 = storedTx(await signLegacy(b, { nonce: n - 1, to: tokenAddress, gasLimit: 60_000n, data: "0xa9059cbb" }), {
      gasUsed: 30_000,
      cumulativeGasUsed: 51_000,
      logs: [
        {
          address: tokenAddress,
          topics: [TRANSFER_TOPIC, zeroPadValue(b.address, 32) as Hex, zeroPadValue(a.address, 32) as Hex],
          data: zeroPadValue("0x05", 32) as Hex,
        },
      ],
    });
    const header = blockHeader(n, parent, 1, { gasUsed: 51_000, stateRoot: root(n) });
    await repo.addL2Block(header, [t1, t2]);
    txsByBlock.set(n, [t1.hash, t2.hash]);
    parent = header.hash;
  }
  if (closeLast) {
    await repo.closeBatch(1, {
      stateRoot: root(blocks),
      localExitRoot: ZERO32,
      accInputHash: h("acc 1"),
      batchL2Data: "0x0b",
      closingReason: "Max delta timestamp",
    });
  }
  return { wallets, txsByBlock, tokenAddress, lastBlock: blocks };
}
