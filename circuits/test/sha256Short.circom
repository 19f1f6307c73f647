pragma circom 2.0.0;
// Test circuit: sha256 of a 64-bit message (one block, about 30k constraints) with the digest as public output.
include "circomlib/circuits/sha256/sha256.circom";

template Sha256Short(nBits) {
    signal input in[nBits];
    signal output out[256];
    component h = Sha256(nBits);
    for (var i = 0; i < nBits; i++) h.in[i] <== in[i];
    for (var i = 0; i < 256; i++) out[i] <== h.out[i];
}
