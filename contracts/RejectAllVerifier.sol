// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IVerifierRollup} from "./interfaces/IVerifierRollup.sol";

/// @notice The devnet verifier until the real Groth16 verifier lands: it accepts no proof at all,
/// so no batch can be verified on L1 with an unchecked proof.
contract RejectAllVerifier is IVerifierRollup {
    function verifyProof(
        uint256[2] calldata,
        uint256[2][2] calldata,
        uint256[2] calldata,
        uint256[1] calldata
    ) external pure override returns (bool) {
        return false;
    }
}
