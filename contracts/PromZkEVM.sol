// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IPromGlobalExitRoot} from "./interfaces/IPromGlobalExitRoot.sol";
import {IVerifierRollup} from "./interfaces/IVerifierRollup.sol";

/// @notice The Prom rollup on L1: Etrog/Elderberry (forkID 8) sequencing and forcing of PolygonRollupBaseEtrog plus the
/// trusted-aggregator verification of PolygonRollupManager, for one rollup in one contract. No POL token, no batch fee
/// and no reward; no pending state (the trusted aggregator consolidates at once). See contracts/README.md.
contract PromZkEVM {
    struct BatchData {
        bytes transactions;
        bytes32 forcedGlobalExitRoot;
        uint64 forcedTimestamp;
        bytes32 forcedBlockHashL1;
    }

    struct SequencedBatchData {
        bytes32 accInputHash;
        uint64 sequencedTimestamp;
        uint64 previousLastBatchSequenced;
    }

    // BN254 scalar field order: the snark's public input lives in it.
    uint256 internal constant _RFIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    uint256 internal constant _MAX_TRANSACTIONS_BYTE_LENGTH = 120000;
    uint256 internal constant _MAX_FORCE_BATCH_BYTE_LENGTH = 5000;
    uint256 internal constant _MAX_VERIFY_BATCHES = 1000;
    uint64 internal constant _HALT_AGGREGATION_TIMEOUT = 1 weeks;
    uint256 internal constant _GOLDILOCKS_PRIME_FIELD = 0xFFFFFFFF00000001;
    uint256 internal constant _MAX_UINT_64 = type(uint64).max;
    /// @notice How far past block.timestamp a sequence's maxSequenceTimestamp may be.
    uint256 public constant TIMESTAMP_RANGE = 36;

    IPromGlobalExitRoot public immutable globalExitRootManager;
    IVerifierRollup public immutable rollupVerifier;
    uint64 public immutable chainID;
    uint64 public immutable forkID;

    address public admin;
    address public pendingAdmin;
    address public trustedSequencer;
    string public trustedSequencerURL;
    address public trustedAggregator;
    /// @notice Only this address may force batches; address(0) = anyone (irreversible).
    address public forceBatchAddress;
    uint64 public forceBatchTimeout;

    bytes32 public lastAccInputHash;
    uint64 public lastBatchSequenced;
    uint64 public lastVerifiedBatch;
    uint64 public lastForceBatch;
    uint64 public lastForceBatchSequenced;
    bytes32 public lastLocalExitRoot;

    bool public isEmergencyState;
    uint64 public lastDeactivatedEmergencyStateTimestamp;

    mapping(uint64 => bytes32) public forcedBatches;
    /// @notice Stored only under the last batch number of each sequence.
    mapping(uint64 => SequencedBatchData) public sequencedBatches;
    mapping(uint64 => bytes32) public batchNumToStateRoot;

    event SequenceBatches(uint64 indexed numBatch, bytes32 l1InfoRoot);
    event ForceBatch(uint64 indexed forceBatchNum, bytes32 lastGlobalExitRoot, address sequencer, bytes transactions);
    event SequenceForceBatches(uint64 indexed numBatch);
    event VerifyBatchesTrustedAggregator(uint64 indexed numBatch, bytes32 stateRoot, address indexed aggregator);
    event UpdateZkEVMVersion(uint64 numBatch, uint64 forkID, string version);
    event SetTrustedSequencer(address newTrustedSequencer);
    event SetTrustedSequencerURL(string newTrustedSequencerURL);
    event SetTrustedAggregator(address newTrustedAggregator);
    event SetForceBatchAddress(address newForceBatchAddress);
    event SetForceBatchTimeout(uint64 newforceBatchTimeout);
    event TransferAdminRole(address newPendingAdmin);
    event AcceptAdminRole(address newAdmin);
    event EmergencyStateActivated();
    event EmergencyStateDeactivated();

    error OnlyAdmin();
    error OnlyPendingAdmin();
    error OnlyTrustedSequencer();
    error OnlyTrustedAggregator();
    error OnlyNotEmergencyState();
    error OnlyEmergencyState();
    error SequenceZeroBatches();
    error ExceedMaxVerifyBatches();
    error MaxTimestampSequenceInvalid();
    error InitSequencedBatchDoesNotMatch();
    error ForcedDataDoesNotMatch();
    error TransactionsLengthAboveMax();
    error ForceBatchesOverflow();
    error ForceBatchNotAllowed();
    error ForceBatchesNotAllowedOnEmergencyState();
    error HaltTimeoutNotExpiredAfterEmergencyState();
    error ForceBatchTimeoutNotExpired();
    error ForceBatchesDecentralized();
    error InvalidRangeForceBatchTimeout();
    error PendingStateDoesNotExist();
    error OldStateRootDoesNotExist();
    error InitNumBatchAboveLastVerifiedBatch();
    error FinalNumBatchBelowLastVerifiedBatch();
    error OldAccInputHashDoesNotExist();
    error NewAccInputHashDoesNotExist();
    error NewStateRootNotInsidePrime();
    error InvalidProof();
    error BatchNotSequencedOrNotSequenceEnd();
    error BatchAlreadyVerified();
    error HaltTimeoutNotExpired();

    modifier onlyAdmin() {
        if (msg.sender != admin) revert OnlyAdmin();
        _;
    }

    modifier onlyTrustedSequencer() {
        if (msg.sender != trustedSequencer) revert OnlyTrustedSequencer();
        _;
    }

    modifier onlyTrustedAggregator() {
        if (msg.sender != trustedAggregator) revert OnlyTrustedAggregator();
        _;
    }

    modifier ifNotEmergencyState() {
        if (isEmergencyState) revert OnlyNotEmergencyState();
        _;
    }

    modifier isSenderAllowedToForceBatches() {
        address cached = forceBatchAddress;
        if (cached != address(0) && cached != msg.sender) revert ForceBatchNotAllowed();
        _;
    }

    constructor(
        IPromGlobalExitRoot _globalExitRootManager,
        IVerifierRollup _rollupVerifier,
        uint64 _chainID,
        uint64 _forkID,
        bytes32 genesisRoot,
        address _trustedSequencer,
        string memory _trustedSequencerURL,
        address _trustedAggregator,
        address _admin,
        string memory version
    ) {
        globalExitRootManager = _globalExitRootManager;
        rollupVerifier = _rollupVerifier;
        chainID = _chainID;
        forkID = _forkID;
        batchNumToStateRoot[0] = genesisRoot;
        trustedSequencer = _trustedSequencer;
        trustedSequencerURL = _trustedSequencerURL;
        trustedAggregator = _trustedAggregator;
        admin = _admin;
        forceBatchAddress = _admin;
        forceBatchTimeout = 5 days;
        emit UpdateZkEVMVersion(0, _forkID, version);
    }

    // ---------------------------------------------------------------- sequencing

    /// @notice Sequences batches (forkID 8 / Elderberry). Non-forced batches hash the current L1 info root and
    /// maxSequenceTimestamp; forced ones must match their stored forced-batch hash and hash their own GER/timestamp/blockhash.
    function sequenceBatches(
        BatchData[] calldata batches,
        uint64 maxSequenceTimestamp,
        uint64 initSequencedBatch,
        address l2Coinbase
    ) external onlyTrustedSequencer ifNotEmergencyState {
        uint256 batchesNum = batches.length;
        if (batchesNum == 0) revert SequenceZeroBatches();
        if (batchesNum > _MAX_VERIFY_BATCHES) revert ExceedMaxVerifyBatches();
        if (uint256(maxSequenceTimestamp) > block.timestamp + TIMESTAMP_RANGE) revert MaxTimestampSequenceInvalid();

        bytes32 l1InfoRoot = globalExitRootManager.getRoot();
        uint64 currentLastForceBatchSequenced = lastForceBatchSequenced;
        bytes32 currentAccInputHash = lastAccInputHash;

        for (uint256 i = 0; i < batchesNum; i++) {
            BatchData calldata batch = batches[i];
            bytes32 transactionsHash = keccak256(batch.transactions);
            if (batch.forcedTimestamp > 0) {
                currentLastForceBatchSequenced++;
                _consumeForcedBatch(batch, transactionsHash, currentLastForceBatchSequenced);
                currentAccInputHash = keccak256(
                    abi.encodePacked(
                        currentAccInputHash,
                        transactionsHash,
                        batch.forcedGlobalExitRoot,
                        batch.forcedTimestamp,
                        l2Coinbase,
                        batch.forcedBlockHashL1
                    )
                );
            } else {
                // forcedGlobalExitRoot and forcedBlockHashL1 are ignored here, unchecked: the synchronizer knows.
                if (batch.transactions.length > _MAX_TRANSACTIONS_BYTE_LENGTH) revert TransactionsLengthAboveMax();
                currentAccInputHash = keccak256(
                    abi.encodePacked(
                        currentAccInputHash,
                        transactionsHash,
                        l1InfoRoot,
                        maxSequenceTimestamp,
                        l2Coinbase,
                        bytes32(0)
                    )
                );
            }
        }

        if (currentLastForceBatchSequenced > lastForceBatch) revert ForceBatchesOverflow();
        lastForceBatchSequenced = currentLastForceBatchSequenced;

        uint64 previousLast = lastBatchSequenced;
        if (initSequencedBatch != previousLast) revert InitSequencedBatchDoesNotMatch();
        uint64 newLast = _storeSequence(previousLast, uint64(batchesNum), currentAccInputHash);
        emit SequenceBatches(newLast, l1InfoRoot);
    }

    /// @notice Forces a batch of L2 transactions through L1 (only forceBatchAddress while it is set).
    /// The second argument (polAmount) is kept for the Etrog ABI; Prom charges no forced-batch fee.
    function forceBatch(
        bytes calldata transactions,
        uint256 /* polAmount */
    ) external isSenderAllowedToForceBatches {
        if (isEmergencyState) revert ForceBatchesNotAllowedOnEmergencyState();
        if (transactions.length > _MAX_FORCE_BATCH_BYTE_LENGTH) revert TransactionsLengthAboveMax();

        bytes32 lastGlobalExitRoot = globalExitRootManager.getLastGlobalExitRoot();
        uint64 forceBatchNum = ++lastForceBatch;
        forcedBatches[forceBatchNum] = keccak256(
            abi.encodePacked(
                keccak256(transactions),
                lastGlobalExitRoot,
                uint64(block.timestamp),
                blockhash(block.number - 1)
            )
        );

        if (msg.sender == tx.origin) {
            // An EOA's calldata is easy to read, so the event leaves the transactions out.
            emit ForceBatch(forceBatchNum, lastGlobalExitRoot, msg.sender, "");
        } else {
            // Internal-call calldata needs an archive node's traces: put the transactions in the event.
            emit ForceBatch(forceBatchNum, lastGlobalExitRoot, msg.sender, transactions);
        }
    }

    /// @notice Sequences forced batches without the trusted sequencer once the last one's forceBatchTimeout has passed.
    function sequenceForceBatches(
        BatchData[] calldata batches
    ) external isSenderAllowedToForceBatches ifNotEmergencyState {
        if (uint256(lastDeactivatedEmergencyStateTimestamp) + _HALT_AGGREGATION_TIMEOUT > block.timestamp) {
            revert HaltTimeoutNotExpiredAfterEmergencyState();
        }
        uint256 batchesNum = batches.length;
        if (batchesNum == 0) revert SequenceZeroBatches();
        if (batchesNum > _MAX_VERIFY_BATCHES) revert ExceedMaxVerifyBatches();
        if (uint256(lastForceBatchSequenced) + batchesNum > uint256(lastForceBatch)) revert ForceBatchesOverflow();

        uint64 currentLastForceBatchSequenced = lastForceBatchSequenced;
        bytes32 currentAccInputHash = lastAccInputHash;

        for (uint256 i = 0; i < batchesNum; i++) {
            BatchData calldata batch = batches[i];
            currentLastForceBatchSequenced++;
            bytes32 transactionsHash = keccak256(batch.transactions);
            _consumeForcedBatch(batch, transactionsHash, currentLastForceBatchSequenced);

            // The last batch is the youngest, so its timeout is the binding one.
            if (i == batchesNum - 1 && uint256(batch.forcedTimestamp) + forceBatchTimeout > block.timestamp) {
                revert ForceBatchTimeoutNotExpired();
            }
            currentAccInputHash = keccak256(
                abi.encodePacked(
                    currentAccInputHash,
                    transactionsHash,
                    batch.forcedGlobalExitRoot,
                    batch.forcedTimestamp,
                    msg.sender,
                    batch.forcedBlockHashL1
                )
            );
        }

        lastForceBatchSequenced = currentLastForceBatchSequenced;
        uint64 newLast = _storeSequence(lastBatchSequenced, uint64(batchesNum), currentAccInputHash);
        emit SequenceForceBatches(newLast);
    }

    function _storeSequence(uint64 previousLast, uint64 batchesNum, bytes32 accInputHash) internal returns (uint64) {
        uint64 newLast = previousLast + batchesNum;
        lastAccInputHash = accInputHash;
        lastBatchSequenced = newLast;
        sequencedBatches[newLast] = SequencedBatchData({
            accInputHash: accInputHash,
            sequencedTimestamp: uint64(block.timestamp),
            previousLastBatchSequenced: previousLast
        });
        return newLast;
    }

    // ---------------------------------------------------------------- verification

    /// @notice Verifies batches initNumBatch+1..finalNewBatch with a Groth16 proof and consolidates them at once.
    /// @param pendingStateNum must be 0: Prom keeps no pending state.
    /// The beneficiary argument is kept for the Etrog ABI; Prom pays no reward.
    /// @param proof [a0, a1, b00, b01, b10, b11, c0, c1] in the order of snarkjs's Solidity calldata.
    function verifyBatchesTrustedAggregator(
        uint64 pendingStateNum,
        uint64 initNumBatch,
        uint64 finalNewBatch,
        bytes32 newLocalExitRoot,
        bytes32 newStateRoot,
        address /* beneficiary */,
        uint256[8] calldata proof
    ) external onlyTrustedAggregator {
        _verifyBatches(pendingStateNum, initNumBatch, finalNewBatch, newLocalExitRoot, newStateRoot, proof);

        lastVerifiedBatch = finalNewBatch;
        batchNumToStateRoot[finalNewBatch] = newStateRoot;
        lastLocalExitRoot = newLocalExitRoot;
        globalExitRootManager.updateExitRoot(newLocalExitRoot);

        emit VerifyBatchesTrustedAggregator(finalNewBatch, newStateRoot, msg.sender);
    }

    function _verifyBatches(
        uint64 pendingStateNum,
        uint64 initNumBatch,
        uint64 finalNewBatch,
        bytes32 newLocalExitRoot,
        bytes32 newStateRoot,
        uint256[8] calldata proof
    ) internal view {
        if (pendingStateNum != 0) revert PendingStateDoesNotExist();
        // Checked before the root lookup (Polygon checks it after): without pending state, roots exist only up to
        // lastVerifiedBatch, so this order is what lets each error say what is wrong.
        if (initNumBatch > lastVerifiedBatch) revert InitNumBatchAboveLastVerifiedBatch();
        bytes32 oldStateRoot = batchNumToStateRoot[initNumBatch];
        if (oldStateRoot == bytes32(0)) revert OldStateRootDoesNotExist();
        if (finalNewBatch <= lastVerifiedBatch) revert FinalNumBatchBelowLastVerifiedBatch();

        bytes memory snarkBytes = getInputSnarkBytes(
            initNumBatch,
            finalNewBatch,
            newLocalExitRoot,
            oldStateRoot,
            newStateRoot
        );
        uint256 inputSnark = uint256(sha256(snarkBytes)) % _RFIELD;
        bool ok = rollupVerifier.verifyProof(
            [proof[0], proof[1]],
            [[proof[2], proof[3]], [proof[4], proof[5]]],
            [proof[6], proof[7]],
            [inputSnark]
        );
        if (!ok) revert InvalidProof();
    }

    /// @notice The 212 bytes whose sha256 mod r is the proof's public input; the aggregator is msg.sender
    /// (call it with `from` = the aggregator).
    function getInputSnarkBytes(
        uint64 initNumBatch,
        uint64 finalNewBatch,
        bytes32 newLocalExitRoot,
        bytes32 oldStateRoot,
        bytes32 newStateRoot
    ) public view returns (bytes memory) {
        bytes32 oldAccInputHash = sequencedBatches[initNumBatch].accInputHash;
        bytes32 newAccInputHash = sequencedBatches[finalNewBatch].accInputHash;
        if (initNumBatch != 0 && oldAccInputHash == bytes32(0)) revert OldAccInputHashDoesNotExist();
        if (newAccInputHash == bytes32(0)) revert NewAccInputHashDoesNotExist();
        if (!checkStateRootInsidePrime(uint256(newStateRoot))) revert NewStateRootNotInsidePrime();
        return
            abi.encodePacked(
                msg.sender,
                oldStateRoot,
                oldAccInputHash,
                initNumBatch,
                chainID,
                forkID,
                newStateRoot,
                newAccInputHash,
                newLocalExitRoot,
                finalNewBatch
            );
    }

    /// @notice True when each 64-bit limb of the state root is a Goldilocks field element.
    function checkStateRootInsidePrime(uint256 newStateRoot) public pure returns (bool) {
        return
            (newStateRoot & _MAX_UINT_64) < _GOLDILOCKS_PRIME_FIELD &&
            ((newStateRoot >> 64) & _MAX_UINT_64) < _GOLDILOCKS_PRIME_FIELD &&
            ((newStateRoot >> 128) & _MAX_UINT_64) < _GOLDILOCKS_PRIME_FIELD &&
            (newStateRoot >> 192) < _GOLDILOCKS_PRIME_FIELD;
    }

    // ---------------------------------------------------------------- emergency state

    /// @notice The admin may halt the rollup at any time; anyone may once a sequenced batch has waited unverified
    /// longer than the halt timeout (1 week).
    function activateEmergencyState(uint64 sequencedBatchNum) external ifNotEmergencyState {
        if (msg.sender != admin) {
            uint64 sequencedTimestamp = sequencedBatches[sequencedBatchNum].sequencedTimestamp;
            if (sequencedBatchNum > lastBatchSequenced || sequencedTimestamp == 0) {
                revert BatchNotSequencedOrNotSequenceEnd();
            }
            if (sequencedBatchNum <= lastVerifiedBatch) revert BatchAlreadyVerified();
            if (uint256(sequencedTimestamp) + _HALT_AGGREGATION_TIMEOUT > block.timestamp) revert HaltTimeoutNotExpired();
        }
        isEmergencyState = true;
        emit EmergencyStateActivated();
    }

    function deactivateEmergencyState() external onlyAdmin {
        if (!isEmergencyState) revert OnlyEmergencyState();
        isEmergencyState = false;
        lastDeactivatedEmergencyStateTimestamp = uint64(block.timestamp);
        emit EmergencyStateDeactivated();
    }

    // ---------------------------------------------------------------- admin

    function setTrustedSequencer(address newTrustedSequencer) external onlyAdmin {
        trustedSequencer = newTrustedSequencer;
        emit SetTrustedSequencer(newTrustedSequencer);
    }

    function setTrustedSequencerURL(string calldata newTrustedSequencerURL) external onlyAdmin {
        trustedSequencerURL = newTrustedSequencerURL;
        emit SetTrustedSequencerURL(newTrustedSequencerURL);
    }

    function setTrustedAggregator(address newTrustedAggregator) external onlyAdmin {
        trustedAggregator = newTrustedAggregator;
        emit SetTrustedAggregator(newTrustedAggregator);
    }

    /// @notice Setting address(0) opens forcing to everyone, for good.
    function setForceBatchAddress(address newForceBatchAddress) external onlyAdmin {
        if (forceBatchAddress == address(0)) revert ForceBatchesDecentralized();
        forceBatchAddress = newForceBatchAddress;
        emit SetForceBatchAddress(newForceBatchAddress);
    }

    /// @notice At most the halt timeout; once forcing is open to everyone it may only decrease.
    function setForceBatchTimeout(uint64 newforceBatchTimeout) external onlyAdmin {
        if (newforceBatchTimeout > _HALT_AGGREGATION_TIMEOUT) revert InvalidRangeForceBatchTimeout();
        if (forceBatchAddress == address(0) && newforceBatchTimeout >= forceBatchTimeout) {
            revert InvalidRangeForceBatchTimeout();
        }
        forceBatchTimeout = newforceBatchTimeout;
        emit SetForceBatchTimeout(newforceBatchTimeout);
    }

    function transferAdminRole(address newPendingAdmin) external onlyAdmin {
        pendingAdmin = newPendingAdmin;
        emit TransferAdminRole(newPendingAdmin);
    }

    function acceptAdminRole() external {
        if (msg.sender != pendingAdmin) revert OnlyPendingAdmin();
        admin = pendingAdmin;
        emit AcceptAdminRole(pendingAdmin);
    }

    /// @dev A forced batch must be sequenced exactly as it was forced (Etrog forced hash); it is consumed once it is.
    function _consumeForcedBatch(BatchData calldata batch, bytes32 transactionsHash, uint64 forceBatchNum) internal {
        bytes32 forcedHash = keccak256(
            abi.encodePacked(transactionsHash, batch.forcedGlobalExitRoot, batch.forcedTimestamp, batch.forcedBlockHashL1)
        );
        if (forcedHash != forcedBatches[forceBatchNum]) revert ForcedDataDoesNotMatch();
        delete forcedBatches[forceBatchNum];
    }
}
