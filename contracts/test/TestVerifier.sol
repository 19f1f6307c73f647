// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IVerifierRollup} from "../interfaces/IVerifierRollup.sol";

/// @notice TEST ONLY: accepts a proof exactly when its public input is the one the test announced, so tests drive
/// the consolidation path and also pin the inputSnark the rollup computed. Never deploy outside tests.
contract TestVerifier is IVerifierRollup {
    uint256 public expectedInput;

    function expectInput(uint256 input) external {
        expectedInput = input;
    }

    function verifyProof(
        uint256[2] calldata,
        uint256[2][2] calldata,
        uint256[2] calldata,
        uint256[1] calldata pubSignals
    ) external view override returns (bool) {
        return pubSignals[0] == expectedInput;
    }
}
