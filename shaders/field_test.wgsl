// Batch field operations for checking field.wgsl against the CPU reference: out[i] = a[i] op b[i].
// params: x = element count, y = op (0 add, 1 sub, 2 mul), z = field (0 Fr, 1 Fq).

@group(0) @binding(0) var<storage, read> a_in: array<u32>;
@group(0) @binding(1) var<storage, read> b_in: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<u32>;
@group(0) @binding(3) var<uniform> params: vec4<u32>;

fn load_a(i: u32) -> Big {
  var r: Big;
  for (var j = 0u; j < 8u; j++) { r[j] = a_in[i * 8u + j]; }
  return r;
}

fn load_b(i: u32) -> Big {
  var r: Big;
  for (var j = 0u; j < 8u; j++) { r[j] = b_in[i * 8u + j]; }
  return r;
}

@compute @workgroup_size(64)
fn field_op(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.y * nwg.x * 64u + gid.x;
  if (i >= params.x) { return; }
  let a = load_a(i);
  let b = load_b(i);
  var r: Big;
  if (params.z == 1u) {
    switch params.y {
      case 0u: { r = fq_add(a, b); }
      case 1u: { r = fq_sub(a, b); }
      default: { r = fq_mul(a, b); }
    }
  } else {
    switch params.y {
      case 0u: { r = fr_add(a, b); }
      case 1u: { r = fr_sub(a, b); }
      default: { r = fr_mul(a, b); }
    }
  }
  for (var j = 0u; j < 8u; j++) { out[i * 8u + j] = r[j]; }
}
