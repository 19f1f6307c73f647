/**
 * Deploys the Prom L1 contracts: the verifier, PromGlobalExitRoot and PromZkEVM. The exit-root manager and the rollup
 * point at each other through immutables, so the rollup's address is computed from the deployer's nonce first.
 */
import { ContractFactory, getCreateAddress, type Signer } from "ethers";
import { loadArtifact } from "./artifacts.js";

export interface DeployPromOptions {
  genesisRoot: string;
  trustedSequencer: string;
  trustedAggregator: string;
  chainId: number | bigint;
  forkId: number | bigint;
  /** Defaults to the deployer. */
  admin?: string;
  trustedSequencerURL?: string;
  version?: string;
  /**
   * The verifier to deploy: an artifact name under contracts/build (tests use "TestVerifier"), or a compiled one
   * (the devnet's generated Groth16 verifier, node-services/prover/solidityVerifier.ts). Default: RejectAllVerifier.
   */
  verifierContract?: string | { abi: unknown[]; bytecode: string };
}

export interface PromDeployment {
  rollup: string;
  globalExitRoot: string;
  verifier: string;
  /** First L1 block that holds one of the contracts: where a synchronizer starts reading. */
  deployBlock: number;
}

export class DeployError extends Error {
  readonly code = "DEPLOY_FAILED";
  constructor(message: string) {
    super(message);
    this.name = "DeployError";
  }
}

export async function deployProm(signer: Signer, opts: DeployPromOptions): Promise<PromDeployment> {
  const from = await signer.getAddress();
  const nonce = await signer.getNonce("pending");
  const factory = (c: string | { abi: unknown[]; bytecode: string }) => {
    const a = typeof c === "string" ? loadArtifact(c) : c;
    return new ContractFactory(a.abi as never, a.bytecode, signer);
  };
  const expectedRollup = getCreateAddress({ from, nonce: nonce + 2 });

  const verifier = await factory(opts.verifierContract ?? "RejectAllVerifier").deploy({ nonce });
  const ger = await factory("PromGlobalExitRoot").deploy(expectedRollup, "0x0000000000000000000000000000000000000000", { nonce: nonce + 1 });
  const rollup = await factory("PromZkEVM").deploy(
    await ger.getAddress(),
    await verifier.getAddress(),
    opts.chainId,
    opts.forkId,
    opts.genesisRoot,
    opts.trustedSequencer,
    opts.trustedSequencerURL ?? "",
    opts.trustedAggregator,
    opts.admin ?? from,
    opts.version ?? "prom-v0.1.0",
    { nonce: nonce + 2 },
  );
  const receipts = await Promise.all([verifier, ger, rollup].map((c) => c.deploymentTransaction()?.wait()));
  const rollupAddress = await rollup.getAddress();
  if (rollupAddress !== expectedRollup) {
    throw new DeployError(`rollup landed at ${rollupAddress}, not at ${expectedRollup}: another tx used the deployer's nonce`);
  }
  const blocks = receipts.map((r) => {
    if (!r || r.status !== 1) throw new DeployError("a contract deployment failed (no receipt or reverted)");
    return r.blockNumber;
  });
  return {
    rollup: rollupAddress,
    globalExitRoot: await ger.getAddress(),
    verifier: await verifier.getAddress(),
    deployBlock: Math.min(...blocks),
  };
}
