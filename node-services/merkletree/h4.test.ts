import { describe, expect, it } from "vitest";
import { bytesToH4, feaToScalar, h4ToBytes, h4ToHex, hexToH4, scalarToFea, scalarToH4 } from "./h4.js";

describe("h4 encodings", () => {
  const h = [0x0123456789abcdefn, 0x1111111111111111n, 0x2222222222222222n, 0xfedcba9876543210n] as const;

  it("writes hex as h3‖h2‖h1‖h0 and reads it back", () => {
    expect(h4ToHex(h)).toBe("0xfedcba98765432102222222222222222111111111111111101234567" + "89abcdef");
    expect(hexToH4(h4ToHex(h))).toEqual([...h]);
  });

  it("reads short hex (the vector files write small numbers) as the same scalar", () => {
    expect(hexToH4("0x1")).toEqual([1n, 0n, 0n, 0n]);
    expect(hexToH4("0x10000000000000000")).toEqual([0n, 1n, 0n, 0n]);
  });

  it("bytes are the 32-byte big-endian scalar", () => {
    const b = h4ToBytes(h);
    expect(Buffer.from(b).toString("hex")).toBe(h4ToHex(h).slice(2));
    expect(bytesToH4(b)).toEqual([...h]);
  });

  it("scalarToFea splits into 8 × 32-bit limbs, least significant first", () => {
    const x = (1n << 255n) | 0xdeadbeefn | (7n << 32n);
    const fea = scalarToFea(x);
    expect(fea).toEqual([0xdeadbeefn, 7n, 0n, 0n, 0n, 0n, 0n, 0x80000000n]);
    expect(feaToScalar(fea)).toBe(x);
    expect(scalarToH4(x)[3]).toBe(1n << 63n);
  });

  it("refuses malformed hex, wrong byte lengths and out-of-range values with typed errors", () => {
    expect(() => hexToH4("1234")).toThrow(expect.objectContaining({ code: "INVALID_HASH" }));
    expect(() => hexToH4("0x" + "f".repeat(65))).toThrow(expect.objectContaining({ code: "INVALID_HASH" }));
    expect(() => bytesToH4(new Uint8Array(31))).toThrow(expect.objectContaining({ code: "INVALID_HASH" }));
    expect(() => scalarToFea(1n << 256n)).toThrow(expect.objectContaining({ code: "INVALID_VALUE" }));
    expect(() => scalarToFea(-1n)).toThrow(expect.objectContaining({ code: "INVALID_VALUE" }));
  });
});
