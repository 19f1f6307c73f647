/**
 * Test and bench support: a real anvil L1 with the Prom contracts deployed on an L2 genesis, and a batch source that
 * signs L2 transfers, packs them into Etrog batches and sequences them on L1 as the trusted sequencer would; the
 * synchronizer under test then has to execute every batch from L1 alone. Also a node-side helper that opens a
 * synchronizer on a database with the same genesis.
 */
import { JsonRpcProvider, NonceManager, Wallet, ZeroHash } from "ethers";
import type { Db } from "../db/db.js";
import { devAccounts, type DevAccount } from "../devnet/devAccounts.js";
import { encodeSequenceBatches, Etherman, promZkEvmContract, type BatchData } from "../etherman/index.js";
import { buildGenesis, encodeBatchL2Data, MemoryProgramStore, rawTxToL2Tx, type EncodableEntry } from "../executor/index.js";
import { startAnvil, type Anvil } from "../l1/anvil.js";
import { deployProm, type PromDeployment } from "../l1/deploy.js";
import type { Logger } from "../log/logger.js";
import { h4ToHex, MemoryNodeStore, Smt } from "../merkletree/index.js";
import { storeGenesis } from "../node/genesis.js";
import { buildWorldState } from "../node/sequencerNode.js";
import { StateRepository } from "../state/stateRepository.js";
import { Synchronizer } from "./synchronizer.js";
import type { SynchronizerOptions } from "./options.js";
import { l1Provider } from "../l1/provider.js";

export const L2_CHAIN_ID = 1001;
export const FORK_ID = 8;
const BALANCE = 10n ** 24n;
/** Accounts 0 and 1 act on L1 (sequencer, aggregator); the others send L2 transfers. */
const ACCOUNTS = devAccounts(8);

export const genesisAccounts = ACCOUNTS.map((a) => ({ address: a.address, balance: BALANCE }));

export interface TestL1 {
  anvil: Anvil;
  provider: JsonRpcProvider;
  deployment: PromDeployment;
  genesisRoot: string;
  /** Signs as the trusted sequencer (nonces tracked locally). */
  sequencer: NonceManager;
  /** Signs as the trusted aggregator (nonces tracked locally). */
  aggregator: NonceManager;
  accounts: DevAccount[];
  stop(): Promise<void>;
}

export async function startTestL1(opts: { verifier?: "TestVerifier" } = {}): Promise<TestL1> {
  const genesisRoot = h4ToHex(await buildGenesis(new Smt(new MemoryNodeStore()), new MemoryProgramStore(), genesisAccounts));
  const anvil = await startAnvil({});
  const provider = l1Provider(anvil.url, 50);
  try {
    const seqWallet = new Wallet(ACCOUNTS[0]!.privateKey, provider);
    const deployment = await deployProm(seqWallet, {
      genesisRoot,
      trustedSequencer: seqWallet.address,
      trustedAggregator: ACCOUNTS[1]!.address,
      chainId: L2_CHAIN_ID,
      forkId: FORK_ID,
      ...(opts.verifier ? { verifierContract: opts.verifier } : {}),
    });
    return {
      anvil,
      provider,
      deployment,
      genesisRoot,
      sequencer: new NonceManager(seqWallet),
      aggregator: new NonceManager(new Wallet(ACCOUNTS[1]!.privateKey, provider)),
      accounts: ACCOUNTS,
      async stop() {
        provider.destroy();
        await anvil.stop();
      },
    };
  } catch (err) {
    provider.destroy();
    await anvil.stop();
    throw err;
  }
}

/** Makes batches of signed transfers (one L2 block each) and sequences them on L1. */
export class BatchSource {
  private readonly senders = ACCOUNTS.slice(2).map((a) => new Wallet(a.privateKey));
  private readonly nonces = this.senders.map(() => 0);
  private next = 0;
  private l2Timestamp = 0;
  readonly recipient: string = Wallet.createRandom().address;
  /** Transfers made so far (each of `value` wei to `recipient`). */
  transfers = 0;

  constructor(
    private readonly l1: TestL1,
    readonly value = 1000n,
  ) {}

  /** A source that goes on from where this one is, sending `value` wei per transfer (for a competing L1 fork). */
  fork(value: bigint): BatchSource {
    const f = new BatchSource(this.l1, value);
    f.nonces.splice(0, f.nonces.length, ...this.nonces);
    f.next = this.next;
    f.l2Timestamp = this.l2Timestamp;
    return f;
  }

  /** One batch: a changeL2Block to an L1-time timestamp, then `txCount` transfers. */
  async makeBatch(txCount: number, l1Timestamp: number): Promise<BatchData> {
    const entries: EncodableEntry[] = [];
    const ts = Math.max(this.l2Timestamp, l1Timestamp - 5);
    entries.push({ kind: "changeL2Block", block: { deltaTimestamp: ts - this.l2Timestamp, indexL1InfoTree: 0 } });
    this.l2Timestamp = ts;
    for (let i = 0; i < txCount; i++) {
      const k = this.next++ % this.senders.length;
      const raw = await this.senders[k]!.signTransaction({
        type: 0,
        to: this.recipient,
        value: this.value,
        gasLimit: 21000,
        gasPrice: 1_000_000_000n,
        nonce: this.nonces[k]!++,
        chainId: L2_CHAIN_ID,
      });
      entries.push({ kind: "tx", tx: rawTxToL2Tx(Buffer.from(raw.slice(2), "hex"), 0xff) });
      this.transfers++;
    }
    const data = `0x${Buffer.from(encodeBatchL2Data(entries, FORK_ID)).toString("hex")}`;
    return { transactions: data, forcedGlobalExitRoot: ZeroHash, forcedTimestamp: 0, forcedBlockHashL1: ZeroHash };
  }

  /** Sequences `count` new batches of `txCount` transfers in one sequenceBatches tx; resolves once it is mined. */
  async sequence(count: number, txCount: number): Promise<void> {
    const latest = (await this.l1.provider.getBlock("latest"))!;
    const batches: BatchData[] = [];
    for (let i = 0; i < count; i++) batches.push(await this.makeBatch(txCount, latest.timestamp));
    await sendSequence(this.l1, batches, latest.timestamp);
  }
}

/** Sends one sequenceBatches tx as the trusted sequencer; resolves once it is mined. */
export async function sendSequence(l1: TestL1, batches: BatchData[], maxSequenceTimestamp: number): Promise<void> {
  const rollup = promZkEvmContract(l1.deployment.rollup, l1.provider);
  const init = Number(await rollup.lastBatchSequenced());
  const tx = await l1.sequencer.sendTransaction({
    to: l1.deployment.rollup,
    data: encodeSequenceBatches({ batches, maxSequenceTimestamp, initSequencedBatch: init, l2Coinbase: ACCOUNTS[0]!.address }),
  });
  const receipt = await tx.wait();
  if (receipt?.status !== 1) throw new Error("sequenceBatches failed");
}

/** Where a synchronizer under test reads L1. */
export interface L1Target {
  url: string;
  deployment: PromDeployment;
}

export const targetOf = (l1: TestL1): L1Target => ({ url: l1.anvil.url, deployment: l1.deployment });

/** A synchronizer on `db` (genesis stored there first) following `l1`, as an RPC node runs it (without trusted state by default). */
export async function syncNode(db: Db, l1: L1Target, log: Logger, options: Partial<SynchronizerOptions> = {}, hasTrustedState = false) {
  const state = new StateRepository(db);
  if (!(await state.getBatch(0))) await storeGenesis(db, { chainId: L2_CHAIN_ID, forkId: FORK_ID }, genesisAccounts);
  const world = buildWorldState(db, BigInt(L2_CHAIN_ID), FORK_ID);
  const provider = l1Provider(l1.url);
  const synchronizer = new Synchronizer({
    state,
    world,
    etherman: new Etherman(provider, { rollup: l1.deployment.rollup, globalExitRoot: l1.deployment.globalExitRoot }),
    deployBlock: l1.deployment.deployBlock,
    options: { intervalMs: 100, ...options },
    log,
    hasTrustedState,
  });
  return {
    state,
    world,
    synchronizer,
    async stop() {
      await synchronizer.stop();
      provider.destroy();
    },
  };
}

/** Everything a node derives from L1 that must not depend on the path it took to get there. */
export async function derivedStateOf(state: StateRepository) {
  const last = (await state.lastBatchNumber()) ?? 0;
  const batches = [];
  for (let n = 0; n <= last; n++) {
    const b = await state.getBatch(n);
    const blocks = await state.getBatchBlocks(n);
    batches.push({ n, status: b?.status, stateRoot: b?.stateRoot, accInputHash: b?.accInputHash, blocks: blocks.map((x) => [x.number, x.hash, x.txHashes]) });
  }
  return { batches, latestBlock: await state.latestBlockNumber(), latestRoot: await state.latestStateRoot(), l1Block: (await state.lastL1Block())?.hash };
}
