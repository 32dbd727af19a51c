//! Seeded samplers for the integration tests: SplitMix64 (Steele, Lea &
//! Flood 2014) for uniforms, Box–Muller for Normals, inverse CDFs for the
//! Exponential and Laplace, sums of exponentials for Gamma(2, ·), and a
//! Cholesky factor for multivariate Normals. Independent of the crate.

use estimate::Samples;

/// SplitMix64, as in Vigna's reference `splitmix64.c`.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        // Decorrelate small seeds.
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0xdead_beef_cafe_f00d)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform on (0, 1): never 0, so logarithms are finite.
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    /// Standard Normal by Box–Muller (one of the pair).
    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
    /// Exponential with rate `rate`.
    pub fn exponential(&mut self, rate: f64) -> f64 {
        -self.uniform().ln() / rate
    }
    /// Laplace(location, scale) by the inverse CDF.
    pub fn laplace(&mut self, location: f64, scale: f64) -> f64 {
        let u = self.uniform() - 0.5;
        location - scale * u.signum() * (1.0 - 2.0 * u.abs()).ln()
    }
}

/// `n` draws of a 1-D distribution as samples.
pub fn draw(n: usize, mut f: impl FnMut() -> f64) -> Samples {
    Samples::from_row_major((0..n).map(|_| f()).collect(), 1).unwrap()
}

/// `n` draws of N(mean, L Lᵀ), `l` the lower Cholesky factor (row-major d×d).
pub fn mvn(rng: &mut Rng, n: usize, mean: &[f64], l: &[f64]) -> Samples {
    let d = mean.len();
    let mut data = Vec::with_capacity(n * d);
    let mut z = vec![0.0; d];
    for _ in 0..n {
        z.iter_mut().for_each(|v| *v = rng.normal());
        for i in 0..d {
            data.push(mean[i] + (0..=i).map(|j| l[i * d + j] * z[j]).sum::<f64>());
        }
    }
    Samples::from_row_major(data, d).unwrap()
}

/// Reads one reference value from `tests/data/knn_kl.json`.
pub fn reference(name: &str) -> f64 {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/knn_kl.json");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["references"][name]["kl_nats"]
        .as_f64()
        .unwrap_or_else(|| panic!("{name} in knn_kl.json"))
}
