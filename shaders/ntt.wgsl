// Radix-2 NTT over Fr (Montgomery limbs, natural order in and out), the same algorithm as prover-wasm's
// `ntt_with_root`: bit reversal, then log n decimation-in-time stages with twiddles w^(j*stride) from a table
// of w^0..w^(n/2-1). Coset shifts and the 1/n scaling are element-wise products with a table c0*g^i.
// Threads are numbered across a 2D grid (x * 64 per row) so large sizes fit maxComputeWorkgroupsPerDimension.
// Vectors larger than one storage binding live in K chunks of m = n/K elements (separate buffers): the bit
// reversal runs per (source, destination) chunk pair, stages with a span below m run per chunk (twiddles of the
// m-th root), and the log K wider stages pair chunk A with chunk A + span/m (`butterfly_cross`).

struct NttParams {
  n: u32, // elements the butterfly strides refer to (the chunk size m for per-chunk stages)
  log_n: u32,
  half: u32, // butterfly span of this stage
  count: u32, // threads this dispatch covers
  log_m: u32, // bit_reverse: log2 of the chunk size
  src_chunk: u32, // bit_reverse: the chunk `table` holds
  dst_chunk: u32, // bit_reverse: the chunk `data` holds
  pad: u32,
}

@group(0) @binding(0) var<storage, read_write> data: array<u32>;
@group(0) @binding(1) var<storage, read> table: array<u32>;
@group(0) @binding(2) var<uniform> prm: NttParams;
@group(0) @binding(3) var<storage, read_write> data_hi: array<u32>;
@group(0) @binding(4) var<storage, read> konst: array<u32>;

fn thread_index(gid: vec3<u32>, nwg: vec3<u32>) -> u32 { return gid.y * nwg.x * 64u + gid.x; }

fn load_data(i: u32) -> Big {
  var r: Big;
  for (var j = 0u; j < 8u; j++) { r[j] = data[i * 8u + j]; }
  return r;
}

fn store_data(i: u32, v: Big) {
  var x = v;
  for (var j = 0u; j < 8u; j++) { data[i * 8u + j] = x[j]; }
}

fn load_table(i: u32) -> Big {
  var r: Big;
  for (var j = 0u; j < 8u; j++) { r[j] = table[i * 8u + j]; }
  return r;
}

fn load_hi(i: u32) -> Big {
  var r: Big;
  for (var j = 0u; j < 8u; j++) { r[j] = data_hi[i * 8u + j]; }
  return r;
}

fn store_hi(i: u32, v: Big) {
  var x = v;
  for (var j = 0u; j < 8u; j++) { data_hi[i * 8u + j] = x[j]; }
}

fn load_konst() -> Big {
  var r: Big;
  for (var j = 0u; j < 8u; j++) { r[j] = konst[j]; }
  return r;
}

// out[bitrev(i)] = in[i] (out of place: `table` is the input chunk here, `data` the output chunk): of the m
// elements of chunk src_chunk, the m/K whose reversed index lands in chunk dst_chunk, i.e. those whose low log K
// bits are dst_chunk reversed
@compute @workgroup_size(64)
fn bit_reverse(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = thread_index(gid, nwg);
  if (t >= prm.count) { return; }
  let log_k = prm.log_n - prm.log_m;
  var low = 0u;
  if (log_k > 0u) { low = reverseBits(prm.dst_chunk) >> (32u - log_k); }
  let j = (t << log_k) | low;
  let r = reverseBits((prm.src_chunk << prm.log_m) | j) >> (32u - prm.log_n);
  store_data(r - (prm.dst_chunk << prm.log_m), load_table(j));
}

// a stage of span >= m: butterflies between data (the lower chunk) and data_hi at the same offsets, twiddle
// w^(j0 + r) = konst * table[r] with konst = w^j0 for the lower chunk's first j0 and table[r] = w^r
@compute @workgroup_size(64)
fn butterfly_cross(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = thread_index(gid, nwg);
  if (r >= prm.count) { return; }
  let u = load_data(r);
  let v = fr_mul(load_hi(r), fr_mul(load_konst(), load_table(r)));
  store_data(r, fr_add(u, v));
  store_hi(r, fr_sub(u, v));
}

@compute @workgroup_size(64)
fn butterfly(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = thread_index(gid, nwg);
  if (t >= prm.count) { return; }
  let half = prm.half;
  let j = t & (half - 1u);
  let i0 = (t - j) * 2u + j;
  let i1 = i0 + half;
  let u = load_data(i0);
  var v = load_data(i1);
  if (j != 0u) {
    let stride = prm.n / (2u * half);
    v = fr_mul(v, load_table(j * stride));
  }
  store_data(i0, fr_add(u, v));
  store_data(i1, fr_sub(u, v));
}

@compute @workgroup_size(64)
fn mul_table(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = thread_index(gid, nwg);
  if (i >= prm.count) { return; }
  store_data(i, fr_mul(load_data(i), load_table(i)));
}

// data[i] *= table[0]
@compute @workgroup_size(64)
fn mul_const(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = thread_index(gid, nwg);
  if (i >= prm.count) { return; }
  store_data(i, fr_mul(load_data(i), load_table(0u)));
}

// data[i] = c0 * g^i with (c0, g) = table[0], table[1]
@compute @workgroup_size(64)
fn powers(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = thread_index(gid, nwg);
  if (i >= prm.count) { return; }
  var r = load_table(0u);
  var base = load_table(1u);
  var e = i;
  while (e != 0u) {
    if ((e & 1u) == 1u) { r = fr_mul(r, base); }
    e = e >> 1u;
    if (e != 0u) { base = fr_mul(base, base); }
  }
  store_data(i, r);
}
