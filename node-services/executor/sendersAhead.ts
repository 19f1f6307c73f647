/**
 * Sender recovery ahead of execution. Batches known before they run (an L1 block's sequenced batches in the
 * synchronizer) go to a thread that recovers their txs' senders (and their l2TxHashes, a few Poseidon permutations
 * each) while the executor runs the batches before them;
 * the executor takes what has arrived (`BatchInput.senders`) and recovers the rest itself. Nothing ever waits for the
 * thread, so a slow, late or failed thread only costs the time it would have saved.
 * Why: secp256k1 recovery was a tenth of the synchronizer's main-thread time, and it needs nothing from the state.
 */
import type { Worker } from "node:worker_threads";
import { siblingModule, startModuleWorker } from "../node/moduleWorker.js";
import type { Hex } from "./bytes.js";
import type { RecoveredSender, SendersReply, SendersRequest } from "./senderRecoveryProtocol.js";

/** One thread per process, started on first use; it never keeps the process alive. */
let thread: { worker: Worker; answers: Map<number, (senders: RecoveredSender[] | null) => void> } | undefined;
let nextKey = 1;

function recoveryThread(): NonNullable<typeof thread> {
  if (thread) return thread;
  const worker = startModuleWorker(siblingModule(import.meta.url, "senderRecoveryThread"));
  const t = { worker, answers: new Map<number, (senders: RecoveredSender[] | null) => void>() };
  worker.on("message", (r: SendersReply) => {
    t.answers.get(r.key)?.(r.senders);
    t.answers.delete(r.key);
  });
  // a failed thread answers nothing: the executor recovers every sender itself, and the next request starts a new thread
  const drop = () => {
    if (thread === t) thread = undefined;
  };
  worker.on("error", drop);
  worker.on("exit", drop);
  // after the listeners: adding a message listener refs the worker again
  worker.unref();
  thread = t;
  return t;
}

export class SendersAhead {
  /** Answers by batch content (forced flag and data), so a batch that L1 replaced never takes another's senders. */
  private known = new Map<string, readonly RecoveredSender[]>();

  constructor(private readonly forkId: number) {}

  /** Starts recovery for these batches; answers for batches asked for earlier and not taken are dropped. */
  request(batches: readonly { data: Hex; forced: boolean }[]): void {
    const known = new Map<string, readonly RecoveredSender[]>();
    this.known = known;
    const t = recoveryThread();
    const req: SendersRequest = { forkId: this.forkId, batches: [] };
    for (const b of batches) {
      const key = nextKey++;
      const id = contentKey(b.data, b.forced);
      t.answers.set(key, (senders) => {
        if (senders) known.set(id, senders);
      });
      req.batches.push({ key, data: b.data, forced: b.forced });
    }
    t.worker.postMessage(req);
  }

  /** This batch's txs' senders and l2TxHashes if the thread has answered, in tx order. */
  take(data: Hex, forced: boolean): readonly RecoveredSender[] | undefined {
    const id = contentKey(data, forced);
    const senders = this.known.get(id);
    this.known.delete(id);
    return senders;
  }
}

function contentKey(data: Hex, forced: boolean): string {
  return `${forced ? "f" : "s"}${data.toLowerCase()}`;
}
