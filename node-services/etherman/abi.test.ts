import { Interface } from "ethers";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureContractsBuilt } from "../../contracts/build.js";
import { loadArtifact } from "../l1/artifacts.js";
import { promGlobalExitRootAbi, promZkEvmAbi, verifierAbi } from "./abi.js";

/** Every function, event and error of `compiled`, by its canonical signature. */
function signatures(iface: Interface): string[] {
  const out: string[] = [];
  iface.forEachFunction((f) => out.push(`function ${f.format("sighash")}`));
  iface.forEachEvent((e) => out.push(`event ${e.format("sighash")}`));
  iface.forEachError((e) => out.push(`error ${e.format("sighash")}`));
  return out.sort();
}

describe("human-readable ABIs", () => {
  beforeAll(() => ensureContractsBuilt());

  it.each([
    ["PromZkEVM", promZkEvmAbi],
    ["PromGlobalExitRoot", promGlobalExitRootAbi],
    ["RejectAllVerifier", verifierAbi],
  ] as const)("%s: the node's ABI has exactly the compiled contract's functions, events and errors", (name, abi) => {
    const compiled = new Interface(loadArtifact(name).abi as never);
    expect(signatures(new Interface(abi))).toEqual(signatures(compiled));
  });

  it("selectors and topics are the ones of the spec", () => {
    const rollup = new Interface(promZkEvmAbi);
    expect(rollup.getFunction("sequenceBatches")!.selector).toBe("0xdef57e54");
    expect(rollup.getEvent("SequenceBatches")!.topicHash.slice(0, 10)).toBe("0x3e54d082");
    expect(rollup.getEvent("ForceBatch")!.topicHash).toBe("0xf94bb37db835f1ab585ee00041849a09b12cd081d77fa15ca070757619cbc931");
    expect(rollup.getEvent("SequenceForceBatches")!.topicHash).toBe("0x648a61dd2438f072f5a1960939abd30f37aea80d2e94c9792ad142d3e0a490a4");
    expect(rollup.getEvent("VerifyBatchesTrustedAggregator")!.topicHash).toBe("0xcb339b570a7f0b25afa7333371ff11192092a0aeace12b671f4c212f2815c6fe");
    expect(rollup.getEvent("UpdateZkEVMVersion")!.topicHash).toBe("0xed7be53c9f1a96a481223b15568a5b1a475e01a74b347d6ca187c8bf0c078cd6");
    expect(new Interface(promGlobalExitRootAbi).getEvent("UpdateL1InfoTree")!.topicHash.slice(0, 10)).toBe("0xda61aa78");
    expect(new Interface(verifierAbi).getFunction("verifyProof")!.selector).toBe("0x43753b4d");
    expect(new Interface(promGlobalExitRootAbi).getFunction("getRoot")!.selector).toBe("0x5ca1e165");
  });
});
