// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @notice Depth-32 keccak append-only Merkle tree (the eth2 deposit-contract algorithm, as Polygon's
/// DepositContractBase): the L1 info tree. Empty subtrees hash as zero-leaf towers, so the empty root is
/// 0x27ae5ba08d7291c96c8cbddcc148bf48a6d68c7974b94356f53754ef6171d757.
abstract contract AppendOnlyMerkleTree {
    uint256 internal constant _TREE_DEPTH = 32;
    uint256 internal constant _MAX_LEAF_COUNT = 2 ** _TREE_DEPTH - 1;

    bytes32[_TREE_DEPTH] internal _branch;

    /// @notice Number of leaves appended so far (Polygon's name for it).
    uint256 public depositCount;

    error MerkleTreeFull();

    function getRoot() public view virtual returns (bytes32) {
        bytes32 node;
        uint256 size = depositCount;
        bytes32 zeroHash = 0;
        for (uint256 height = 0; height < _TREE_DEPTH; height++) {
            if (((size >> height) & 1) == 1) {
                node = keccak256(abi.encodePacked(_branch[height], node));
            } else {
                node = keccak256(abi.encodePacked(node, zeroHash));
            }
            zeroHash = keccak256(abi.encodePacked(zeroHash, zeroHash));
        }
        return node;
    }

    function _addLeaf(bytes32 leaf) internal {
        if (depositCount >= _MAX_LEAF_COUNT) {
            revert MerkleTreeFull();
        }
        bytes32 node = leaf;
        uint256 size = ++depositCount;
        for (uint256 height = 0; height < _TREE_DEPTH; height++) {
            if (((size >> height) & 1) == 1) {
                _branch[height] = node;
                return;
            }
            node = keccak256(abi.encodePacked(_branch[height], node));
        }
        // Unreachable: size < 2^32 always has a set bit below height 32.
        assert(false);
    }
}
