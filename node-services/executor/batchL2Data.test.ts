import { secp256k1 } from "@noble/curves/secp256k1.js";
import { describe, expect, it } from "vitest";
import { decodeBatchL2Data, decodeL2Tx, encodeBatchL2Data, encodeL2Tx, signingHash } from "./batchL2Data.js";
import type { BatchDecodeCode } from "./errors.js";
import { BatchDecodeError } from "./errors.js";
import { fromHex, keccak, toHex } from "./bytes.js";
import { effectiveGasPrice, ethTxHash, l2TxToRawTx, rawTxToL2Tx, recoverSender } from "./legacyTx.js";

// Spec §3.3 worked example (state-transition.json id 0).
const R = "1cee7e01dc62f69a12c3510c6d64de04ee6346d84b6a017f3e786c7d87f963e7";
const S = "5d8cc91fa983cd6d9cf55fff80d73bd26cd333b0f098acc1e58edb1fd484ad73";
const FIELDS = ["80", "843b9aca00", "830186a0", "944d5cf5032b2a844602278b01199ed191a86c93ff", "88016345785d8a0000", "80"];
const STANDARD_RAW = `0xf86e${FIELDS.join("")}8207f3a0${R}a0${S}`;
const BATCH_TX = `0xee${FIELDS.join("")}8203e88080${R}${S}1bff`;
const SIGNER = "0x617b3a3528f9cdd6630fd3301b9c8911f7bf063d";
const CHANGE_BLOCK = "0b73e6af6f00000000";

/** Builds a tx in batch encoding from raw field encodings, with a correct list header unless given. */
function customTx(fields: string[], opts: { header?: string; tail?: string } = {}): string {
  const payload = fields.join("");
  const header = opts.header ?? (0xc0 + payload.length / 2).toString(16);
  return `${header}${payload}${opts.tail ?? `${R}${S}1bff`}`;
}

function expectCode(hex: string, code: BatchDecodeCode, forced = false): void {
  try {
    decodeBatchL2Data(fromHex(hex), { forced });
  } catch (e) {
    expect(e).toBeInstanceOf(BatchDecodeError);
    expect((e as BatchDecodeError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}, decoding succeeded`);
}

describe("worked example of spec §3.3", () => {
  it("converts the standard raw tx to the 113-byte batch encoding byte for byte", () => {
    const tx = rawTxToL2Tx(fromHex(STANDARD_RAW));
    const enc = encodeL2Tx(tx);
    expect(enc.length).toBe(113);
    expect(toHex(enc)).toBe(BATCH_TX);
  });

  it("decodes the batch encoding back to the same standard raw tx", () => {
    const tx = decodeL2Tx(fromHex(BATCH_TX));
    expect(tx.chainId).toBe(1000n);
    expect(tx.v).toBe(27);
    expect(tx.effectivePercentage).toBe(0xff);
    expect(tx.value).toBe(100000000000000000n);
    expect(toHex(l2TxToRawTx(tx))).toBe(STANDARD_RAW);
    expect(ethTxHash(tx)).toBe(toHex(keccak(fromHex(STANDARD_RAW))));
  });

  it("has the signing hash and recovered signer of the spec", () => {
    const tx = decodeL2Tx(fromHex(BATCH_TX));
    expect(signingHash(tx)).toBe("0x57e7a14390cd9b6d76032484b266b8263bf59c4c0c0cbbf8e2b3f9e66c825bf8");
    expect(recoverSender(tx)).toBe(SIGNER);
  });

  it("is what the spec's private key signs (RFC 6979)", () => {
    const tx = decodeL2Tx(fromHex(BATCH_TX));
    const sig = secp256k1.sign(fromHex(signingHash(tx)), fromHex("0x28b2b0318721be8c8339199172cd7cc8f5e273800a35616ec893083a4b32c02e"), {
      prehash: false,
      format: "recovered",
    });
    expect(toHex(sig.subarray(1, 33))).toBe(`0x${R}`);
    expect(toHex(sig.subarray(33))).toBe(`0x${S}`);
  });

  it("decodes the Etrog batch 0b 73e6af6f 00000000 ‖ tx", () => {
    const entries = decodeBatchL2Data(fromHex(`0x${CHANGE_BLOCK}${BATCH_TX.slice(2)}`), { forced: false });
    expect(entries).toHaveLength(2);
    expect(entries[0]).toEqual({ kind: "changeL2Block", block: { deltaTimestamp: 1944498031, indexL1InfoTree: 0 } });
    expect(entries[1]!.kind).toBe("tx");
    expect(toHex(encodeBatchL2Data(entries))).toBe(`0x${CHANGE_BLOCK}${BATCH_TX.slice(2)}`);
  });

  it("round-trips the pre-EIP-155 example of zkevm-node helper_test.go", () => {
    const payload = "80843b9aca00826163941275fbb540c8efc58b812ba83b0d0b8b9917ae98808464fbb77c";
    const tx = decodeL2Tx(fromHex(customTx([payload])));
    expect(tx.chainId).toBeNull();
    expect(tx.to).toBe("0x1275fbb540c8efc58b812ba83b0d0b8b9917ae98");
    expect(toHex(tx.data)).toBe("0x64fbb77c");
    const raw = l2TxToRawTx(tx);
    expect(toHex(raw).startsWith("0xf86780843b9aca00826163941275")).toBe(true);
    expect(toHex(encodeL2Tx(rawTxToL2Tx(raw)))).toBe(`0x${customTx([payload])}`);
  });
});

describe("decoder rules (one malformed shape each)", () => {
  const ok = (fields: string[]) => `${CHANGE_BLOCK}${customTx(fields)}`;
  it("accepts the well-formed baseline", () => {
    expect(decodeBatchL2Data(fromHex(ok([...FIELDS, "8203e8", "80", "80"])), { forced: false })).toHaveLength(2);
  });
  it("BATCH_TOO_LARGE: more than 120000 bytes (5000 forced)", () => {
    expectCode(CHANGE_BLOCK + "00".repeat(120000), "BATCH_TOO_LARGE");
    expectCode(customTx([...FIELDS]).repeat(50), "BATCH_TOO_LARGE", true);
  });
  it("TRUNCATED: batch ends inside a tx or a changeL2Block", () => {
    expectCode(`${CHANGE_BLOCK}${BATCH_TX.slice(2, -4)}`, "TRUNCATED");
    expectCode(CHANGE_BLOCK.slice(0, 10), "TRUNCATED");
  });
  it("NOT_A_LIST: a tx that does not start with an RLP list", () => {
    expectCode(`${CHANGE_BLOCK}05`, "NOT_A_LIST");
  });
  it("NON_CANONICAL_LENGTH: long-form list header for a short list", () => {
    const payload = [...FIELDS, "8203e8", "80", "80"].join("");
    expectCode(`${CHANGE_BLOCK}${customTx([payload], { header: `f8${(payload.length / 2).toString(16)}` })}`, "NON_CANONICAL_LENGTH");
  });
  it("NON_CANONICAL_INTEGER: leading zero, 0x00 for zero, a small value in long form", () => {
    expectCode(ok(["80", "85003b9aca00", ...FIELDS.slice(2), "8203e8", "80", "80"]), "NON_CANONICAL_INTEGER");
    expectCode(ok(["00", ...FIELDS.slice(1), "8203e8", "80", "80"]), "NON_CANONICAL_INTEGER");
    expectCode(ok(["8105", ...FIELDS.slice(1), "8203e8", "80", "80"]), "NON_CANONICAL_INTEGER");
  });
  it("INTEGER_TOO_LONG: a nonce of 9 bytes", () => {
    expectCode(ok(["89010000000000000000", ...FIELDS.slice(1), "8203e8", "80", "80"]), "INTEGER_TOO_LONG");
  });
  it("NOT_A_SHORT_STRING: an integer field that is a list or a long string", () => {
    expectCode(ok(["c0", ...FIELDS.slice(1), "8203e8", "80", "80"]), "NOT_A_SHORT_STRING");
  });
  it("NON_CANONICAL_STRING: one data byte below 0x80 with a prefix", () => {
    expectCode(ok([...FIELDS.slice(0, 5), "8105", "8203e8", "80", "80"]), "NON_CANONICAL_STRING");
  });
  it("BAD_TO_FIELD: `to` that is neither 0x80 nor 0x94 + 20 bytes", () => {
    expectCode(ok([...FIELDS.slice(0, 3), "934d5cf5032b2a844602278b01199ed191a86c93", ...FIELDS.slice(4), "8203e8", "80", "80"]), "BAD_TO_FIELD");
  });
  it("BAD_EIP155_TAIL: chainId not followed by 0x80 0x80", () => {
    expectCode(ok([...FIELDS, "8203e8", "80", "01"]), "BAD_EIP155_TAIL");
  });
  it("LIST_LENGTH_MISMATCH: fields end before the list does", () => {
    expectCode(ok([...FIELDS, "8203e8", "80", "80", "80"]), "LIST_LENGTH_MISMATCH");
  });
  it("BAD_V: v other than 27 or 28", () => {
    expectCode(`${CHANGE_BLOCK}${customTx([...FIELDS, "8203e8", "80", "80"], { tail: `${R}${S}25ff` })}`, "BAD_V");
  });
  it("MISSING_FIRST_CHANGE_L2_BLOCK: a non-forced batch that starts with a tx", () => {
    expectCode(BATCH_TX.slice(2), "MISSING_FIRST_CHANGE_L2_BLOCK");
  });
  it("CHANGE_L2_BLOCK_IN_FORCED_BATCH: a forced batch with a 0x0b marker", () => {
    expectCode(`${BATCH_TX.slice(2)}${CHANGE_BLOCK}`, "CHANGE_L2_BLOCK_IN_FORCED_BATCH", true);
    expect(decodeBatchL2Data(fromHex(BATCH_TX), { forced: true })).toHaveLength(1);
  });
  it("TYPED_TX_UNSUPPORTED and BAD_RAW_TX for eth_sendRawTransaction input", () => {
    expect(() => rawTxToL2Tx(fromHex("0x02f8"))).toThrow(expect.objectContaining({ code: "TYPED_TX_UNSUPPORTED" }));
    expect(() => rawTxToL2Tx(fromHex("0xc3010203"))).toThrow(expect.objectContaining({ code: "BAD_RAW_TX" }));
  });
});

describe("signatures and prices", () => {
  it("rejects a high-s signature and a zero r", () => {
    const tx = decodeL2Tx(fromHex(BATCH_TX));
    expect(recoverSender({ ...tx, s: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n - tx.s })).toBeNull();
    expect(recoverSender({ ...tx, r: 0n })).toBeNull();
  });
  it("computes the effective gas price of V12", () => {
    expect(effectiveGasPrice(1_000_000_000n, 0xff)).toBe(1_000_000_000n);
    expect(effectiveGasPrice(1_000_000_000n, 0x7f)).toBe(500_000_000n);
    expect(effectiveGasPrice(0x1234n, 0xff)).toBe(0x1234n);
  });
});
