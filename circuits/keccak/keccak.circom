pragma circom 2.0.0;
// keccak-256 (Ethereum's: pad10*1 with the 0x01 domain byte) as a sponge of keccak-f[1600] over 136-byte blocks.
// Bits are in keccak's order: bit j (least significant first) of byte k is bit 8*k+j, for input and digest alike.
include "keccakf.circom";

// Absorbs nBlocks padded blocks (bits as expressions are allowed: `block` may be constant where padding is fixed)
// and returns the 1600-bit state after each block.
template KeccakSponge(nBlocks) {
    signal input block[nBlocks][1088];
    signal output states[nBlocks][256];
    component f[nBlocks];
    for (var j = 0; j < nBlocks; j++) {
        f[j] = KeccakF();
        for (var i = 0; i < 1600; i++) {
            if (j == 0) {
                f[j].in[i] <== i < 1088 ? block[j][i] : 0;
            } else if (i < 1088) {
                f[j].in[i] <== f[j - 1].out[i] + block[j][i] - 2 * f[j - 1].out[i] * block[j][i];
            } else {
                f[j].in[i] <== f[j - 1].out[i];
            }
        }
        for (var i = 0; i < 256; i++) states[j][i] <== f[j].out[i];
    }
}

// keccak-256 of exactly nBytes bytes given as bits.
template KeccakFixed(nBytes) {
    var nBlocks = nBytes \ 136 + 1;
    signal input in[nBytes * 8];
    signal output out[256];
    component sponge = KeccakSponge(nBlocks);
    for (var i = 0; i < nBlocks * 1088; i++) {
        var v;
        if (i < nBytes * 8) {
            v = in[i];
        } else {
            v = (i == nBytes * 8 ? 1 : 0) + (i == nBlocks * 1088 - 1 ? 1 : 0);
        }
        sponge.block[i \ 1088][i % 1088] <== v;
    }
    for (var i = 0; i < 256; i++) out[i] <== sponge.states[nBlocks - 1][i];
}

// keccak-256 of the first `len` bytes of in (len <= 136*maxBlocks - 1, the rest zero), padded in-circuit.
// Per byte: 8 bit checks, its equality with the bits, "zero from len on", and the two checks of the length mask.
template KeccakVar(maxBlocks) {
    var n = maxBlocks * 136;
    signal input in[n];
    signal input len;
    signal output out[256];

    // below[i] = (i < len): boolean, non-increasing, summing to len; the last byte is always padding.
    signal below[n];
    signal bits[n][8];
    var total = 0;
    for (var i = 0; i < n; i++) {
        below[i] <-- i < len ? 1 : 0;
        below[i] * (below[i] - 1) === 0;
        if (i > 0) below[i] * (1 - below[i - 1]) === 0;
        total += below[i];
        in[i] * (1 - below[i]) === 0;
        var sum = 0;
        for (var b = 0; b < 8; b++) {
            bits[i][b] <-- (in[i] >> b) & 1;
            bits[i][b] * (bits[i][b] - 1) === 0;
            sum += bits[i][b] * (1 << b);
        }
        sum === in[i];
    }
    total === len;
    below[n - 1] === 0;

    // The 0x01 padding byte lands at i == len (i >= len makes in[i] zero there); the 0x80 on the last byte of the
    // block that holds position len. Both are linear in below[].
    component sponge = KeccakSponge(maxBlocks);
    for (var i = 0; i < n; i++) {
        var before = i == 0 ? 1 : below[i - 1];
        for (var b = 0; b < 8; b++) {
            var v = bits[i][b];
            if (b == 0) v += before - below[i];
            if (b == 7 && i % 136 == 135) {
                var blockStart = i - 135;
                v += (blockStart == 0 ? 1 : below[blockStart - 1]) - below[i];
            }
            sponge.block[i \ 136][8 * (i % 136) + b] <== v;
        }
    }
    // The digest is the state after the last block that holds data or padding.
    signal pick[maxBlocks][256];
    for (var k = 0; k < 256; k++) {
        var acc = 0;
        for (var j = 0; j < maxBlocks; j++) {
            var blockStart = 136 * j;
            var last = (blockStart == 0 ? 1 : below[blockStart - 1]) - below[blockStart + 135];
            pick[j][k] <== last * sponge.states[j][k];
            acc += pick[j][k];
        }
        out[k] <== acc;
    }
}
