/**
 * The aggregator service: turns virtual batches into P1 proofs verified on L1.
 *
 * Each round it (1) creates proof jobs for the next ranges of whole L1 sequences past what is verified or already
 * has a job, (2) lets the job runner hand queued jobs to idle provers, (3) sends the next proved job, in batch order,
 * as `verifyBatchesTrustedAggregator` through the L1 tx manager (owner "aggregator"), after checking that the
 * proof's public input is the one L1 computes for our address, and (4) marks submitted jobs verified once the
 * synchronizer has stored the batches as verified, or the tx is confirmed and L1's lastVerifiedBatch covers them.
 * Batches are marked verified in the state by the synchronizer only.
 *
 * What a proof attests is P1 (DESIGN.md): the old and new state roots are bound to exactly the data sequenced on L1.
 * It is not a proof that the batches were executed correctly.
 */
import { randomBytes } from "node:crypto";
import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { ZeroHash } from "ethers";
import type { BatchProofRequest } from "../batchproof/index.js";
import type { Db } from "../db/db.js";
import { encodeVerifyBatchesTrustedAggregator } from "../etherman/calldata.js";
import type { Etherman } from "../etherman/etherman.js";
import { inputSnark } from "../etherman/rollupHashes.js";
import type { L1TxManager } from "../l1txmanager/index.js";
import type { Logger } from "../log/logger.js";
import { Ticker, type Service } from "../node/service.js";
import type { ProverBackend } from "../prover/options.js";
import type { Groth16Proof, VerificationKey } from "../prover/proofJson.js";
import { sha256File } from "../prover/remote/zkeyCache.js";
import type { StateRepository } from "../state/stateRepository.js";
import { JobRunner, type ProvingKey } from "./jobRunner.js";
import type { ProofJob } from "./jobStore.js";
import { LocalProvers } from "./localProvers.js";
import type { AggregatorOptions } from "./options.js";
import { PROOF_READY_STAGE, ProofJobs } from "./proofJobs.js";
import { ProverHub } from "./proverHub.js";
import { buildProofRequest, nextRange, ProofInputError, sequencesOf, virtualBatchesAfter } from "./sequencedBatches.js";

export const AGGREGATOR_OWNER = "aggregator";

/** The batch circuit as the aggregator uses it (node-services/batchproof provides it). */
export interface BatchCircuitPort {
  /** Batches one proof covers at most. */
  maxBatches: number;
  /** Builds (or loads from its cache) the circuit and its key; may take minutes the first time. */
  prepare(onProgress: (msg: string) => void): Promise<{ zkeyPath: string; vkey: VerificationKey }>;
  /** The circom witness (.wtns) of a request. */
  witness(request: BatchProofRequest): Promise<Uint8Array>;
}

export interface AggregatorDeps {
  db: Db;
  state: StateRepository;
  etherman: Etherman;
  /** Sends with the trusted aggregator's key. */
  txManager: L1TxManager;
  /** The trusted aggregator's L1 address (the signer of txManager). */
  address: string;
  chainId: number;
  forkId: number;
  circuit: BatchCircuitPort;
  options: AggregatorOptions;
  log: Logger;
}

/** verifyBatchesTrustedAggregator's proof words, in the order snarkjs's Solidity calldata prints them (B's Fq2 halves swapped). */
export function proofWords(p: Groth16Proof): string[] {
  return [p.pi_a[0], p.pi_a[1], p.pi_b[0][1], p.pi_b[0][0], p.pi_b[1][1], p.pi_b[1][0], p.pi_c[0], p.pi_c[1]];
}

export class Aggregator implements Service {
  readonly name = "aggregator";
  readonly jobs: ProofJobs;
  readonly hub: ProverHub;
  private readonly runner: JobRunner;
  private readonly ticker: Ticker;
  private readonly token: string;
  private local: LocalProvers | null = null;
  private key: ProvingKey | null = null;
  private preparing: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  /** The last "cannot prove the next batches" message, logged once until it changes. */
  private stuck = "";

  constructor(private readonly d: AggregatorDeps) {
    const o = d.options;
    this.token = o.token || randomBytes(24).toString("hex");
    this.jobs = new ProofJobs(d.db, { maxAttempts: o.maxAttempts, log: d.log });
    this.hub = new ProverHub({
      host: o.host,
      port: o.port,
      token: this.token,
      heartbeatMs: o.heartbeatMs,
      log: d.log.child("prover-endpoint"),
      zkey: () => this.key?.zkey ?? null,
      onIdle: () => void this.ticker.poke(),
    });
    this.runner = new JobRunner({
      jobs: this.jobs,
      hub: this.hub,
      key: () => this.key,
      witness: (job) => this.witness(job),
      log: d.log,
      onSettled: () => void this.ticker.poke(),
    });
    this.ticker = new Ticker(o.intervalMs, () => this.round(), (err) => d.log.error("aggregator round failed", { err: (err as Error).message }));
  }

  /** The prover endpoint's URL once started (ws://host:port). */
  get proverUrl(): string {
    return this.hub.url;
  }

  /** The token provers must present (random unless configured). */
  get proverToken(): string {
    return this.token;
  }

  async start(): Promise<void> {
    await this.jobs.recover();
    const url = await this.hub.start();
    this.unsubscribe = this.d.txManager.onResult((r) => {
      if (r.owner === AGGREGATOR_OWNER) void this.ticker.poke();
    });
    if (this.d.options.localProvers > 0) {
      this.local = new LocalProvers({
        count: this.d.options.localProvers,
        url,
        token: this.token,
        threads: this.d.options.proverThreads || availableParallelism(),
        backend: this.d.options.proverBackend as ProverBackend,
        log: this.d.log.child("local-prover"),
      });
      this.local.start();
    }
    this.preparing = this.prepareKey();
    this.ticker.start();
    this.d.log.info("aggregator started (P1 proofs: binding of state roots to the L1 data, not execution validity)", {
      proverEndpoint: url,
      localProvers: this.d.options.localProvers,
      address: this.d.address,
    });
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.ticker.stop();
    await this.local?.stop();
    await this.hub.stop();
    await this.runner.drain();
    await this.preparing?.catch(() => undefined);
  }

  /** Runs one round now (tests; a new virtual batch). */
  poke(): Promise<void> {
    return this.ticker.poke();
  }

  private async prepareKey(): Promise<void> {
    const log = this.d.log.child("batch-circuit");
    try {
      const { zkeyPath, vkey } = await this.d.circuit.prepare((msg) => log.info(msg));
      const { size } = await stat(zkeyPath);
      this.key = { zkey: { hash: await sha256File(zkeyPath), size, path: zkeyPath }, vkey };
      log.info("P1 batch circuit ready", { zkey: zkeyPath, bytes: size, maxBatches: this.d.circuit.maxBatches });
      void this.ticker.poke();
    } catch (err) {
      log.error("the P1 batch circuit cannot be prepared: no proofs will be made", { err: (err as Error).message });
    }
  }

  private async round(): Promise<void> {
    const lastVerifiedL1 = await this.d.etherman.lastVerifiedBatch();
    await this.trackSubmitted(lastVerifiedL1);
    await this.createJobs(lastVerifiedL1);
    await this.runner.fill();
    await this.submitNext(lastVerifiedL1);
  }

  /** Jobs for the next ranges of whole sequences past the verified batches and the existing jobs. */
  private async createJobs(lastVerifiedL1: number): Promise<void> {
    const open = await this.jobs.inStates(["queued", "witness", "proving", "submitted"]);
    let free = this.d.options.maxJobsAhead - open.length;
    if (free <= 0) return;
    const after = Math.max(lastVerifiedL1, (await this.jobs.lastLiveFinalBatch()) ?? 0);
    // L1 verifies in order: a failed or cancelled job for the next range holds everything after it until retried.
    const blocking = (await this.jobs.inStates(["failed", "cancelled"])).find((j) => j.initBatch === after + 1);
    if (blocking) {
      this.logStuck(`batches from ${blocking.initBatch} wait for proof job ${blocking.id}, which is ${blocking.state} (${blocking.error ?? "no reason"}): retry it`);
      return;
    }
    const max = this.d.circuit.maxBatches;
    const rows = await virtualBatchesAfter(this.d.db, after, max * free + 1);
    if (rows.length === 0) return;
    // The last run of rows may continue in batches not synced yet: L1 knows whether its last batch ends a sequence.
    const lastRow = rows.at(-1)!;
    const lastEnds = (await this.d.etherman.sequencedBatch(lastRow.batchNum)).accInputHash !== ZeroHash;
    let sequences = sequencesOf(rows, (n) => n === lastRow.batchNum && lastEnds);
    while (free > 0) {
      let range;
      try {
        range = nextRange(sequences, max);
      } catch (e) {
        if (!(e instanceof ProofInputError)) throw e;
        this.logStuck(e.message);
        return;
      }
      if (!range) return;
      this.stuck = "";
      await this.jobs.create(range.fromBatch, range.toBatch);
      sequences = sequences.filter((s) => s.fromBatch > range.toBatch);
      free--;
    }
  }

  private logStuck(why: string): void {
    if (why !== this.stuck) this.d.log.error("cannot prove the next batches", { err: why });
    this.stuck = why;
  }

  private async witness(job: ProofJob): Promise<{ wtns: Uint8Array; expectedPublicSignals: string[] }> {
    const { request, inputSnark: expected } = await buildProofRequest(
      { db: this.d.db, state: this.d.state, aggregator: this.d.address, chainId: this.d.chainId, forkId: this.d.forkId },
      { fromBatch: job.initBatch, toBatch: job.finalBatch },
    );
    const wtns = await this.d.circuit.witness(request);
    return { wtns, expectedPublicSignals: [expected.toString()] };
  }

  /** Sends the proved job that starts at L1's last verified batch, one verification in flight at a time. */
  private async submitNext(lastVerifiedL1: number): Promise<void> {
    if ((await this.jobs.inStates(["submitted"])).length > 0) return;
    const ready = (await this.jobs.inStates(["proving"])).filter((j) => j.proof && j.stage === PROOF_READY_STAGE);
    for (const stale of ready.filter((j) => j.finalBatch <= lastVerifiedL1)) {
      await this.jobs.attemptFailed(stale.id, `batches ${stale.initBatch}..${stale.finalBatch} were verified on L1 by another proof`, { fatal: true });
    }
    const job = ready.find((j) => j.initBatch === lastVerifiedL1 + 1);
    if (!job?.proof || !job.publicSignals) return;
    const request = await buildProofRequest(
      { db: this.d.db, state: this.d.state, aggregator: this.d.address, chainId: this.d.chainId, forkId: this.d.forkId },
      { fromBatch: job.initBatch, toBatch: job.finalBatch },
    ).then((r) => r.request);
    // L1's own view of the snark input for our address: a proof of anything else would revert with InvalidProof.
    const onL1 = inputSnark(
      await this.d.etherman.getInputSnarkBytes({
        aggregator: this.d.address,
        initNumBatch: job.initBatch - 1,
        finalNewBatch: job.finalBatch,
        newLocalExitRoot: request.newLocalExitRoot,
        oldStateRoot: request.oldStateRoot,
        newStateRoot: request.newStateRoot,
      }),
    );
    if (onL1.toString() !== job.publicSignals[0]) {
      await this.jobs.attemptFailed(job.id, `L1 computes input ${onL1} for batches ${job.initBatch}..${job.finalBatch}, the proof carries ${job.publicSignals[0]}`);
      return;
    }
    const txId = `verify-${job.initBatch}-${job.finalBatch}-job${job.id}-attempt${job.attempts}`;
    await this.d.txManager.add({
      id: txId,
      owner: AGGREGATOR_OWNER,
      to: this.d.etherman.addresses.rollup,
      data: encodeVerifyBatchesTrustedAggregator({
        initNumBatch: job.initBatch - 1,
        finalNewBatch: job.finalBatch,
        newLocalExitRoot: request.newLocalExitRoot,
        newStateRoot: request.newStateRoot,
        beneficiary: this.d.address,
        proof: proofWords(job.proof),
      }),
    });
    await this.jobs.submitted(job.id, txId);
    this.d.log.info("P1 proof sent to L1", { job: job.id, batches: `${job.initBatch}..${job.finalBatch}`, tx: txId });
  }

  /** Submitted jobs: their tx hash as it becomes known, then verified, or back to the queue when the tx failed. */
  private async trackSubmitted(lastVerifiedL1: number): Promise<void> {
    const submitted = await this.jobs.inStates(["submitted"]);
    if (submitted.length === 0) return;
    const verifiedInState = (await this.d.state.lastVerifiedBatchNumber()) ?? 0;
    for (const job of submitted) {
      const tx = job.l1TxId ? await this.d.txManager.status(job.l1TxId) : null;
      const hash = tx?.minedHash ?? tx?.sentHashes.at(-1)?.hash ?? null;
      if (hash && hash !== job.l1TxHash) await this.jobs.txSent(job.id, hash);
      if (verifiedInState >= job.finalBatch || (tx?.status === "confirmed" && lastVerifiedL1 >= job.finalBatch)) {
        await this.jobs.verified(job.id);
      } else if (tx?.status === "failed") {
        await this.jobs.attemptFailed(job.id, `verifyBatchesTrustedAggregator failed on L1: ${tx.error ?? "unknown error"}`);
      } else if (!tx) {
        await this.jobs.attemptFailed(job.id, `the L1 tx manager has no tx ${job.l1TxId ?? "(none)"}`);
      }
    }
  }
}
