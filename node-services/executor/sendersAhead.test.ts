import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { h4ToHex } from "../merkletree/index.js";
import { decodeBatchL2Data } from "./batchL2Data.js";
import { fromHex, type Hex } from "./bytes.js";
import { l2TxHash } from "./l2TxHash.js";
import { recoverSender } from "./legacyTx.js";
import type { RecoveredSender } from "./senderRecoveryProtocol.js";
import { SendersAhead } from "./sendersAhead.js";
import { loadVector, runVector } from "./vectorRunner.js";

const dir = join(dirname(fileURLToPath(import.meta.url)), "vectors");
const vectors = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => ({ file: f, v: loadVector(join(dir, f)) }))
  .filter(({ v }) => v.batchL2Data.length > 2 && BigInt(v.forcedBlockHashL1 ?? 0) === 0n);

/** Polls until the thread has answered (it never blocks the caller, so a test has to wait for it). */
async function taken(ahead: SendersAhead, data: Hex, forced: boolean): Promise<readonly RecoveredSender[]> {
  for (let waited = 0; waited < 20_000; waited += 20) {
    const s = ahead.take(data, forced);
    if (s) return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("no answer from the sender-recovery thread in 20 s");
}

describe("SendersAhead", () => {
  it("recovers on its thread the senders and l2TxHashes the executor computes, and executing with them gives the vectors' roots", async () => {
    let checked = 0;
    for (const { file, v } of vectors) {
      let expected: RecoveredSender[];
      try {
        expected = decodeBatchL2Data(fromHex(v.batchL2Data), { forced: false, forkId: v.forkID }).flatMap((e) => {
          if (e.kind !== "tx") return [];
          const from = recoverSender(e.tx);
          return [from === null ? null : { from, l2TxHash: l2TxHash(e.tx, from) }];
        });
      } catch {
        continue; // a batch that does not decode: see the next test
      }
      const ahead = new SendersAhead(v.forkID);
      ahead.request([{ data: v.batchL2Data, forced: false }]);
      const senders = await taken(ahead, v.batchL2Data, false);
      expect(senders, file).toEqual(expected);
      const res = await runVector(v, senders);
      expect(h4ToHex(res.newStateRoot), file).toBe(v.newStateRoot.toLowerCase());
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("answers nothing for a batch that does not decode, for another forced flag, or twice", async () => {
    const v = vectors.find(({ v }) => v.batchL2Data.length > 300)!.v;
    const ahead = new SendersAhead(v.forkID);
    // answered in order: once the second is in, the first (which does not decode) has been dealt with
    ahead.request([
      { data: "0x0b00", forced: false },
      { data: v.batchL2Data, forced: false },
    ]);
    await taken(ahead, v.batchL2Data, false);
    expect(ahead.take(v.batchL2Data, false)).toBeUndefined();
    expect(ahead.take("0x0b00", false)).toBeUndefined();
    expect(ahead.take(v.batchL2Data, true)).toBeUndefined();
  });

  it("executes with the executor's own recovery when the senders given do not match the batch's tx count", async () => {
    const { v } = vectors.find(({ v }) => v.batchL2Data.length > 300)!;
    const res = await runVector(v, [{ from: "0x000000000000000000000000000000000000dead", l2TxHash: [1n, 2n, 3n, 4n] }]);
    expect(h4ToHex(res.newStateRoot)).toBe(v.newStateRoot.toLowerCase());
  });
});
