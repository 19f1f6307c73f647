import { describe, expect, it } from "vitest";
import { h4ToHex, h4ToScalar } from "./h4.js";
import {
  INDEX_BLOCK_HEADER_PARAM_BLOCK_HASH,
  INDEX_BLOCK_HEADER_PARAM_BLOCK_HASH_L1,
  INDEX_BLOCK_HEADER_PARAM_COINBASE,
  INDEX_BLOCK_HEADER_PARAM_GAS_LIMIT,
  INDEX_BLOCK_HEADER_PARAM_GAS_USED,
  INDEX_BLOCK_HEADER_PARAM_GER,
  INDEX_BLOCK_HEADER_PARAM_NUMBER,
  INDEX_BLOCK_HEADER_PARAM_TIMESTAMP,
  keyBalance,
  keyBlockInfo,
  keyBlockInfoLog,
  keyCode,
  keyCodeLength,
  keyNonce,
  keyStorage,
  setKeyCacheSize,
  SMT_KEY_BLOCK_HEADER_CUMULATIVE_GAS_USED,
  SMT_KEY_BLOCK_HEADER_EFFECTIVE_PERCENTAGE,
  SMT_KEY_BLOCK_HEADER_LOGS,
  SMT_KEY_BLOCK_HEADER_PARAM,
  SMT_KEY_BLOCK_HEADER_STATUS,
  SMT_KEY_BLOCK_HEADER_TRANSACTION_HASH,
} from "./keys.js";
import { poseidon } from "./poseidon.js";
import { scalarToFea } from "./h4.js";
import { buildRoot } from "./smtBuild.js";
import lengthVectors from "./vectors/smt-key-contract-length.json" with { type: "json" };
import blockInfo from "./vectors/block-info-tree.json" with { type: "json" };

describe("state-tree keys", () => {
  // spec §5 V2
  it.each([
    ["balance", () => keyBalance("0x617b3a3528F9cDd6630fd3301B9c8911F7Bf063D"), "0x649e63bfe1247ba44c2f3e938869b82dd24df1950f2d8f15cddc57c0d0fdd4ed"],
    ["balance of zero", () => keyBalance("0x0000000000000000000000000000000000000000"), "0x3b5346a24bd1277bafe6652dcadddf5412db8589cfbbea69425642a70003dbd1"],
    ["balance", () => keyBalance("0x4d5Cf5032B2a844602278b01199ED191A86c93ff"), "0x60b4d5e9af51401894dd9dadd060910b9202bafd32342a502dbbc84b2d720fe1"],
    ["nonce", () => keyNonce("0x617b3a3528F9cDd6630fd3301B9c8911F7Bf063D"), "0xda69a3c4a8007a5a2879c9cc37ea44a26a4178e8c2545d53885eeae74812f9e5"],
    ["code", () => keyCode("0xEEF9f339514298C6A857EfCfC1A762aF84438dEE"), "0x535ae1c9cbab60f5ea672570cd0893eae2dcc03525ec26972a6dd9c9db0e21d0"],
    ["code length", () => keyCodeLength("0x617b3a3528F9cDd6630fd3301B9c8911F7Bf063D"), "0x94dd7ee5f8d79f7b4cd7e8ce986ada1daeb3ca9407d4f6edd9a115757ed1da9e"],
    ["storage", () => keyStorage("0xEEF9f339514298C6A857EfCfC1A762aF84438dEE", 7264n), "0xb9652ee798f9ca9ea0b636d83ae872dda14a6e7f205695a26071b86c14ba72f7"],
    ["storage of zero slot 0", () => keyStorage("0x0000000000000000000000000000000000000000", 0n), "0x1bb61d3f0fa6c77b1ae5de7d05de6c0044a4bdc767729629a8f674ff2e5311ff"],
  ])("V2 %s key", (_name, key, expected) => {
    expect(h4ToHex(key())).toBe(expected);
  });

  it("V2 balance of the zero address equals its decimal form", () => {
    expect(h4ToScalar(keyBalance("0x0000000000000000000000000000000000000000"))).toBe(
      26833593870529421166492422877314944811724038685477806060577465163426988022737n,
    );
  });

  it.each(lengthVectors.vectors.map((v) => [v.ethAddr, v.expectedKey]))("zkevm-commonjs contract-length key of %s", (addr, expected) => {
    expect(h4ToScalar(keyCodeLength(addr!))).toBe(BigInt(expected!));
  });

  it("remembers keys without changing them, with the cache on or off", () => {
    const a = "0x617b3a3528F9cDd6630fd3301B9c8911F7Bf063D";
    const first = keyStorage(a, 7264n);
    expect(keyStorage(a.toLowerCase(), 7264n)).toBe(first);
    setKeyCacheSize(0);
    try {
      const uncached = keyStorage(a, 7264n);
      expect(uncached).not.toBe(first);
      expect(uncached).toEqual(first);
      expect(keyStorage(a, 7265n)).not.toEqual(first);
    } finally {
      setKeyCacheSize(100_000);
    }
  });

  it("accepts addresses with or without 0x and in any case", () => {
    const k = keyNonce("0x617b3a3528F9cDd6630fd3301B9c8911F7Bf063D");
    expect(keyNonce("617b3a3528f9cdd6630fd3301b9c8911f7bf063d")).toEqual(k);
  });

  it("refuses malformed addresses, negative slots and bad key types with typed errors", () => {
    expect(() => keyBalance("0x1234")).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    expect(() => keyBalance("0xZZ7b3a3528F9cDd6630fd3301B9c8911F7Bf063D")).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    expect(() => keyStorage("0x617b3a3528F9cDd6630fd3301B9c8911F7Bf063D", -1n)).toThrow(expect.objectContaining({ code: "INVALID_VALUE" }));
    expect(() => keyBlockInfo(0n, 1.5)).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
  });

  it("log keys use H(scalar2fea(logIndex), 0) as capacity", () => {
    expect(keyBlockInfoLog(2n, 3n)).toEqual(keyBlockInfo(2n, SMT_KEY_BLOCK_HEADER_LOGS, poseidon(scalarToFea(3n), [0n, 0n, 0n, 0n])));
  });

  it.each(blockInfo.vectors.map((v, i) => [i, v]))("block-info keys rebuild zkevm-commonjs block-info-tree root %i", (_i, v) => {
    const tx = v.txs[0]!;
    const leaves: [bigint, number, bigint][] = [
      [INDEX_BLOCK_HEADER_PARAM_BLOCK_HASH, SMT_KEY_BLOCK_HEADER_PARAM, BigInt(v.oldStateRoot)],
      [INDEX_BLOCK_HEADER_PARAM_COINBASE, SMT_KEY_BLOCK_HEADER_PARAM, BigInt(v.sequencerAddress)],
      [INDEX_BLOCK_HEADER_PARAM_NUMBER, SMT_KEY_BLOCK_HEADER_PARAM, BigInt(v.newBlockNumber)],
      [INDEX_BLOCK_HEADER_PARAM_GAS_LIMIT, SMT_KEY_BLOCK_HEADER_PARAM, BigInt(v.blockGasLimit)],
      [INDEX_BLOCK_HEADER_PARAM_TIMESTAMP, SMT_KEY_BLOCK_HEADER_PARAM, BigInt(v.finalTimestamp)],
      [INDEX_BLOCK_HEADER_PARAM_GER, SMT_KEY_BLOCK_HEADER_PARAM, BigInt(v.finalGER)],
      [INDEX_BLOCK_HEADER_PARAM_BLOCK_HASH_L1, SMT_KEY_BLOCK_HEADER_PARAM, BigInt(v.finalBlockHash)],
      [INDEX_BLOCK_HEADER_PARAM_GAS_USED, SMT_KEY_BLOCK_HEADER_PARAM, BigInt(tx.gasUsed)],
      [0n, SMT_KEY_BLOCK_HEADER_TRANSACTION_HASH, BigInt(tx.l2TxHash)],
      [0n, SMT_KEY_BLOCK_HEADER_STATUS, BigInt(tx.status)],
      [0n, SMT_KEY_BLOCK_HEADER_CUMULATIVE_GAS_USED, BigInt(tx.gasUsed)],
      [0n, SMT_KEY_BLOCK_HEADER_EFFECTIVE_PERCENTAGE, BigInt(tx.effectivePercentage)],
    ];
    const root = buildRoot(leaves.map(([index, type, value]) => ({ key: keyBlockInfo(index, type), value })));
    expect(h4ToHex(root)).toBe(v.finalBlockInfoRoot);
  });
});
