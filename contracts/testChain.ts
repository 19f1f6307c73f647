/**
 * Test support for the contract tests: an anvil of its own on a free loopback port, the Prom contracts deployed,
 * named signers, and an EVM snapshot that each test returns to.
 */
import { BaseContract, JsonRpcProvider, type JsonRpcSigner } from "ethers";
import { promGlobalExitRootContract, promZkEvmContract, type PromGlobalExitRootContract, type PromZkEvmContract, type TypedContract } from "../node-services/etherman/abi.js";
import { decodeRevert } from "../node-services/etherman/revert.js";
import { startAnvil, type Anvil } from "../node-services/l1/anvil.js";
import { deployProm, type PromDeployment } from "../node-services/l1/deploy.js";
import { l1Provider } from "../node-services/l1/provider.js";
import { ensureContractsBuilt } from "./build.js";

export const GENESIS_ROOT = "0x" + "11".repeat(32);
export const CHAIN_ID = 1001n;
export const FORK_ID = 8n;

const testVerifierAbi = [
  "function expectInput(uint256 input)",
  "function verifyProof(uint256[2] a, uint256[2][2] b, uint256[2] c, uint256[1] pubSignals) view returns (bool)",
] as const;
export type TestVerifierContract = TypedContract<typeof testVerifierAbi>;

export interface TestChain {
  anvil: Anvil;
  provider: JsonRpcProvider;
  admin: JsonRpcSigner;
  sequencer: JsonRpcSigner;
  aggregator: JsonRpcSigner;
  other: JsonRpcSigner;
  deployment: PromDeployment;
  /** The rollup as each role sees it. */
  rollup: PromZkEvmContract;
  ger: PromGlobalExitRootContract;
  verifier: TestVerifierContract;
  /** Goes back to the state right after deployment. */
  reset(): Promise<void>;
  latestTimestamp(): Promise<bigint>;
  increaseTime(seconds: number): Promise<void>;
  stop(): Promise<void>;
}

export function fastProvider(url: string): JsonRpcProvider {
  return l1Provider(url, 50);
}

export async function startTestChain(verifierContract = "TestVerifier"): Promise<TestChain> {
  ensureContractsBuilt();
  const anvil = await startAnvil({ chainId: 31337 });
  const provider = fastProvider(anvil.url);
  const [admin, sequencer, aggregator, other] = await Promise.all([0, 1, 2, 3].map((i) => provider.getSigner(i)));
  const deployment = await deployProm(admin!, {
    genesisRoot: GENESIS_ROOT,
    trustedSequencer: await sequencer!.getAddress(),
    trustedAggregator: await aggregator!.getAddress(),
    chainId: CHAIN_ID,
    forkId: FORK_ID,
    trustedSequencerURL: "http://127.0.0.1:8545",
    version: "test-v1",
    verifierContract,
  });
  const rollup = promZkEvmContract(deployment.rollup, provider);
  const ger = promGlobalExitRootContract(deployment.globalExitRoot, provider);
  const verifier = new BaseContract(deployment.verifier, testVerifierAbi, provider) as TestVerifierContract;
  let snapshot = (await provider.send("evm_snapshot", [])) as string;
  return {
    anvil,
    provider,
    admin: admin!,
    sequencer: sequencer!,
    aggregator: aggregator!,
    other: other!,
    deployment,
    rollup,
    ger,
    verifier,
    async reset() {
      await provider.send("evm_revert", [snapshot]);
      snapshot = (await provider.send("evm_snapshot", [])) as string;
    },
    async latestTimestamp() {
      const block = await provider.getBlock("latest");
      return BigInt(block!.timestamp);
    },
    async increaseTime(seconds: number) {
      await provider.send("evm_increaseTime", [seconds]);
      await provider.send("evm_mine", []);
    },
    async stop() {
      provider.destroy();
      await anvil.stop();
    },
  };
}

/** The custom error a call or tx reverted with; fails the test when it did not revert. */
export async function revertName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const decoded = decodeRevert(e);
    if (decoded) return decoded.name;
    throw e;
  }
  throw new Error("expected a revert, but the call succeeded");
}
