pragma circom 2.0.0;
// Test circuit: the smallest useful circuit, c = a * b with a public, for format and error tests.
template Multiplier() {
    signal input a;
    signal input b;
    signal output c;
    c <== a * b;
}
component main {public [a]} = Multiplier();
