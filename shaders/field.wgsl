// BN254 Fr and Fq in Montgomery form with R = 2^256: 8 little-endian u32 limbs, exactly the bytes snarkjs and
// prover-wasm store, so buffers upload unchanged. 32x32-bit products are split into 16-bit halves (WGSL has no
// u64 and no mul-high); Montgomery multiplication is CIOS. Every result is fully reduced (< modulus), so GPU
// output is bit-identical to the CPU reference. 20 x 13-bit limbs (field13.wgsl) measured slower on the adapters
// run so far (node-services/prover/README.md, "Limb size").

alias Big = array<u32, 8>;

const FR_P = Big(0xf0000001u, 0x43e1f593u, 0x79b97091u, 0x2833e848u, 0x8181585du, 0xb85045b6u, 0xe131a029u, 0x30644e72u);
const FR_INV = 0xefffffffu; // -p^-1 mod 2^32
const FR_ONE = Big(0x4ffffffbu, 0xac96341cu, 0x9f60cd29u, 0x36fc7695u, 0x7879462eu, 0x666ea36fu, 0x9a07df2fu, 0x0e0a77c1u);
const FQ_P = Big(0xd87cfd47u, 0x3c208c16u, 0x6871ca8du, 0x97816a91u, 0x8181585du, 0xb85045b6u, 0xe131a029u, 0x30644e72u);
const FQ_INV = 0xe4866389u;
const FQ_ONE = Big(0xc58f0d9du, 0xd35d438du, 0xf5c70b3du, 0x0a78eb28u, 0x7879462cu, 0x666ea36fu, 0x9a07df2fu, 0x0e0a77c1u);
// q - 2, the Fermat exponent for inversion in Fq
const FQ_P_MINUS_2 = Big(0xd87cfd45u, 0x3c208c16u, 0x6871ca8du, 0x97816a91u, 0x8181585du, 0xb85045b6u, 0xe131a029u, 0x30644e72u);

// a*b as (low word, high word)
fn mul_wide(a: u32, b: u32) -> vec2<u32> {
  let a0 = a & 0xffffu;
  let a1 = a >> 16u;
  let b0 = b & 0xffffu;
  let b1 = b >> 16u;
  let ll = a0 * b0;
  let lh = a0 * b1;
  let hl = a1 * b0;
  let hh = a1 * b1;
  let mid = lh + hl;
  let mid_carry = select(0u, 0x10000u, mid < lh);
  let lo = ll + (mid << 16u);
  let c = select(0u, 1u, lo < ll);
  return vec2<u32>(lo, hh + (mid >> 16u) + mid_carry + c);
}

// t + a*b + c as (low, high); cannot overflow 64 bits
fn mac(t: u32, a: u32, b: u32, c: u32) -> vec2<u32> {
  let p = mul_wide(a, b);
  let s1 = p.x + t;
  let c1 = select(0u, 1u, s1 < t);
  let s2 = s1 + c;
  let c2 = select(0u, 1u, s2 < s1);
  return vec2<u32>(s2, p.y + c1 + c2);
}

fn big_is_zero(a: Big) -> bool {
  var x = a;
  var acc = 0u;
  for (var i = 0u; i < 8u; i++) { acc |= x[i]; }
  return acc == 0u;
}

fn big_eq(a: Big, b: Big) -> bool {
  var x = a;
  var y = b;
  var acc = 0u;
  for (var i = 0u; i < 8u; i++) { acc |= x[i] ^ y[i]; }
  return acc == 0u;
}

// a >= b
fn big_gte(a: Big, b: Big) -> bool {
  var x = a;
  var y = b;
  for (var i = 7i; i >= 0i; i--) {
    if (x[i] != y[i]) { return x[i] > y[i]; }
  }
  return true;
}

// a - b mod 2^256 (callers ensure a >= b or want the wrap)
fn big_sub(a: Big, b: Big) -> Big {
  var x = a;
  var y = b;
  var r: Big;
  var borrow = 0u;
  for (var i = 0u; i < 8u; i++) {
    let d = x[i] - y[i];
    let b1 = select(0u, 1u, x[i] < y[i]);
    r[i] = d - borrow;
    borrow = b1 | select(0u, 1u, d < borrow);
  }
  return r;
}

fn mod_add(a: Big, b: Big, p: Big) -> Big {
  var x = a;
  var y = b;
  var r: Big;
  var carry = 0u;
  for (var i = 0u; i < 8u; i++) {
    let s = x[i] + y[i];
    let c1 = select(0u, 1u, s < x[i]);
    r[i] = s + carry;
    carry = c1 | select(0u, 1u, r[i] < s);
  }
  // a + b < 2p < 2^255: no carry out of the top limb
  if (big_gte(r, p)) { r = big_sub(r, p); }
  return r;
}

fn mod_sub(a: Big, b: Big, p: Big) -> Big {
  var r = big_sub(a, b);
  if (!big_gte(a, b)) {
    var m = p;
    var carry = 0u;
    for (var i = 0u; i < 8u; i++) {
      let s = r[i] + m[i];
      let c1 = select(0u, 1u, s < r[i]);
      r[i] = s + carry;
      carry = c1 | select(0u, 1u, r[i] < s);
    }
  }
  return r;
}

// a*b*2^-256 mod p (CIOS); inputs < p, output < p
fn mont_mul(a: Big, b: Big, p: Big, inv: u32) -> Big {
  var x = a;
  var y = b;
  var m = p;
  var t: array<u32, 10>;
  for (var i = 0u; i < 8u; i++) {
    var c = 0u;
    for (var j = 0u; j < 8u; j++) {
      let r = mac(t[j], x[j], y[i], c);
      t[j] = r.x;
      c = r.y;
    }
    let s = t[8] + c;
    t[9] = select(0u, 1u, s < c);
    t[8] = s;
    let q = t[0] * inv;
    let r0 = mac(t[0], q, m[0], 0u);
    c = r0.y;
    for (var j = 1u; j < 8u; j++) {
      let r = mac(t[j], q, m[j], c);
      t[j - 1u] = r.x;
      c = r.y;
    }
    let s2 = t[8] + c;
    t[7] = s2;
    t[8] = t[9] + select(0u, 1u, s2 < c);
  }
  var out: Big;
  for (var j = 0u; j < 8u; j++) { out[j] = t[j]; }
  // p < 2^254 keeps the CIOS result below 2p < 2^256, so t[8] is 0 and one subtraction suffices
  if (big_gte(out, m)) { out = big_sub(out, m); }
  return out;
}

fn fr_add(a: Big, b: Big) -> Big { return mod_add(a, b, FR_P); }
fn fr_sub(a: Big, b: Big) -> Big { return mod_sub(a, b, FR_P); }
fn fr_mul(a: Big, b: Big) -> Big { return mont_mul(a, b, FR_P, FR_INV); }

fn fq_add(a: Big, b: Big) -> Big { return mod_add(a, b, FQ_P); }
fn fq_sub(a: Big, b: Big) -> Big { return mod_sub(a, b, FQ_P); }
fn fq_mul(a: Big, b: Big) -> Big { return mont_mul(a, b, FQ_P, FQ_INV); }
fn fq_sqr(a: Big) -> Big { return mont_mul(a, a, FQ_P, FQ_INV); }
fn fq_dbl(a: Big) -> Big { return mod_add(a, a, FQ_P); }

// a^-1 = a^(q-2) (0 maps to 0); only used once per MSM for the affine result
fn fq_inv(a: Big) -> Big {
  var e = FQ_P_MINUS_2;
  var r = FQ_ONE;
  for (var i = 7i; i >= 0i; i--) {
    for (var b = 31i; b >= 0i; b--) {
      r = fq_sqr(r);
      if (((e[i] >> u32(b)) & 1u) == 1u) { r = fq_mul(r, a); }
    }
  }
  return r;
}
