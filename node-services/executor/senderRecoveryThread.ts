/**
 * The worker side of `SendersAhead`: decodes each batch as the executor does, recovers every tx's sender and computes
 * its l2TxHash, one answer per batch as soon as it is done. A batch that does not decode is answered with null (the
 * executor finds out why).
 */
import { parentPort } from "node:worker_threads";
import { setPoseidonImpl, wasmPoseidon } from "../merkletree/index.js";
import { decodeBatchL2Data } from "./batchL2Data.js";
import { l2TxHash } from "./l2TxHash.js";
import { recoverSender } from "./legacyTx.js";
import type { RecoveredSender, SendersReply, SendersRequest } from "./senderRecoveryProtocol.js";

// the node's Poseidon (messages wait in the port until the listener below is attached)
setPoseidonImpl(await wasmPoseidon());

const port = parentPort!;
port.on("message", (m: SendersRequest) => {
  for (const b of m.batches) {
    let senders: RecoveredSender[] | null;
    try {
      senders = decodeBatchL2Data(Buffer.from(b.data.slice(2), "hex"), { forced: b.forced, forkId: m.forkId }).flatMap((e) => {
        if (e.kind !== "tx") return [];
        const from = recoverSender(e.tx);
        return [from === null ? null : { from, l2TxHash: l2TxHash(e.tx, from) }];
      });
    } catch {
      senders = null;
    }
    port.postMessage({ key: b.key, senders } satisfies SendersReply);
  }
});
