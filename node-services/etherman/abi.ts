/**
 * The L1 contract ABIs the node speaks, as human-readable fragments, so the node needs no build artifacts at runtime.
 * abi.test.ts pins each fragment to the compiled contracts.
 */
import { BaseContract, Interface, type BaseContractMethod, type ContractRunner } from "ethers";

const batchData = "tuple(bytes transactions, bytes32 forcedGlobalExitRoot, uint64 forcedTimestamp, bytes32 forcedBlockHashL1)";

/** Custom errors of PromZkEVM, in declaration order. */
export const promZkEvmErrorNames = [
  "OnlyAdmin", "OnlyPendingAdmin", "OnlyTrustedSequencer", "OnlyTrustedAggregator", "OnlyNotEmergencyState",
  "OnlyEmergencyState", "SequenceZeroBatches", "ExceedMaxVerifyBatches", "MaxTimestampSequenceInvalid",
  "InitSequencedBatchDoesNotMatch", "ForcedDataDoesNotMatch", "TransactionsLengthAboveMax", "ForceBatchesOverflow",
  "ForceBatchNotAllowed", "ForceBatchesNotAllowedOnEmergencyState", "HaltTimeoutNotExpiredAfterEmergencyState",
  "ForceBatchTimeoutNotExpired", "ForceBatchesDecentralized", "InvalidRangeForceBatchTimeout", "PendingStateDoesNotExist",
  "OldStateRootDoesNotExist", "InitNumBatchAboveLastVerifiedBatch", "FinalNumBatchBelowLastVerifiedBatch",
  "OldAccInputHashDoesNotExist", "NewAccInputHashDoesNotExist", "NewStateRootNotInsidePrime", "InvalidProof",
  "BatchNotSequencedOrNotSequenceEnd", "BatchAlreadyVerified", "HaltTimeoutNotExpired",
] as const;

export const promZkEvmAbi = [
  // sequencing and forcing
  `function sequenceBatches(${batchData}[] batches, uint64 maxSequenceTimestamp, uint64 initSequencedBatch, address l2Coinbase)`,
  "function forceBatch(bytes transactions, uint256 polAmount)",
  `function sequenceForceBatches(${batchData}[] batches)`,
  // verification
  "function verifyBatchesTrustedAggregator(uint64 pendingStateNum, uint64 initNumBatch, uint64 finalNewBatch, bytes32 newLocalExitRoot, bytes32 newStateRoot, address beneficiary, uint256[8] proof)",
  "function getInputSnarkBytes(uint64 initNumBatch, uint64 finalNewBatch, bytes32 newLocalExitRoot, bytes32 oldStateRoot, bytes32 newStateRoot) view returns (bytes)",
  "function checkStateRootInsidePrime(uint256 newStateRoot) pure returns (bool)",
  // reads
  "function globalExitRootManager() view returns (address)",
  "function rollupVerifier() view returns (address)",
  "function chainID() view returns (uint64)",
  "function forkID() view returns (uint64)",
  "function admin() view returns (address)",
  "function pendingAdmin() view returns (address)",
  "function trustedSequencer() view returns (address)",
  "function trustedSequencerURL() view returns (string)",
  "function trustedAggregator() view returns (address)",
  "function forceBatchAddress() view returns (address)",
  "function forceBatchTimeout() view returns (uint64)",
  "function lastAccInputHash() view returns (bytes32)",
  "function lastBatchSequenced() view returns (uint64)",
  "function lastVerifiedBatch() view returns (uint64)",
  "function lastForceBatch() view returns (uint64)",
  "function lastForceBatchSequenced() view returns (uint64)",
  "function lastLocalExitRoot() view returns (bytes32)",
  "function isEmergencyState() view returns (bool)",
  "function lastDeactivatedEmergencyStateTimestamp() view returns (uint64)",
  "function forcedBatches(uint64) view returns (bytes32)",
  "function sequencedBatches(uint64) view returns (bytes32 accInputHash, uint64 sequencedTimestamp, uint64 previousLastBatchSequenced)",
  "function batchNumToStateRoot(uint64) view returns (bytes32)",
  "function TIMESTAMP_RANGE() view returns (uint256)",
  // emergency and admin
  "function activateEmergencyState(uint64 sequencedBatchNum)",
  "function deactivateEmergencyState()",
  "function setTrustedSequencer(address newTrustedSequencer)",
  "function setTrustedSequencerURL(string newTrustedSequencerURL)",
  "function setTrustedAggregator(address newTrustedAggregator)",
  "function setForceBatchAddress(address newForceBatchAddress)",
  "function setForceBatchTimeout(uint64 newforceBatchTimeout)",
  "function transferAdminRole(address newPendingAdmin)",
  "function acceptAdminRole()",
  // events
  "event SequenceBatches(uint64 indexed numBatch, bytes32 l1InfoRoot)",
  "event ForceBatch(uint64 indexed forceBatchNum, bytes32 lastGlobalExitRoot, address sequencer, bytes transactions)",
  "event SequenceForceBatches(uint64 indexed numBatch)",
  "event VerifyBatchesTrustedAggregator(uint64 indexed numBatch, bytes32 stateRoot, address indexed aggregator)",
  "event UpdateZkEVMVersion(uint64 numBatch, uint64 forkID, string version)",
  "event SetTrustedSequencer(address newTrustedSequencer)",
  "event SetTrustedSequencerURL(string newTrustedSequencerURL)",
  "event SetTrustedAggregator(address newTrustedAggregator)",
  "event SetForceBatchAddress(address newForceBatchAddress)",
  "event SetForceBatchTimeout(uint64 newforceBatchTimeout)",
  "event TransferAdminRole(address newPendingAdmin)",
  "event AcceptAdminRole(address newAdmin)",
  "event EmergencyStateActivated()",
  "event EmergencyStateDeactivated()",
  ...promZkEvmErrorNames.map((e) => `error ${e}()` as const),
] as const;

export const promGlobalExitRootAbi = [
  "function updateExitRoot(bytes32 newRoot)",
  "function getLastGlobalExitRoot() view returns (bytes32)",
  "function getRoot() view returns (bytes32)",
  "function depositCount() view returns (uint256)",
  "function globalExitRootMap(bytes32) view returns (uint256)",
  "function lastMainnetExitRoot() view returns (bytes32)",
  "function lastRollupExitRoot() view returns (bytes32)",
  "function rollupAddress() view returns (address)",
  "function bridgeAddress() view returns (address)",
  "function calculateGlobalExitRoot(bytes32 mainnetExitRoot, bytes32 rollupExitRoot) pure returns (bytes32)",
  "function getLeafValue(bytes32 newGlobalExitRoot, uint256 lastBlockHash, uint64 timestamp) pure returns (bytes32)",
  "event UpdateL1InfoTree(bytes32 indexed mainnetExitRoot, bytes32 indexed rollupExitRoot)",
  "error OnlyAllowedContracts()",
  "error MerkleTreeFull()",
] as const;

export const verifierAbi = [
  "function verifyProof(uint256[2] a, uint256[2][2] b, uint256[2] c, uint256[1] pubSignals) view returns (bool)",
] as const;

export const promZkEvmInterface = new Interface(promZkEvmAbi);
export const promGlobalExitRootInterface = new Interface(promGlobalExitRootAbi);

type FunctionName<F> = F extends `function ${infer N}(${string}` ? N : never;
/** A contract whose methods are exactly the functions of a human-readable ABI, so a typo does not type-check. */
export type TypedContract<Abi extends readonly string[]> = BaseContract & { [K in FunctionName<Abi[number]>]: BaseContractMethod };
export type PromZkEvmContract = TypedContract<typeof promZkEvmAbi>;
export type PromGlobalExitRootContract = TypedContract<typeof promGlobalExitRootAbi>;

export function promZkEvmContract(address: string, runner: ContractRunner | null): PromZkEvmContract {
  return new BaseContract(address, promZkEvmAbi, runner) as PromZkEvmContract;
}
export function promGlobalExitRootContract(address: string, runner: ContractRunner | null): PromGlobalExitRootContract {
  return new BaseContract(address, promGlobalExitRootAbi, runner) as PromGlobalExitRootContract;
}
