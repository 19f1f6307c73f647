// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @notice The Groth16 (BN254) verifier with one public input, as snarkjs exports it for Solidity
/// (`verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[1])`, selector 0x43753b4d).
interface IVerifierRollup {
    function verifyProof(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256[1] calldata pubSignals
    ) external view returns (bool);
}
