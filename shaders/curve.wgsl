// BN254 G1 (y^2 = x^3 + 3 over Fq) in Jacobian coordinates, Montgomery Fq limbs from field.wgsl.
// Infinity is Z = 0. Additions handle P = Q (doubling) and P = -Q (infinity), so repeated and negated inputs are exact.

struct Jac { x: Big, y: Big, z: Big }

fn jac_inf() -> Jac { return Jac(FQ_ONE, FQ_ONE, Big()); }

fn jac_is_inf(p: Jac) -> bool { return big_is_zero(p.z); }

// dbl-2009-l (a = 0)
fn jac_double(p: Jac) -> Jac {
  if (jac_is_inf(p)) { return p; }
  let a = fq_sqr(p.x);
  let b = fq_sqr(p.y);
  let c = fq_sqr(b);
  let xb = fq_add(p.x, b);
  let d = fq_dbl(fq_sub(fq_sub(fq_sqr(xb), a), c));
  let e = fq_add(fq_dbl(a), a);
  let f = fq_sqr(e);
  let x3 = fq_sub(f, fq_dbl(d));
  let c8 = fq_dbl(fq_dbl(fq_dbl(c)));
  let y3 = fq_sub(fq_mul(e, fq_sub(d, x3)), c8);
  let z3 = fq_dbl(fq_mul(p.y, p.z));
  return Jac(x3, y3, z3);
}

// add-2007-bl
fn jac_add(p: Jac, q: Jac) -> Jac {
  if (jac_is_inf(p)) { return q; }
  if (jac_is_inf(q)) { return p; }
  let z1z1 = fq_sqr(p.z);
  let z2z2 = fq_sqr(q.z);
  let u1 = fq_mul(p.x, z2z2);
  let u2 = fq_mul(q.x, z1z1);
  let s1 = fq_mul(fq_mul(p.y, q.z), z2z2);
  let s2 = fq_mul(fq_mul(q.y, p.z), z1z1);
  let h = fq_sub(u2, u1);
  let rr = fq_sub(s2, s1);
  if (big_is_zero(h)) {
    if (big_is_zero(rr)) { return jac_double(p); }
    return jac_inf();
  }
  let i = fq_sqr(fq_dbl(h));
  let j = fq_mul(h, i);
  let r = fq_dbl(rr);
  let v = fq_mul(u1, i);
  let x3 = fq_sub(fq_sub(fq_sqr(r), j), fq_dbl(v));
  let y3 = fq_sub(fq_mul(r, fq_sub(v, x3)), fq_dbl(fq_mul(s1, j)));
  let zz = fq_add(p.z, q.z);
  let z3 = fq_mul(fq_sub(fq_sub(fq_sqr(zz), z1z1), z2z2), h);
  return Jac(x3, y3, z3);
}

// madd-2007-bl: p + (x2, y2) with (x2, y2) an affine point (not infinity)
fn jac_add_affine(p: Jac, x2: Big, y2: Big) -> Jac {
  if (jac_is_inf(p)) { return Jac(x2, y2, FQ_ONE); }
  let z1z1 = fq_sqr(p.z);
  let u2 = fq_mul(x2, z1z1);
  let s2 = fq_mul(fq_mul(y2, p.z), z1z1);
  let h = fq_sub(u2, p.x);
  let rr = fq_sub(s2, p.y);
  if (big_is_zero(h)) {
    if (big_is_zero(rr)) { return jac_double(p); }
    return jac_inf();
  }
  let hh = fq_sqr(h);
  let i = fq_dbl(fq_dbl(hh));
  let j = fq_mul(h, i);
  let r = fq_dbl(rr);
  let v = fq_mul(p.x, i);
  let x3 = fq_sub(fq_sub(fq_sqr(r), j), fq_dbl(v));
  let y3 = fq_sub(fq_mul(r, fq_sub(v, x3)), fq_dbl(fq_mul(p.y, j)));
  let zh = fq_add(p.z, h);
  let z3 = fq_sub(fq_sub(fq_sqr(zh), z1z1), hh);
  return Jac(x3, y3, z3);
}

// k*p for k < 2^bits (window-local bucket offsets)
fn jac_mul_small(p: Jac, k: u32, bits: u32) -> Jac {
  var r = jac_inf();
  for (var b = i32(bits) - 1i; b >= 0i; b--) {
    r = jac_double(r);
    if (((k >> u32(b)) & 1u) == 1u) { r = jac_add(r, p); }
  }
  return r;
}
