// The parts of ffjavascript (snarkjs's math library; tests and benchmarks only) that prover-wasm's tests and bench call.
declare module "ffjavascript" {
  export interface FfjsField {
    e(v: bigint | string | number): Uint8Array;
    toObject(a: Uint8Array): bigint;
    fromRprLE(buf: Uint8Array, offset?: number): Uint8Array;
    toRprLE(buf: Uint8Array, offset: number, a: Uint8Array): void;
    mul(a: Uint8Array, b: Uint8Array): Uint8Array;
    w: Uint8Array[];
    shift: Uint8Array;
    fft(buf: Uint8Array): Promise<Uint8Array>;
    ifft(buf: Uint8Array): Promise<Uint8Array>;
  }
  export interface FfjsGroup {
    g: Uint8Array;
    eq(a: Uint8Array, b: Uint8Array): boolean;
    add(a: Uint8Array, b: Uint8Array): Uint8Array;
    neg(a: Uint8Array): Uint8Array;
    timesScalar(a: Uint8Array, k: bigint | Uint8Array): Uint8Array;
    toAffine(a: Uint8Array): Uint8Array;
    fromRprLEM(buf: Uint8Array, offset?: number): Uint8Array;
    toRprLEM(buf: Uint8Array, offset: number, a: Uint8Array): void;
    multiExpAffine(bases: Uint8Array, scalars: Uint8Array): Promise<Uint8Array>;
  }
  export interface FfjsCurve {
    Fr: FfjsField;
    F1: FfjsField;
    G1: FfjsGroup;
    G2: FfjsGroup;
    pairingEq(...args: Uint8Array[]): Promise<boolean>;
    terminate(): Promise<void>;
  }
  export function buildBn128(singleThread?: boolean): Promise<FfjsCurve>;
}
