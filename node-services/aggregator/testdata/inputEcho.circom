pragma circom 2.0.0;
// Aggregator tests only: a circuit whose one public input is the snark input the rollup computes, so the whole
// aggregator pipeline (jobs, provers, L1 submission, verification) runs with real Groth16 proofs before and apart
// from the batch circuit. It proves nothing about the batches. About `rounds` constraints.
template InputEcho(rounds) {
    signal input inputSnark;
    signal sq[rounds + 1];
    sq[0] <== inputSnark;
    for (var i = 0; i < rounds; i++) {
        sq[i + 1] <== sq[i] * sq[i];
    }
}
component main {public [inputSnark]} = InputEcho(2000);
