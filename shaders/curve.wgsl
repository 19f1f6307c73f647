// BN254 G1 (y^2 = x^3 + 3 over Fq) in projective coordinates (X:Y:Z), Montgomery Fq limbs from field.wgsl.
// One complete addition formula (Renes-Costello-Batina 2016, Algorithm 7, a = 0) covers P + Q, P + P, P + (-P)
// and the point at infinity (0:1:0) without branches, so kernels need a single addition call site: shader
// compilers inline every call, and one site keeps the compiled kernel small.

struct Proj { x: Big, y: Big, z: Big }

fn proj_inf() -> Proj { return Proj(Big(), FQ_ONE, Big()); }

fn proj_is_inf(p: Proj) -> bool { return big_is_zero(p.z); }

// 3b = 9
fn fq_mul_b3(a: Big) -> Big {
  let a8 = fq_dbl(fq_dbl(fq_dbl(a)));
  return fq_add(a8, a);
}

fn proj_add(p: Proj, q: Proj) -> Proj {
  var t0 = fq_mul(p.x, q.x);
  var t1 = fq_mul(p.y, q.y);
  var t2 = fq_mul(p.z, q.z);
  var t3 = fq_mul(fq_add(p.x, p.y), fq_add(q.x, q.y));
  var t4 = fq_add(t0, t1);
  t3 = fq_sub(t3, t4);
  t4 = fq_mul(fq_add(p.y, p.z), fq_add(q.y, q.z));
  var x3 = fq_add(t1, t2);
  t4 = fq_sub(t4, x3);
  x3 = fq_mul(fq_add(p.x, p.z), fq_add(q.x, q.z));
  var y3 = fq_add(t0, t2);
  y3 = fq_sub(x3, y3);
  x3 = fq_add(t0, t0);
  t0 = fq_add(x3, t0);
  t2 = fq_mul_b3(t2);
  var z3 = fq_add(t1, t2);
  t1 = fq_sub(t1, t2);
  y3 = fq_mul_b3(y3);
  x3 = fq_mul(t4, y3);
  t2 = fq_mul(t3, t1);
  x3 = fq_sub(t2, x3);
  y3 = fq_mul(y3, t0);
  t1 = fq_mul(t1, z3);
  y3 = fq_add(t1, y3);
  t0 = fq_mul(t0, t3);
  z3 = fq_mul(z3, t4);
  z3 = fq_add(z3, t0);
  return Proj(x3, y3, z3);
}

// (x, y) in snarkjs layout, all-zero = infinity
fn proj_from_affine(x: Big, y: Big) -> Proj {
  if (big_is_zero(x) && big_is_zero(y)) { return proj_inf(); }
  return Proj(x, y, FQ_ONE);
}
