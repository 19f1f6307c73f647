pragma circom 2.0.0;
// Test circuit: a chain of Poseidon(2) hashes; about 240 constraints per link, so `links` sets the size.
include "circomlib/circuits/poseidon.circom";

template PoseidonChain(links) {
    signal input seed;
    signal input salt;
    signal output out;
    component h[links];
    signal acc[links + 1];
    acc[0] <== seed;
    for (var i = 0; i < links; i++) {
        h[i] = Poseidon(2);
        h[i].inputs[0] <== acc[i];
        h[i].inputs[1] <== salt;
        acc[i + 1] <== h[i].out;
    }
    out <== acc[links];
}
