pragma circom 2.0.0;
// The P1 batch proof (DESIGN.md "What a proof attests"): from private inputs it recomputes the Etrog accInputHash
// chain over each batch's raw batchL2Data and outputs inputSnark = sha256(212 snark bytes) mod r, the one public
// input of the L1 verifier (spec/formats.md §2.2, §2.3). It proves nothing about execution: the state roots and the
// local exit root are only bound to the sequenced data.
include "keccak/keccak.circom";
include "circomlib/circuits/sha256/sha256.circom";

// Bytes (checked to be bytes) and their bits, least significant first within each byte.
template BytesToBits(n) {
    signal input in[n];
    signal output bits[n * 8];
    for (var i = 0; i < n; i++) {
        var sum = 0;
        for (var b = 0; b < 8; b++) {
            bits[8 * i + b] <-- (in[i] >> b) & 1;
            bits[8 * i + b] * (bits[8 * i + b] - 1) === 0;
            sum += bits[8 * i + b] * (1 << b);
        }
        sum === in[i];
    }
}

// maxBatches batches of at most 136*maxBlocksPerBatch - 1 bytes each; the first nBatches are used (1..maxBatches).
// Byte arrays are big-endian as in abi.encodePacked; unused batches and bytes after a batch's length are zero.
template BatchProof(maxBatches, maxBlocksPerBatch) {
    var dataBytes = maxBlocksPerBatch * 136;
    signal input aggregator[20];
    signal input oldStateRoot[32];
    signal input oldAccInputHash[32];
    signal input initNumBatch[8];
    signal input chainId[8];
    signal input forkId[8];
    signal input newStateRoot[32];
    signal input newLocalExitRoot[32];
    signal input finalNumBatch[8];
    signal input nBatches;
    signal input batchL2Data[maxBatches][dataBytes];
    signal input batchL2DataLen[maxBatches];
    signal input l1InfoRoot[maxBatches][32];
    signal input timestampLimit[maxBatches][8];
    signal input sequencer[maxBatches][20];
    signal input forcedBlockHashL1[maxBatches][32];
    signal output inputSnark;

    // active[i] = (i < nBatches): boolean, non-increasing, summing to nBatches, and batch 0 always active.
    signal active[maxBatches];
    var count = 0;
    for (var i = 0; i < maxBatches; i++) {
        active[i] <-- i < nBatches ? 1 : 0;
        active[i] * (active[i] - 1) === 0;
        if (i > 0) active[i] * (1 - active[i - 1]) === 0;
        count += active[i];
    }
    count === nBatches;
    active[0] === 1;

    // finalNumBatch = initNumBatch + nBatches: one accInputHash step per batch.
    var initNum = 0;
    var finalNum = 0;
    for (var k = 0; k < 8; k++) {
        initNum = initNum * 256 + initNumBatch[k];
        finalNum = finalNum * 256 + finalNumBatch[k];
    }
    component finalBits = BytesToBits(8);
    component initBits = BytesToBits(8);
    finalBits.in <== finalNumBatch;
    initBits.in <== initNumBatch;
    finalNum === initNum + nBatches;

    // accInputHash chain: acc[i+1] = keccak(acc[i] ‖ keccak(batchL2Data) ‖ l1InfoRoot ‖ timestampLimit ‖ sequencer ‖ forcedBlockHashL1).
    component oldAcc = BytesToBits(32);
    oldAcc.in <== oldAccInputHash;
    component dataHash[maxBatches];
    component step[maxBatches];
    component fields[maxBatches];
    for (var i = 0; i < maxBatches; i++) {
        dataHash[i] = KeccakVar(maxBlocksPerBatch);
        dataHash[i].in <== batchL2Data[i];
        dataHash[i].len <== batchL2DataLen[i];
        fields[i] = BytesToBits(92);
        for (var k = 0; k < 32; k++) fields[i].in[k] <== l1InfoRoot[i][k];
        for (var k = 0; k < 8; k++) fields[i].in[32 + k] <== timestampLimit[i][k];
        for (var k = 0; k < 20; k++) fields[i].in[40 + k] <== sequencer[i][k];
        for (var k = 0; k < 32; k++) fields[i].in[60 + k] <== forcedBlockHashL1[i][k];
        step[i] = KeccakFixed(156);
        for (var b = 0; b < 256; b++) {
            if (i == 0) {
                step[i].in[b] <== oldAcc.bits[b];
            } else {
                step[i].in[b] <== step[i - 1].out[b];
            }
            step[i].in[256 + b] <== dataHash[i].out[b];
        }
        for (var b = 0; b < 92 * 8; b++) step[i].in[512 + b] <== fields[i].bits[b];
    }
    // The new accInputHash is the value after the last active batch.
    signal pick[maxBatches][256];
    var newAcc[256];
    for (var b = 0; b < 256; b++) {
        var acc = 0;
        for (var i = 0; i < maxBatches; i++) {
            var last = active[i] - (i + 1 < maxBatches ? active[i + 1] : 0);
            pick[i][b] <== last * step[i].out[b];
            acc += pick[i][b];
        }
        newAcc[b] = acc;
    }

    // The 212 snark bytes (spec §2.3) in keccak bit order, then as sha256's message (most significant bit first).
    component head = BytesToBits(20 + 32);
    for (var k = 0; k < 20; k++) head.in[k] <== aggregator[k];
    for (var k = 0; k < 32; k++) head.in[20 + k] <== oldStateRoot[k];
    component mid = BytesToBits(8 + 8 + 32);
    for (var k = 0; k < 8; k++) mid.in[k] <== chainId[k];
    for (var k = 0; k < 8; k++) mid.in[8 + k] <== forkId[k];
    for (var k = 0; k < 32; k++) mid.in[16 + k] <== newStateRoot[k];
    component exitRoot = BytesToBits(32);
    exitRoot.in <== newLocalExitRoot;
    var msg[212 * 8];
    for (var b = 0; b < 52 * 8; b++) msg[b] = head.bits[b];
    for (var b = 0; b < 256; b++) msg[52 * 8 + b] = oldAcc.bits[b];
    for (var b = 0; b < 64; b++) msg[84 * 8 + b] = initBits.bits[b];
    for (var b = 0; b < 48 * 8; b++) msg[92 * 8 + b] = mid.bits[b];
    for (var b = 0; b < 256; b++) msg[140 * 8 + b] = newAcc[b];
    for (var b = 0; b < 256; b++) msg[172 * 8 + b] = exitRoot.bits[b];
    for (var b = 0; b < 64; b++) msg[204 * 8 + b] = finalBits.bits[b];
    component sha = Sha256(212 * 8);
    for (var k = 0; k < 212; k++) {
        for (var b = 0; b < 8; b++) sha.in[8 * k + 7 - b] <== msg[8 * k + b];
    }
    // sha256 as a number, reduced mod r by the field itself.
    var snark = 0;
    var e2 = 1;
    for (var b = 255; b >= 0; b--) {
        snark += sha.out[b] * e2;
        e2 = e2 * 2;
    }
    inputSnark <== snark;
}
