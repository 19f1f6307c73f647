/**
 * The worker side of `SendersAhead`: decodes each batch as the executor does and recovers every tx's sender, one
 * answer per batch as soon as it is done. A batch that does not decode is answered with null (the executor finds out why).
 */
import { parentPort } from "node:worker_threads";
import { decodeBatchL2Data } from "./batchL2Data.js";
import { recoverSender } from "./legacyTx.js";
import type { SendersReply, SendersRequest } from "./senderRecoveryProtocol.js";

const port = parentPort!;
port.on("message", (m: SendersRequest) => {
  for (const b of m.batches) {
    let senders;
    try {
      senders = decodeBatchL2Data(Buffer.from(b.data.slice(2), "hex"), { forced: b.forced, forkId: m.forkId }).flatMap((e) => (e.kind === "tx" ? [recoverSender(e.tx)] : []));
    } catch {
      senders = null;
    }
    port.postMessage({ key: b.key, senders } satisfies SendersReply);
  }
});
