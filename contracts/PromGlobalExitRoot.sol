// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {AppendOnlyMerkleTree} from "./lib/AppendOnlyMerkleTree.sol";
import {IPromGlobalExitRoot} from "./interfaces/IPromGlobalExitRoot.sol";

/// @notice The exit-root manager of Prom (PolygonZkEVMGlobalExitRootV2 for a single rollup): keeps the mainnet and
/// rollup exit roots, their global exit root (GER), and the L1 info tree whose leaves the sequencer's batches reference.
contract PromGlobalExitRoot is AppendOnlyMerkleTree, IPromGlobalExitRoot {
    /// @notice The rollup (PromZkEVM): sets the rollup exit root when it verifies batches.
    address public immutable rollupAddress;
    /// @notice The L1 bridge: sets the mainnet exit root. address(0) while Prom has no bridge.
    address public immutable bridgeAddress;

    bytes32 public lastRollupExitRoot;
    bytes32 public lastMainnetExitRoot;
    /// @notice GER => blockhash(block.number - 1) of the block that first produced it (0 = unknown GER).
    mapping(bytes32 => uint256) public globalExitRootMap;

    event UpdateL1InfoTree(bytes32 indexed mainnetExitRoot, bytes32 indexed rollupExitRoot);

    error OnlyAllowedContracts();

    constructor(address _rollupAddress, address _bridgeAddress) {
        rollupAddress = _rollupAddress;
        bridgeAddress = _bridgeAddress;
    }

    function updateExitRoot(bytes32 newRoot) external override {
        bytes32 mainnetExitRoot = lastMainnetExitRoot;
        bytes32 rollupExitRoot = lastRollupExitRoot;
        // A zero bridge address must never match: no caller can be address(0).
        if (msg.sender == bridgeAddress && bridgeAddress != address(0)) {
            lastMainnetExitRoot = newRoot;
            mainnetExitRoot = newRoot;
        } else if (msg.sender == rollupAddress) {
            lastRollupExitRoot = newRoot;
            rollupExitRoot = newRoot;
        } else {
            revert OnlyAllowedContracts();
        }

        bytes32 newGlobalExitRoot = calculateGlobalExitRoot(mainnetExitRoot, rollupExitRoot);
        // A GER seen before keeps its first block hash and adds no leaf.
        if (globalExitRootMap[newGlobalExitRoot] == 0) {
            uint256 lastBlockHash = uint256(blockhash(block.number - 1));
            globalExitRootMap[newGlobalExitRoot] = lastBlockHash;
            _addLeaf(getLeafValue(newGlobalExitRoot, lastBlockHash, uint64(block.timestamp)));
            emit UpdateL1InfoTree(mainnetExitRoot, rollupExitRoot);
        }
    }

    function getLastGlobalExitRoot() external view override returns (bytes32) {
        return calculateGlobalExitRoot(lastMainnetExitRoot, lastRollupExitRoot);
    }

    /// @notice Root of the L1 info tree.
    function getRoot() public view override(AppendOnlyMerkleTree, IPromGlobalExitRoot) returns (bytes32) {
        return super.getRoot();
    }

    function calculateGlobalExitRoot(bytes32 mainnetExitRoot, bytes32 rollupExitRoot) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(mainnetExitRoot, rollupExitRoot));
    }

    function getLeafValue(bytes32 newGlobalExitRoot, uint256 lastBlockHash, uint64 timestamp) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(newGlobalExitRoot, lastBlockHash, timestamp));
    }
}
