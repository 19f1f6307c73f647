//! The whole Groth16 path inside the crate: a small R1CS written in circom's format, the dev ceremony,
//! the prover and the verifier; tampering with the witness or the public input must fail verification.
use super::proof::{prove, BlindingFactors};
use super::verifier::{verify, VerifyingKey};
use crate::ceremony::dev_setup;
use crate::field::Fr;
use crate::formats::binfile::BinWriter;
use crate::formats::error::FormatError;
use crate::formats::zkey::Zkey;
use crate::formats::{wtns, BN254_R_LE};

/// out = x^(2^k) by repeated squaring (k constraints), x private, out public.
fn squaring_chain(k: u32) -> (Vec<u8>, Vec<u8>) {
    let n_wires = 3 + k;
    let mut h = Vec::new();
    h.extend_from_slice(&32u32.to_le_bytes());
    h.extend_from_slice(&BN254_R_LE);
    for v in [n_wires, 1, 0, 1].iter() {
        h.extend_from_slice(&v.to_le_bytes());
    }
    h.extend_from_slice(&(n_wires as u64).to_le_bytes());
    h.extend_from_slice(&(k + 1).to_le_bytes());
    let mut c = Vec::new();
    let mut one = [0u8; 32];
    one[0] = 1;
    let mut lc = |terms: &[u32]| {
        c.extend_from_slice(&(terms.len() as u32).to_le_bytes());
        for t in terms {
            c.extend_from_slice(&t.to_le_bytes());
            c.extend_from_slice(&one);
        }
    };
    // wires: 0 = one, 1 = out, 2 = x0, 3.. = x1..xk
    for i in 0..k {
        lc(&[2 + i]);
        lc(&[2 + i]);
        lc(&[3 + i]);
    }
    lc(&[2 + k]);
    lc(&[0]);
    lc(&[1]);
    let mut w = BinWriter::new(b"r1cs", 1, 2);
    w.section(1, &h);
    w.section(2, &c);
    let mut vals = vec![Fr::ONE, Fr::ZERO, Fr::from_u64(3)];
    for i in 0..k as usize {
        let x = vals[2 + i];
        vals.push(x * x);
    }
    vals[1] = vals[2 + k as usize];
    let bytes: Vec<u8> = vals.iter().flat_map(|v| v.to_le_bytes()).collect();
    (w.out, wtns::write(&bytes))
}

fn vk_bytes(zkey: &[u8]) -> Vec<u8> {
    use super::proof::{g1_to_le, g2_to_le, point, points};
    use crate::field::{Fq, Fq2};
    let z = Zkey::parse(zkey).unwrap();
    let mut out = vec![0u8; 448];
    g1_to_le(&point::<Fq>(&z.header.alpha1, "a").unwrap(), &mut out[..64]);
    g2_to_le(&point::<Fq2>(&z.header.beta2, "b").unwrap(), &mut out[64..192]);
    g2_to_le(&point::<Fq2>(&z.header.gamma2, "g").unwrap(), &mut out[192..320]);
    g2_to_le(&point::<Fq2>(&z.header.delta2, "d").unwrap(), &mut out[320..448]);
    for p in points::<Fq>(z.ic, "ic").unwrap() {
        let mut b = [0u8; 64];
        g1_to_le(&p, &mut b);
        out.extend_from_slice(&b);
    }
    out
}

#[test]
fn dev_setup_proof_verifies_and_tampering_fails() {
    let (r1cs, w) = squaring_chain(20);
    let zkey = dev_setup(&r1cs, b"test seed", 0).unwrap();
    assert_eq!(Zkey::parse(&zkey).unwrap().header.domain_size, 32);
    let k = BlindingFactors { r: Fr::from_u64(11), s: Fr::from_u64(13) };
    let (proof, publics) = prove(&zkey, &w, &k).unwrap();
    let vk = VerifyingKey::from_le_bytes(&vk_bytes(&zkey)).unwrap();
    assert!(verify(&vk, &publics, &proof).unwrap());

    let mut wrong_public = publics.clone();
    wrong_public[0] ^= 1;
    assert!(!verify(&vk, &wrong_public, &proof).unwrap());

    // An internal signal changed: the QAP no longer divides, the proof must not verify.
    let mut bad = w.clone();
    let last = bad.len() - 32;
    bad[last] ^= 1;
    let (p2, pub2) = prove(&zkey, &bad, &k).unwrap();
    assert!(!verify(&vk, &pub2, &p2).unwrap());
}

#[test]
fn same_seed_same_key_other_seed_other_key() {
    let (r1cs, _) = squaring_chain(4);
    assert_eq!(dev_setup(&r1cs, b"a", 0).unwrap(), dev_setup(&r1cs, b"a", 0).unwrap());
    assert_ne!(dev_setup(&r1cs, b"a", 0).unwrap(), dev_setup(&r1cs, b"b", 0).unwrap());
}

#[test]
fn setup_refuses_a_circuit_larger_than_the_power() {
    let (r1cs, _) = squaring_chain(20);
    assert!(matches!(dev_setup(&r1cs, b"a", 4), Err(FormatError::TooLarge(_))));
}

#[test]
fn truncated_and_foreign_files_give_typed_errors() {
    let (r1cs, w) = squaring_chain(4);
    let zkey = dev_setup(&r1cs, b"a", 0).unwrap();
    assert!(matches!(Zkey::parse(&zkey[..zkey.len() - 1]), Err(FormatError::Truncated(_))));
    assert!(matches!(Zkey::parse(&w), Err(FormatError::Corrupt(_))));
    assert!(matches!(wtns::Wtns::parse(&w[..w.len() - 5]), Err(FormatError::Truncated(_))));
    let k = BlindingFactors { r: Fr::ONE, s: Fr::ONE };
    let (_, other) = squaring_chain(5);
    assert!(matches!(prove(&zkey, &other, &k), Err(FormatError::WitnessMismatch(_))));
}
