// BN254 Fr Montgomery multiplication in 20 limbs of 13 bits (R = 2^260): the representation public WebGPU MSM work
// found fastest, kept here to measure against field.wgsl's 8 x 32-bit limbs on the adapter at hand
// (`npm run bench -- gpu`, case "fr mul limbs"). A 13x13-bit product is below 2^26, so one iteration adds less than
// 2^27 to a limb and twenty iterations stay below 2^32: the inner loops carry nothing, at the price of 2.5x as many
// limb products as 8 x 32 bits, whose products each take four 16-bit multiplications (field.wgsl's mul_wide).

alias Big13 = array<u32, 20>;

const M13 = 0x1fffu;
const FR_P13 = Big13(1u, 0u, 1276u, 1003u, 5182u, 6216u, 1765u, 2319u, 5096u, 2369u, 5655u, 770u, 7016u, 2082u, 1761u, 5125u, 305u, 5015u, 6419u, 96u);
const FR_MU13 = 8191u; // -p^-1 mod 2^13

// a*b*2^-260 mod p; inputs < p in normalized limbs (each < 2^13), output likewise
fn fr_mul13(a: Big13, b: Big13) -> Big13 {
  var x = a;
  var y = b;
  var p = FR_P13;
  var t: Big13;
  for (var i = 0u; i < 20u; i++) {
    let xi = x[i];
    for (var j = 0u; j < 20u; j++) { t[j] += xi * y[j]; }
    let m = ((t[0] & M13) * FR_MU13) & M13;
    for (var j = 0u; j < 20u; j++) { t[j] += m * p[j]; }
    // t[0] is now a multiple of 2^13: divide the whole by 2^13, its high bits carried into the next limb
    let carry = t[0] >> 13u;
    for (var j = 0u; j < 19u; j++) { t[j] = t[j + 1u]; }
    t[19] = 0u;
    t[0] += carry;
  }
  var c = 0u;
  for (var j = 0u; j < 20u; j++) {
    let v = t[j] + c;
    t[j] = v & M13;
    c = v >> 13u;
  }
  // below 2p < 2^255: one conditional subtraction
  var ge = true;
  for (var k = 19i; k >= 0i; k--) {
    if (t[k] != p[k]) { ge = t[k] > p[k]; break; }
  }
  if (ge) {
    var borrow = 0u;
    for (var j = 0u; j < 20u; j++) {
      let d = t[j] + 0x2000u - p[j] - borrow;
      t[j] = d & M13;
      borrow = 1u - (d >> 13u);
    }
  }
  return t;
}
