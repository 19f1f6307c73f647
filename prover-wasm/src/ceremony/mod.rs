//! A deterministic development ceremony: the secrets (τ, α, β, δ) come from a seed, and the proving key is
//! computed directly from them — the same points a powers-of-tau ceremony followed by snarkjs's `zkey new` and
//! one phase-2 contribution would give. UNSAFE for production: anyone who knows the seed can forge proofs.
mod fixed_base;

use crate::curve::{batch_to_affine, g1_generator, g2_generator, Affine, CurveField};
use crate::field::{batch_inverse, Fq, Fq2, Fr};
use crate::formats::error::{FormatError, Result};
use crate::formats::r1cs::R1cs;
use crate::formats::zkey::{self, ZkeyHeader, ZkeyParts, MAX_DOMAIN_LOG};
use fixed_base::FixedBase;

/// The name written into the zkey's contribution record (snarkjs shows it), so the key says what it is.
pub const UNSAFE_LABEL: &str = "UNSAFE prom-prover dev setup: fixed seed, NOT for production";

pub struct Secrets {
    pub tau: Fr,
    pub alpha: Fr,
    pub beta: Fr,
    pub delta: Fr,
}

/// SplitMix64 over the seed bytes: reproducible, not cryptographic (a dev ceremony has no secret to keep).
pub fn secrets_from_seed(seed: &[u8]) -> Secrets {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for (i, b) in seed.iter().enumerate() {
        state = state.rotate_left(8) ^ (*b as u64) ^ ((i as u64) << 56);
        state = state.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    }
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut scalar = move || {
        let mut l = [0u32; 8];
        for i in 0..4 {
            let v = next();
            l[2 * i] = v as u32;
            l[2 * i + 1] = (v >> 32) as u32;
        }
        l[7] &= 0x1fff_ffff;
        let f = Fr::from_limbs_reduced(l);
        if f.is_zero() {
            Fr::ONE
        } else {
            f
        }
    };
    Secrets { tau: scalar(), alpha: scalar(), beta: scalar(), delta: scalar() }
}

/// L_j(τ) for j = 0..n over the 2^log domain: ω^j (τ^n − 1) / (n (τ − ω^j)).
fn lagrange_at(tau: &Fr, log: u32) -> Result<Vec<Fr>> {
    let n = 1usize << log;
    let w = Fr::root_of_unity(log).ok_or_else(|| FormatError::TooLarge(format!("a domain of 2^{}", log)))?;
    let mut wj = Vec::with_capacity(n);
    let mut acc = Fr::ONE;
    for _ in 0..n {
        wj.push(acc);
        acc = acc * w;
    }
    let mut den: Vec<Fr> = wj.iter().map(|x| *tau - *x).collect();
    if den.iter().any(|d| d.is_zero()) {
        return Err(FormatError::Corrupt("the seed gives τ on the domain; choose another seed".into()));
    }
    let mut scratch = vec![Fr::ZERO; n];
    batch_inverse(&mut den, &mut scratch);
    let zn = tau.pow(&[n as u32]) - Fr::ONE;
    let k = zn * Fr::from_u64(n as u64).inverse().expect("n invertible");
    Ok(wj.iter().zip(den.iter()).map(|(x, d)| k * *x * *d).collect())
}

fn table<F: CurveField>(fb: &FixedBase<F>, scalars: &[Fr]) -> Vec<u8> {
    let jac: Vec<_> = scalars.iter().map(|s| fb.mul(s)).collect();
    let size = Affine::<F>::SERIALIZED_BYTES;
    let mut out = vec![0u8; scalars.len() * size];
    for (i, p) in batch_to_affine(&jac).iter().enumerate() {
        p.write_mont_bytes(&mut out[i * size..(i + 1) * size]);
    }
    out
}

fn point_bytes<F: CurveField>(fb: &FixedBase<F>, s: &Fr) -> Vec<u8> {
    table(fb, &[*s])
}

/// The domain exponent snarkjs chooses: the smallest 2^k > nConstraints + nPublic.
pub fn circuit_power(n_constraints: u32, n_public: u32) -> u32 {
    let need = n_constraints as u64 + n_public as u64 + 1;
    let mut k = 0;
    while (1u64 << k) < need {
        k += 1;
    }
    k
}

/// Everything of a dev zkey except its point tables: the header, the coefficient records, and the scalars whose
/// multiples of the generators make the tables. Cheap (linear in the circuit) next to the tables themselves, so
/// each worker of a parallel setup recomputes it and multiplies only its share of the scalars.
pub struct SetupPlan {
    pub secrets: Secrets,
    pub n_vars: u32,
    pub n_public: u32,
    pub domain_size: u32,
    pub coefs: Vec<u8>,
    pub n_coefs: u32,
    /// G1 tables in file order of need: IC, A, B1, C, H (lengths in `g1_lengths`).
    pub g1_scalars: Vec<Fr>,
    pub g1_lengths: [usize; 5],
    /// The G2 table B2.
    pub g2_scalars: Vec<Fr>,
}

/// `power` is the size of the (simulated) powers of tau: the circuit must fit in 2^power, as snarkjs requires;
/// 0 means "just large enough".
pub fn plan(r1cs_bytes: &[u8], seed: &[u8], power: u32) -> Result<SetupPlan> {
    let r1cs = R1cs::parse(r1cs_bytes)?;
    let h = &r1cs.header;
    let n_public = h.n_public();
    let log = circuit_power(h.n_constraints, n_public);
    if log >= MAX_DOMAIN_LOG {
        return Err(FormatError::TooLarge(format!("the circuit needs a domain of 2^{}; the most is 2^{}", log, MAX_DOMAIN_LOG - 1)));
    }
    if power != 0 && log > power {
        return Err(FormatError::TooLarge(format!(
            "the circuit needs powers of tau of 2^{} ({} constraints, {} public), --power is {}",
            log, h.n_constraints, n_public, power
        )));
    }
    let n = 1usize << log;
    let sec = secrets_from_seed(seed);
    let lag = lagrange_at(&sec.tau, log)?;
    let nv = h.n_wires as usize;
    let (mut qa, mut qb, mut qc) = (vec![Fr::ZERO; nv], vec![Fr::ZERO; nv], vec![Fr::ZERO; nv]);
    let r_mont = Fr::from_canonical_limbs(Fr::R256).expect("2^256 mod r is below r");
    let mut coefs = Vec::new();
    let mut n_coefs = 0u32;
    let mut push = |m: u32, c: usize, s: u32, v: &Fr| {
        coefs.extend_from_slice(&m.to_le_bytes());
        coefs.extend_from_slice(&(c as u32).to_le_bytes());
        coefs.extend_from_slice(&s.to_le_bytes());
        coefs.extend_from_slice(&(*v * r_mont).to_mont_bytes());
        n_coefs += 1;
    };
    let value = |b: &[u8]| Fr::from_le_bytes(b).ok_or_else(|| FormatError::Corrupt("an r1cs coefficient is not below r".into()));
    for (c, k) in r1cs.constraints.iter().enumerate() {
        for (s, b) in k.a.iter() {
            let v = value(b)?;
            qa[*s as usize] = qa[*s as usize] + v * lag[c];
            push(0, c, *s, &v);
        }
        for (s, b) in k.b.iter() {
            let v = value(b)?;
            qb[*s as usize] = qb[*s as usize] + v * lag[c];
            push(1, c, *s, &v);
        }
        for (s, b) in k.c.iter() {
            qc[*s as usize] = qc[*s as usize] + value(b)? * lag[c];
        }
    }
    // snarkjs adds "signal_i · 1 = 0" rows for the constant and the public signals, after the constraints.
    let base = h.n_constraints as usize;
    for s in 0..=n_public {
        qa[s as usize] = qa[s as usize] + lag[base + s as usize];
        push(0, base + s as usize, s, &Fr::ONE);
    }
    let delta_inv = sec.delta.inverse().expect("δ ≠ 0");
    let np = n_public as usize;
    let combined: Vec<Fr> = (0..nv).map(|s| sec.beta * qa[s] + sec.alpha * qb[s] + qc[s]).collect();
    let lag2 = lagrange_at(&sec.tau, log + 1)?;
    let mut g1_scalars = Vec::with_capacity(3 * nv + n);
    g1_scalars.extend_from_slice(&combined[..=np]);
    g1_scalars.extend_from_slice(&qa);
    g1_scalars.extend_from_slice(&qb);
    g1_scalars.extend(combined[np + 1..].iter().map(|x| *x * delta_inv));
    g1_scalars.extend((0..n).map(|i| lag2[2 * i + 1] * delta_inv));
    Ok(SetupPlan {
        secrets: sec,
        n_vars: h.n_wires,
        n_public,
        domain_size: n as u32,
        coefs,
        n_coefs,
        g1_scalars,
        g1_lengths: [np + 1, nv, nv, nv - np - 1, n],
        g2_scalars: qb,
    })
}

/// The points of `scalars[start..end]` times the generator of G1 (`g2` false) or G2, in the zkey's layout.
pub fn points_range(scalars: &[Fr], g2: bool, start: usize, end: usize) -> Vec<u8> {
    let s = &scalars[start.min(scalars.len())..end.min(scalars.len())];
    if g2 {
        table(&FixedBase::new(&g2_generator()), s)
    } else {
        table(&FixedBase::new(&g1_generator()), s)
    }
}

/// Writes the zkey from a plan and all its G1 (IC, A, B1, C, H) and G2 (B2) points. Takes the plan to free its
/// scalars before the output is allocated (at 2^21 constraints they are hundreds of megabytes of a 4 GB instance).
pub fn assemble(p: SetupPlan, g1_points: &[u8], g2_points: &[u8]) -> Result<Vec<u8>> {
    let g1n = Affine::<Fq>::SERIALIZED_BYTES;
    if g1_points.len() != p.g1_scalars.len() * g1n || g2_points.len() != p.g2_scalars.len() * Affine::<Fq2>::SERIALIZED_BYTES {
        return Err(FormatError::Corrupt("setup point tables of the wrong size".into()));
    }
    let SetupPlan { secrets: sec, n_vars, n_public, domain_size, coefs, n_coefs, g1_scalars, g1_lengths, g2_scalars } = p;
    drop(g1_scalars);
    drop(g2_scalars);
    let mut cut = Vec::with_capacity(5);
    let mut at = 0;
    for len in g1_lengths.iter() {
        cut.push(&g1_points[at * g1n..(at + len) * g1n]);
        at += len;
    }
    let g1 = FixedBase::new(&g1_generator());
    let g2 = FixedBase::new(&g2_generator());
    let header = ZkeyHeader {
        n_vars,
        n_public,
        domain_size,
        alpha1: point_bytes::<Fq>(&g1, &sec.alpha),
        beta1: point_bytes::<Fq>(&g1, &sec.beta),
        beta2: point_bytes::<Fq2>(&g2, &sec.beta),
        gamma2: point_bytes::<Fq2>(&g2, &Fr::ONE),
        delta1: point_bytes::<Fq>(&g1, &sec.delta),
        delta2: point_bytes::<Fq2>(&g2, &sec.delta),
    };
    Ok(zkey::write(&ZkeyParts {
        header,
        ic: cut[0],
        coefs: &coefs,
        n_coefs,
        a: cut[1],
        b1: cut[2],
        b2: g2_points,
        c: cut[3],
        h: cut[4],
        cs_hash: [0u8; 64],
        contribution_name: UNSAFE_LABEL.to_string(),
    }))
}

/// An `.r1cs` → a snarkjs Groth16 `.zkey`, in this thread.
pub fn dev_setup(r1cs_bytes: &[u8], seed: &[u8], power: u32) -> Result<Vec<u8>> {
    let p = plan(r1cs_bytes, seed, power)?;
    let g1 = points_range(&p.g1_scalars, false, 0, p.g1_scalars.len());
    let g2 = points_range(&p.g2_scalars, true, 0, p.g2_scalars.len());
    assemble(p, &g1, &g2)
}
