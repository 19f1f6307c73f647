import { describe, expect, it } from "vitest";
import { hashContractBytecode, linearPoseidon } from "./bytecodeHash.js";
import { h4ToHex } from "./h4.js";
import vectors from "./vectors/smt-hash-bytecode.json" with { type: "json" };

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));

describe("bytecode hash (linear Poseidon)", () => {
  it("gives the V5 vectors", () => {
    expect(hashContractBytecode(bytes("dead"))).toBe("0x2549d1fb0dc984e3098f235473637bd9e40aab1692c87e0afaf58720d2fbb8cd");
    expect(hashContractBytecode(bytes("8231e0e8e502600b14bb0a2c9689f7d93d10e9f5451f18f0a9b6f123"))).toBe(
      "0x31cd3428959051f652c12f729473d52c0956368643ff086514f983595c034067",
    );
  });

  it.each(vectors.vectors.map((v) => [v.bytecode.length / 2, v.bytecode, v.expectedHash]))(
    "gives zkevm-commonjs smt-hash-bytecode vector of %i bytes",
    (_len, code, expected) => {
      expect(hashContractBytecode(bytes(code as string))).toBe(expected);
    },
  );

  it("linearPoseidon is the same function returning h4", () => {
    expect(h4ToHex(linearPoseidon(bytes("dead")))).toBe(hashContractBytecode(bytes("dead")));
  });

  it("hashes empty code as one padded chunk", () => {
    // 0x01 then zeros, last byte 0x80: a single 56-byte chunk, different from any 1-byte code
    expect(hashContractBytecode(new Uint8Array())).not.toBe(hashContractBytecode(new Uint8Array([0])));
    expect(hashContractBytecode(new Uint8Array())).toMatch(/^0x[0-9a-f]{64}$/);
  });
});
