/** Intrinsic gas of a legacy tx as the zkEVM (pre-Shanghai rules) charges it: base + calldata bytes. */
export function intrinsicGas(data: Uint8Array, isCreate: boolean): bigint {
  let gas = isCreate ? 53_000n : 21_000n;
  for (const b of data) gas += b === 0 ? 4n : 16n;
  return gas;
}
