//! The target's log-density on the dyadic lattices `x = j·2ᵉ`, computed once
//! per lattice point: what makes a solver's many reverse-KL evaluations of
//! nearby Normals cheap (the quadrature nodes of
//! `divergence::quadrature::NormalLattice` do not move with the Normal).

use std::sync::Mutex;

use divergence::quadrature::{DirectLattice, LatticeValues, NormalLattice, ScoreMoments};

use super::Target;

/// Most cached values per lattice (512 KiB; a fit uses a few hundred); a
/// request beyond restarts that lattice's window at the request.
const MAX_WINDOW: usize = 1 << 16;
/// Most lattices (step sizes) cached at once; beyond, the cache restarts.
const MAX_LATTICES: usize = 16;

/// `ln p` on one lattice: `values[k] = ln p((lo + k)·2^exponent)`.
struct Window {
    exponent: i32,
    lo: i64,
    values: Vec<f64>,
}

/// The cached windows and the last result.
#[derive(Default)]
struct State {
    windows: Vec<Window>,
    /// `(μ, σ)` bits of the last call and its result.
    last: Option<((u64, u64), Result<ScoreMoments, divergence::Error>)>,
}

/// A cache of the target's log-density on the dyadic lattices, and the
/// Normal moments computed from it.
///
/// Results never depend on the cache's state: a cached value is the value
/// `ln p(j·2ᵉ)` that would be computed afresh, and when the cache is in use
/// by another thread the moments are computed without it (so sweeps over
/// many threads stay bit-identical to one thread). Cloning gives an empty
/// cache.
#[derive(Default)]
pub(crate) struct LnDensityLattice {
    state: Mutex<State>,
}

impl core::fmt::Debug for LnDensityLattice {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let cached = self.state.try_lock().map_or(0, |s| {
            s.windows.iter().map(|w| w.values.len()).sum::<usize>()
        });
        f.debug_struct("LnDensityLattice")
            .field("cached_values", &cached)
            .finish()
    }
}

impl Clone for LnDensityLattice {
    fn clone(&self) -> Self {
        LnDensityLattice::default()
    }
}

/// [`LatticeValues`] served from (and added to) the windows.
struct Cached<'a> {
    target: &'a Target,
    windows: &'a mut Vec<Window>,
}

impl LatticeValues for Cached<'_> {
    fn values(&mut self, exponent: i32, lo: i64, hi: i64) -> &[f64] {
        let h = 2f64.powi(exponent);
        let ln_p = |j: i64| self.target.ln_density_at(j as f64 * h);
        let i = match self.windows.iter().position(|w| w.exponent == exponent) {
            Some(i) => i,
            None => {
                if self.windows.len() == MAX_LATTICES {
                    self.windows.clear();
                }
                self.windows.push(Window {
                    exponent,
                    lo,
                    values: Vec::new(),
                });
                self.windows.len() - 1
            }
        };
        let w = &mut self.windows[i];
        let w_hi = w.lo + w.values.len() as i64 - 1;
        let (new_lo, new_hi) = (lo.min(w.lo), hi.max(w_hi));
        if w.values.is_empty() || (new_hi - new_lo) as usize >= MAX_WINDOW {
            w.lo = lo;
            w.values.clear();
            w.values.extend((lo..=hi).map(ln_p));
        } else {
            if new_lo < w.lo {
                let mut v: Vec<f64> = (new_lo..w.lo).map(ln_p).collect();
                v.extend_from_slice(&w.values);
                w.values = v;
                w.lo = new_lo;
            }
            if new_hi > w_hi {
                w.values.extend((w_hi + 1..=new_hi).map(ln_p));
            }
        }
        let start = (lo - w.lo) as usize;
        &w.values[start..start + (hi - lo) as usize + 1]
    }
}

impl LnDensityLattice {
    /// `[E ln p(X), E Z ln p(X), E (Z² − 1) ln p(X)]`, `X ~ N(μ, σ²)`, by the
    /// default [`NormalLattice`] rule on the target's log-density.
    pub(crate) fn score_moments(
        &self,
        target: &Target,
        mu: f64,
        sigma: f64,
    ) -> Result<ScoreMoments, divergence::Error> {
        let rule = NormalLattice::default();
        let key = (mu.to_bits(), sigma.to_bits());
        let Ok(mut state) = self.state.try_lock() else {
            // Busy (another thread) or poisoned: the same nodes, uncached.
            let mut direct = DirectLattice::new(|x| target.ln_density_at(x));
            return rule.score_moments(mu, sigma, &mut direct);
        };
        if let Some((k, r)) = &state.last {
            if *k == key {
                return r.clone();
            }
        }
        let mut cached = Cached {
            target,
            windows: &mut state.windows,
        };
        let r = rule.score_moments(mu, sigma, &mut cached);
        state.last = Some((key, r.clone()));
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_windows_grow_both_ways_and_match_direct_values() {
        let t = Target::normal_mixture(&[(0.5, -3.0, 1.0), (0.5, 3.0, 1.0)]).unwrap();
        let mut windows = Vec::new();
        let mut c = Cached {
            target: &t,
            windows: &mut windows,
        };
        let mut d = DirectLattice::new(|x| t.ln_density_at(x));
        for (e, lo, hi) in [
            (-3, 0, 10),
            (-3, -5, 3),
            (-3, 8, 20),
            (-4, 2, 2),
            (-3, -5, 20),
        ] {
            let a = c.values(e, lo, hi).to_vec();
            let b = d.values(e, lo, hi);
            assert_eq!(a.len(), b.len());
            assert!(a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits()));
        }
        assert_eq!(windows.len(), 2);
        assert_eq!((windows[0].lo, windows[0].values.len()), (-5, 26));
    }

    #[test]
    fn cached_and_uncached_moments_are_identical() {
        let t = Target::normal_mixture(&[(0.3, -1.0, 0.5), (0.7, 2.0, 1.5)]).unwrap();
        let cache = LnDensityLattice::default();
        let mut direct = DirectLattice::new(|x| t.ln_density_at(x));
        for (mu, s) in [(0.1, 1.0), (0.2, 1.1), (0.1, 1.0), (-4.0, 0.3), (5.0, 7.0)] {
            let a = cache.score_moments(&t, mu, s).unwrap();
            let b = NormalLattice::default()
                .score_moments(mu, s, &mut direct)
                .unwrap();
            assert_eq!(a.value.map(f64::to_bits), b.value.map(f64::to_bits));
        }
    }
}
