pragma circom 2.0.0;
// keccak-f[1600] over bits. State bit 64*(x+5*y)+z is bit z of lane (x, y), which is bit z%8 of byte 8*(x+5*y)+z/8
// of the sponge's state in keccak's little-endian lane order.
//
// Cost: 6080 constraints per round, 145,920 per permutation. Linear steps stay linear expressions (circom vars), so
// the default --O1 keeps no linear constraints inside:
// - theta: each column parity C[x][z] (5 bits) is its sum minus twice its two high bits: 3 constraints;
//   D = C[x-1][z] xor C[x+1][z-1]: 1; the state bit xor D: 1 (320*3 + 320 + 1600 = 2880 per round);
// - rho and pi move bits (free); chi: t = (1 - b) * c, a xor t: 2 constraints per bit (3200);
// - iota flips constant bits (free).

function keccakRoundConstant(r) {
    var rc[24] = [
        0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
        0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
        0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
        0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
        0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
        0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008
    ];
    return rc[r];
}

// The rho rotation of lane (x, y).
function keccakRho(x, y) {
    var r[5][5] = [
        [0, 36, 3, 41, 18],
        [1, 44, 10, 45, 2],
        [62, 6, 43, 15, 61],
        [28, 55, 25, 21, 56],
        [27, 20, 39, 8, 14]
    ];
    return r[x][y];
}

template KeccakF() {
    signal input in[1600];
    signal output out[1600];

    // Column parity: sum - 2*hi1 - 4*hi2 with hi1, hi2 the sum's bits 1 and 2.
    signal hi1[24][320];
    signal hi2[24][320];
    signal d[24][320];
    signal th[24][1600];
    signal t[24][1600];
    signal ch[24][1600];

    var st[1600];
    for (var i = 0; i < 1600; i++) st[i] = in[i];

    for (var r = 0; r < 24; r++) {
        // theta
        var c[320];
        for (var x = 0; x < 5; x++) {
            for (var z = 0; z < 64; z++) {
                var s = 0;
                for (var y = 0; y < 5; y++) s += st[64 * (x + 5 * y) + z];
                var k = 64 * x + z;
                hi1[r][k] <-- (s >> 1) & 1;
                hi2[r][k] <-- (s >> 2) & 1;
                hi1[r][k] * (hi1[r][k] - 1) === 0;
                hi2[r][k] * (hi2[r][k] - 1) === 0;
                c[k] = s - 2 * hi1[r][k] - 4 * hi2[r][k];
                c[k] * (c[k] - 1) === 0;
            }
        }
        for (var x = 0; x < 5; x++) {
            for (var z = 0; z < 64; z++) {
                var a = c[64 * ((x + 4) % 5) + z];
                var b = c[64 * ((x + 1) % 5) + (z + 63) % 64];
                d[r][64 * x + z] <== a + b - 2 * a * b;
            }
        }
        for (var i = 0; i < 1600; i++) {
            var dx = d[r][64 * ((i \ 64) % 5) + i % 64];
            th[r][i] <== st[i] + dx - 2 * st[i] * dx;
        }
        // rho and pi: lane (x, y) rotated by rho(x, y) goes to lane (y, 2x + 3y).
        var bb[1600];
        for (var x = 0; x < 5; x++) {
            for (var y = 0; y < 5; y++) {
                var rot = keccakRho(x, y);
                var to = 64 * (y + 5 * ((2 * x + 3 * y) % 5));
                for (var z = 0; z < 64; z++) bb[to + (z + rot) % 64] = th[r][64 * (x + 5 * y) + z];
            }
        }
        // chi: a xor (not b and c), then iota on lane (0, 0).
        var rc = keccakRoundConstant(r);
        for (var x = 0; x < 5; x++) {
            for (var y = 0; y < 5; y++) {
                for (var z = 0; z < 64; z++) {
                    var i = 64 * (x + 5 * y) + z;
                    var a = bb[i];
                    var b = bb[64 * ((x + 1) % 5 + 5 * y) + z];
                    var cc = bb[64 * ((x + 2) % 5 + 5 * y) + z];
                    t[r][i] <== (1 - b) * cc;
                    ch[r][i] <== a + t[r][i] - 2 * a * t[r][i];
                    if (i < 64 && ((rc >> z) & 1) == 1) {
                        st[i] = 1 - ch[r][i];
                    } else {
                        st[i] = ch[r][i];
                    }
                }
            }
        }
    }
    for (var i = 0; i < 1600; i++) out[i] <== st[i];
}
