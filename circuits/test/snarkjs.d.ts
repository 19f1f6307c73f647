// The parts of snarkjs (tests and benchmarks only; the product never imports it) that we call, typed.
declare module "snarkjs" {
  export interface SnarkjsProof {
    pi_a: string[];
    pi_b: string[][];
    pi_c: string[];
    protocol: string;
    curve: string;
  }
  export const groth16: {
    prove(zkey: string | Uint8Array, wtns: string | Uint8Array): Promise<{ proof: SnarkjsProof; publicSignals: string[] }>;
    verify(vkey: unknown, publicSignals: unknown, proof: unknown): Promise<boolean>;
  };
  export const zKey: {
    newZKey(r1cs: string, ptau: string, zkey: string): Promise<unknown>;
    contribute(oldZkey: string, newZkey: string, name: string, entropy: string): Promise<unknown>;
    exportVerificationKey(zkey: string | Uint8Array): Promise<Record<string, unknown>>;
    exportSolidityVerifier(zkey: string | Uint8Array, templates: { groth16: string }): Promise<string>;
  };
  export const powersOfTau: {
    newAccumulator(curve: unknown, power: number, ptau: string): Promise<unknown>;
    contribute(oldPtau: string, newPtau: string, name: string, entropy: string): Promise<unknown>;
    preparePhase2(oldPtau: string, newPtau: string): Promise<unknown>;
  };
  export const wtns: {
    calculate(input: Record<string, unknown>, wasm: string, wtns: string): Promise<void>;
  };
}
declare module "ffjavascript" {
  export function getCurveFromName(name: string): Promise<{ terminate(): Promise<void> }>;
}
