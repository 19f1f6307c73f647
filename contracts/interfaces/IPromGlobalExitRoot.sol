// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @notice What the rollup needs from the exit-root manager.
interface IPromGlobalExitRoot {
    function updateExitRoot(bytes32 newRoot) external;

    function getLastGlobalExitRoot() external view returns (bytes32);

    function getRoot() external view returns (bytes32);

    function globalExitRootMap(bytes32 globalExitRoot) external view returns (uint256);
}
