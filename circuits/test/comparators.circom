pragma circom 2.0.0;
// Test circuit: range checks and comparisons over many pairs (LessThan/GreaterEqThan/IsEqual), public inputs and outputs.
include "circomlib/circuits/comparators.circom";

template Comparisons(n) {
    signal input a[n];
    signal input b[n];
    signal input bound;
    signal output lt[n];
    signal output eq[n];
    component lessThan[n];
    component isEqual[n];
    component inRange[n];
    for (var i = 0; i < n; i++) {
        lessThan[i] = LessThan(64);
        lessThan[i].in[0] <== a[i];
        lessThan[i].in[1] <== b[i];
        lt[i] <== lessThan[i].out;
        isEqual[i] = IsEqual();
        isEqual[i].in[0] <== a[i];
        isEqual[i].in[1] <== b[i];
        eq[i] <== isEqual[i].out;
        inRange[i] = LessEqThan(64);
        inRange[i].in[0] <== a[i];
        inRange[i].in[1] <== bound;
        inRange[i].out === 1;
    }
}
