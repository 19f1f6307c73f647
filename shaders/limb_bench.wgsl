// Montgomery multiplication throughput per limb representation: each thread computes a[i] * b[i]^iters
// (field.wgsl's 8 x 32-bit fr_mul, or field13.wgsl's 20 x 13-bit fr_mul13), so the result checks the arithmetic
// and the time compares the representations on equal work.
// params: x = element count, y = iters.

@group(0) @binding(0) var<storage, read> a_in: array<u32>;
@group(0) @binding(1) var<storage, read> b_in: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<u32>;
@group(0) @binding(3) var<uniform> params: vec4<u32>;

@compute @workgroup_size(64)
fn chain_32x8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.y * nwg.x * 64u + gid.x;
  if (i >= params.x) { return; }
  var a: Big;
  var b: Big;
  for (var j = 0u; j < 8u; j++) {
    a[j] = a_in[i * 8u + j];
    b[j] = b_in[i * 8u + j];
  }
  for (var k = 0u; k < params.y; k++) { a = fr_mul(a, b); }
  for (var j = 0u; j < 8u; j++) { out[i * 8u + j] = a[j]; }
}

@compute @workgroup_size(64)
fn chain_13x20(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.y * nwg.x * 64u + gid.x;
  if (i >= params.x) { return; }
  var a: Big13;
  var b: Big13;
  for (var j = 0u; j < 20u; j++) {
    a[j] = a_in[i * 20u + j];
    b[j] = b_in[i * 20u + j];
  }
  for (var k = 0u; k < params.y; k++) { a = fr_mul13(a, b); }
  for (var j = 0u; j < 20u; j++) { out[i * 20u + j] = a[j]; }
}
