// G1 MSM, bucket method (Pippenger) over signed c-bit window digits of the scalars: a window's value plus the
// carry from the window below is a digit d in -2^(c-1)..2^(c-1) (a value above 2^(c-1) becomes value - 2^c and
// carries 1 up), so a window has 2^(c-1) buckets (|d|) and a negative digit adds the negated point. The host picks
// enough windows that the top one never carries out. Passes:
//   histogram   count the points of each (window, |digit|) bucket
//   scan        exclusive prefix sum of the counts (one workgroup), resetting the counts for the scatter
//   scatter     write each (window, digit) entry's point index into its bucket's slot: a counting sort
//   accumulate  each thread sums a fixed-size segment of the sorted entries (balanced whatever the digit skew);
//               buckets inside one segment are final, runs cut by a segment edge go to per-segment partials
//   combine     buckets spanning segments add up their partials
//   reduce      per (window, group of buckets): running sums give sum d*B_d over the group
//   window_sum  per window: add up its groups
//   finalize    one thread: Horner over windows, to affine (snarkjs layout, zeros = infinity)
// Points: 16 u32 (x, y Montgomery Fq), all-zero = infinity. Scalars: 8 u32 little-endian.
// Sorted entries: the point index, with bit 31 set for a negative digit.

struct MsmParams {
  n: u32,
  c: u32, // window bits
  windows: u32,
  buckets: u32, // keys per window: 2^(c-1) + 1 (|digit| 0 is never used)
  seg: u32, // entries per accumulate thread
  groups: u32, // bucket groups per window in reduce
  count: u32, // threads this dispatch covers
  entries_max: u32, // n * windows
}

@group(0) @binding(0) var<storage, read> points: array<u32>;
@group(0) @binding(1) var<storage, read> scalars: array<u32>;
@group(0) @binding(2) var<storage, read_write> counts: array<atomic<u32>>;
@group(0) @binding(3) var<storage, read_write> offsets: array<u32>;
@group(0) @binding(4) var<storage, read_write> entry_point: array<u32>;
@group(0) @binding(5) var<storage, read_write> entry_key: array<u32>;
@group(0) @binding(6) var<storage, read_write> seg_parts: array<u32>;
@group(0) @binding(7) var<storage, read_write> bucket_sums: array<u32>;
@group(0) @binding(8) var<storage, read_write> window_parts: array<u32>;
@group(0) @binding(9) var<storage, read_write> result: array<u32>;
@group(0) @binding(10) var<uniform> prm: MsmParams;

fn thread_index(gid: vec3<u32>, nwg: vec3<u32>) -> u32 { return gid.y * nwg.x * 64u + gid.x; }

fn point_x(i: u32) -> Big {
  var r: Big;
  for (var j = 0u; j < 8u; j++) { r[j] = points[i * 16u + j]; }
  return r;
}

fn point_y(i: u32) -> Big {
  var r: Big;
  for (var j = 0u; j < 8u; j++) { r[j] = points[i * 16u + 8u + j]; }
  return r;
}

fn point_is_inf(i: u32) -> bool {
  var acc = 0u;
  for (var j = 0u; j < 16u; j++) { acc |= points[i * 16u + j]; }
  return acc == 0u;
}

fn digit(i: u32, w: u32) -> u32 {
  let c = prm.c;
  let bit = w * c;
  if (bit >= 256u) { return 0u; }
  let limb = bit / 32u;
  let sh = bit % 32u;
  var v = scalars[i * 8u + limb] >> sh;
  if (sh + c > 32u && limb < 7u) { v |= scalars[i * 8u + limb + 1u] << (32u - sh); }
  return v & ((1u << c) - 1u);
}

struct SignedDigit { mag: u32, neg: u32, carry: u32 }

// window w's digit given the carry out of window w - 1
fn signed_digit(i: u32, w: u32, carry: u32) -> SignedDigit {
  let v = digit(i, w) + carry;
  if (v > (1u << (prm.c - 1u))) { return SignedDigit((1u << prm.c) - v, 1u, 1u); }
  return SignedDigit(v, 0u, 0u);
}

// Projobian points in u32 arrays: 24 words each (x, y, z)
fn load_seg(i: u32) -> Proj {
  var p: Proj;
  for (var j = 0u; j < 8u; j++) {
    p.x[j] = seg_parts[i * 24u + j];
    p.y[j] = seg_parts[i * 24u + 8u + j];
    p.z[j] = seg_parts[i * 24u + 16u + j];
  }
  return p;
}

fn store_seg(i: u32, v: Proj) {
  var p = v;
  for (var j = 0u; j < 8u; j++) {
    seg_parts[i * 24u + j] = p.x[j];
    seg_parts[i * 24u + 8u + j] = p.y[j];
    seg_parts[i * 24u + 16u + j] = p.z[j];
  }
}

fn load_bucket(i: u32) -> Proj {
  var p: Proj;
  for (var j = 0u; j < 8u; j++) {
    p.x[j] = bucket_sums[i * 24u + j];
    p.y[j] = bucket_sums[i * 24u + 8u + j];
    p.z[j] = bucket_sums[i * 24u + 16u + j];
  }
  return p;
}

fn store_bucket(i: u32, v: Proj) {
  var p = v;
  for (var j = 0u; j < 8u; j++) {
    bucket_sums[i * 24u + j] = p.x[j];
    bucket_sums[i * 24u + 8u + j] = p.y[j];
    bucket_sums[i * 24u + 16u + j] = p.z[j];
  }
}

fn load_window_part(i: u32) -> Proj {
  var p: Proj;
  for (var j = 0u; j < 8u; j++) {
    p.x[j] = window_parts[i * 24u + j];
    p.y[j] = window_parts[i * 24u + 8u + j];
    p.z[j] = window_parts[i * 24u + 16u + j];
  }
  return p;
}

fn store_window_part(i: u32, v: Proj) {
  var p = v;
  for (var j = 0u; j < 8u; j++) {
    window_parts[i * 24u + j] = p.x[j];
    window_parts[i * 24u + 8u + j] = p.y[j];
    window_parts[i * 24u + 16u + j] = p.z[j];
  }
}

@compute @workgroup_size(64)
fn histogram(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = thread_index(gid, nwg);
  if (i >= prm.count || point_is_inf(i)) { return; }
  var carry = 0u;
  for (var w = 0u; w < prm.windows; w++) {
    let d = signed_digit(i, w, carry);
    carry = d.carry;
    if (d.mag != 0u) { atomicAdd(&counts[w * prm.buckets + d.mag], 1u); }
  }
}

const SCAN_THREADS = 256u;
var<workgroup> scan_sums: array<u32, 256>;

// offsets[k] = sum of counts[0..k), offsets[total] = number of entries; counts reset to 0
@compute @workgroup_size(256)
fn scan(@builtin(local_invocation_id) lid: vec3<u32>) {
  let t = lid.x;
  let total = prm.windows * prm.buckets;
  let chunk = (total + SCAN_THREADS - 1u) / SCAN_THREADS;
  let lo = min(t * chunk, total);
  let hi = min(lo + chunk, total);
  var s = 0u;
  for (var k = lo; k < hi; k++) { s += atomicLoad(&counts[k]); }
  scan_sums[t] = s;
  workgroupBarrier();
  // Hillis-Steele inclusive scan over the 256 thread sums
  for (var d = 1u; d < SCAN_THREADS; d = d * 2u) {
    var v = 0u;
    if (t >= d) { v = scan_sums[t - d]; }
    workgroupBarrier();
    scan_sums[t] += v;
    workgroupBarrier();
  }
  var run = scan_sums[t] - s;
  for (var k = lo; k < hi; k++) {
    offsets[k] = run;
    run += atomicLoad(&counts[k]);
    atomicStore(&counts[k], 0u);
  }
  if (t == SCAN_THREADS - 1u) { offsets[total] = scan_sums[t]; }
}

@compute @workgroup_size(64)
fn scatter(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = thread_index(gid, nwg);
  if (i >= prm.count || point_is_inf(i)) { return; }
  var carry = 0u;
  for (var w = 0u; w < prm.windows; w++) {
    let d = signed_digit(i, w, carry);
    carry = d.carry;
    if (d.mag != 0u) {
      let key = w * prm.buckets + d.mag;
      let pos = offsets[key] + atomicAdd(&counts[key], 1u);
      entry_point[pos] = i | (d.neg << 31u);
      entry_key[pos] = key;
    }
  }
}

// seg_parts[2s] = the run that holds the segment's first entry, seg_parts[2s+1] = the run that holds its last
// entry when that is another run; only written for buckets that cross a segment edge
@compute @workgroup_size(64)
fn accumulate(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let s = thread_index(gid, nwg);
  let entries = offsets[prm.windows * prm.buckets];
  let start = s * prm.seg;
  if (s >= prm.count || start >= entries) { return; }
  let end = min(start + prm.seg, entries);
  var e = start;
  while (e < end) {
    let key = entry_key[e];
    let run_start = e;
    var acc = proj_inf();
    while (e < end && entry_key[e] == key) {
      let entry = entry_point[e];
      let p = entry & 0x7fffffffu;
      var y = point_y(p);
      if ((entry >> 31u) == 1u) { y = fq_sub(Big(), y); }
      acc = proj_add(acc, proj_from_affine(point_x(p), y));
      e++;
    }
    if (offsets[key] >= start && offsets[key + 1u] <= end) {
      store_bucket(key, acc);
    } else if (run_start == start) {
      store_seg(2u * s, acc);
    } else {
      store_seg(2u * s + 1u, acc);
    }
  }
}

@compute @workgroup_size(64)
fn combine(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let k = thread_index(gid, nwg);
  if (k >= prm.count) { return; }
  let off = offsets[k];
  let cnt = offsets[k + 1u] - off;
  if (cnt == 0u) {
    store_bucket(k, proj_inf());
    return;
  }
  let sa = off / prm.seg;
  let sb = (off + cnt - 1u) / prm.seg;
  if (sa == sb) { return; }
  var acc = load_seg(select(2u * sa + 1u, 2u * sa, off == sa * prm.seg));
  for (var s = sa + 1u; s <= sb; s++) { acc = proj_add(acc, load_seg(2u * s)); }
  store_bucket(k, acc);
}

// window_parts[w * groups + g] = sum over the group's digits d (1..2^(c-1) split in `groups` ranges) of d * B_d,
// as one loop around one addition:
// running sums (run += B_d, acc += run for d from hi down to lo), then acc += (lo - 1) * run by double-and-add
@compute @workgroup_size(64)
fn reduce(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = thread_index(gid, nwg);
  if (t >= prm.count) { return; }
  let w = t / prm.groups;
  let g = t % prm.groups;
  let size = (1u << (prm.c - 1u)) / prm.groups;
  let lo = g * size + 1u;
  let hi = g * size + size;
  let k = lo - 1u;
  let sums = 2u * (hi - lo + 1u);
  let muls = 2u * prm.c;
  var run = proj_inf();
  var acc = proj_inf();
  var m = proj_inf();
  for (var s = 0u; s <= sums + muls; s++) {
    var a = acc;
    var b = m; // last step: acc += m
    var dst = 1u; // 0 run, 1 acc, 2 m
    if (s < sums) {
      if ((s & 1u) == 0u) {
        a = run;
        b = load_bucket(w * prm.buckets + hi - s / 2u);
        dst = 0u;
      } else {
        b = run;
      }
    } else if (s < sums + muls) {
      let j = s - sums;
      let bit = prm.c - 1u - j / 2u;
      a = m;
      b = m;
      dst = 2u;
      if ((j & 1u) == 1u) {
        if (((k >> bit) & 1u) == 0u) { continue; }
        b = run;
      }
    }
    let r = proj_add(a, b);
    if (dst == 0u) { run = r; } else if (dst == 1u) { acc = r; } else { m = r; }
  }
  store_window_part(t, acc);
}

// window_parts[w * groups] = the window's sum over all its groups
@compute @workgroup_size(64)
fn window_sum(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let w = thread_index(gid, nwg);
  if (w >= prm.count) { return; }
  var acc = load_window_part(w * prm.groups);
  for (var g = 1u; g < prm.groups; g++) { acc = proj_add(acc, load_window_part(w * prm.groups + g)); }
  store_window_part(w * prm.groups, acc);
}

// Horner over the windows (c doublings, then the window's sum), then to affine
@compute @workgroup_size(1)
fn finalize() {
  var r = proj_inf();
  let per = prm.c + 1u;
  for (var s = 0u; s < prm.windows * per; s++) {
    let w = prm.windows - 1u - s / per;
    var b = r;
    if (s % per == prm.c) { b = load_window_part(w * prm.groups); }
    r = proj_add(r, b);
  }
  var x = Big();
  var y = Big();
  if (!proj_is_inf(r)) {
    let zi = fq_inv(r.z);
    x = fq_mul(r.x, zi);
    y = fq_mul(r.y, zi);
  }
  for (var j = 0u; j < 8u; j++) {
    result[j] = x[j];
    result[8u + j] = y[j];
  }
}
