/**
 * `prom-prover export-vkey`: the verification key of a zkey in exactly the shape of
 * `snarkjs zkey export verificationkey` (Groth16, bn128).
 */
import { g1ToJson, g2ToJson, leToBigInt, type VerificationKey } from "./proofJson.js";
import { mainWasm, parseZkey, readInput } from "./proofInputs.js";
import { zkeyVerificationBytes } from "./prove.js";

export async function exportVerificationKey(zkeyFile: string | Uint8Array): Promise<VerificationKey> {
  const zkey = parseZkey(await readInput(zkeyFile, "zkey"));
  const vk = zkeyVerificationBytes(zkey);
  const ab = mainWasm().call("alphabeta", "zkey", [vk]);
  const fq = (i: number) => leToBigInt(ab.subarray(i * 32, i * 32 + 32)).toString();
  const fq2 = (i: number): [string, string] => [fq(2 * i), fq(2 * i + 1)];
  const ic: VerificationKey["IC"] = [];
  for (let at = 448; at < vk.byteLength; at += 64) ic.push(g1ToJson(vk.subarray(at, at + 64)));
  return {
    protocol: "groth16",
    curve: "bn128",
    nPublic: zkey.nPublic,
    vk_alpha_1: g1ToJson(vk.subarray(0, 64)),
    vk_beta_2: g2ToJson(vk.subarray(64, 192)),
    vk_gamma_2: g2ToJson(vk.subarray(192, 320)),
    vk_delta_2: g2ToJson(vk.subarray(320, 448)),
    vk_alphabeta_12: [
      [fq2(0), fq2(1), fq2(2)],
      [fq2(3), fq2(4), fq2(5)],
    ],
    IC: ic,
  };
}
