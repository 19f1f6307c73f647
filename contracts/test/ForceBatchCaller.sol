// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IForceBatch {
    function forceBatch(bytes calldata transactions, uint256 polAmount) external;
}

/// @notice TEST ONLY: forces a batch from a contract, the case where `ForceBatch` must carry the transactions.
contract ForceBatchCaller {
    function callForceBatch(IForceBatch rollup, bytes calldata transactions) external {
        rollup.forceBatch(transactions, 0);
    }
}
