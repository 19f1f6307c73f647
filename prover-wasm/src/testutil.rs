//! Test-only helpers: a seeded RNG and schoolbook big-integer arithmetic that shares no code with the field.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }
    pub fn next_u64(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn limbs(&mut self) -> [u32; 8] {
        let mut l = [0u32; 8];
        for x in l.iter_mut() {
            *x = self.next_u64() as u32;
        }
        l
    }
    pub fn fr(&mut self) -> crate::field::Fr {
        crate::field::Fr::from_limbs_reduced(self.limbs())
    }
    pub fn fq(&mut self) -> crate::field::Fq {
        crate::field::Fq::from_limbs_reduced(self.limbs())
    }
}

/// Little-endian u32 digits, schoolbook.
#[derive(Clone, Debug, PartialEq)]
pub struct Big(pub Vec<u32>);

impl Big {
    pub fn from_limbs(l: &[u32]) -> Big {
        let mut b = Big(l.to_vec());
        b.trim();
        b
    }
    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }
    pub fn mul(&self, o: &Big) -> Big {
        let mut r = vec![0u32; self.0.len() + o.0.len() + 1];
        for (i, a) in self.0.iter().enumerate() {
            let mut carry = 0u64;
            for (j, b) in o.0.iter().enumerate() {
                let v = r[i + j] as u64 + (*a as u64) * (*b as u64) + carry;
                r[i + j] = v as u32;
                carry = v >> 32;
            }
            let mut k = i + o.0.len();
            while carry > 0 {
                let v = r[k] as u64 + carry;
                r[k] = v as u32;
                carry = v >> 32;
                k += 1;
            }
        }
        Big::from_limbs(&r)
    }
    pub fn bits(&self) -> usize {
        match self.0.last() {
            None => 0,
            Some(top) => 32 * self.0.len() - top.leading_zeros() as usize,
        }
    }
    pub fn bit(&self, i: usize) -> bool {
        self.0.get(i / 32).map_or(false, |l| (l >> (i % 32)) & 1 == 1)
    }
    fn geq(&self, o: &Big) -> bool {
        if self.0.len() != o.0.len() {
            return self.0.len() > o.0.len();
        }
        for i in (0..self.0.len()).rev() {
            if self.0[i] != o.0[i] {
                return self.0[i] > o.0[i];
            }
        }
        true
    }
    fn sub_assign(&mut self, o: &Big) {
        let mut borrow = 0i64;
        for i in 0..self.0.len() {
            let v = self.0[i] as i64 - *o.0.get(i).unwrap_or(&0) as i64 - borrow;
            borrow = if v < 0 { 1 } else { 0 };
            self.0[i] = (v + (borrow << 32)) as u32;
        }
        self.trim();
    }
    /// self mod m by binary long division.
    pub fn rem(&self, m: &Big) -> Big {
        let mut r = Big(vec![]);
        for i in (0..self.bits()).rev() {
            // r = 2r + bit
            let mut carry = if self.bit(i) { 1u32 } else { 0 };
            for x in r.0.iter_mut() {
                let nc = *x >> 31;
                *x = (*x << 1) | carry;
                carry = nc;
            }
            if carry != 0 {
                r.0.push(carry);
            }
            if r.geq(m) {
                r.sub_assign(m);
            }
        }
        r
    }
    pub fn add(&self, o: &Big) -> Big {
        let n = self.0.len().max(o.0.len()) + 1;
        let mut r = vec![0u32; n];
        let mut carry = 0u64;
        for (i, x) in r.iter_mut().enumerate() {
            let v = *self.0.get(i).unwrap_or(&0) as u64 + *o.0.get(i).unwrap_or(&0) as u64 + carry;
            *x = v as u32;
            carry = v >> 32;
        }
        Big::from_limbs(&r)
    }
    pub fn to_limbs8(&self) -> [u32; 8] {
        let mut l = [0u32; 8];
        for (i, x) in self.0.iter().enumerate() {
            l[i] = *x;
        }
        l
    }
}
