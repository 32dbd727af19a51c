//! What the numerical fallback needs to know about a 1-D distribution.

use statrs::distribution::{
    Bernoulli, Beta, Binomial, Cauchy, Continuous, Discrete, Exp, Gamma, Geometric, Gumbel,
    Laplace, LogNormal, Normal, Poisson, StudentsT, Uniform, Weibull,
};

use crate::error::Result;
use crate::quadrature::Region;

/// A 1-D continuous distribution as seen by the quadrature: its
/// log-density, its support, and a centre and spread used to centre and
/// scale the integration variable.
///
/// The log-density is `−∞` outside the support and never NaN for a valid
/// distribution. `centre` and `spread` are hints (mean/sd, or median and a
/// scale where moments do not exist, as for Cauchy or Student-t); they
/// decide where the quadrature looks first, not what it returns.
///
/// Named `ln_density` rather than `ln_pdf` so that importing both this trait
/// and statrs's `Continuous` does not make `ln_pdf` calls ambiguous.
///
/// # Example
/// ```
/// use divergence::Density;
/// use statrs::distribution::Normal;
/// let n = Normal::new(3.0, 0.01)?;
/// assert_eq!((n.centre(), n.spread()), (3.0, 0.01));
/// assert!(n.ln_density(1e300).is_finite() || n.ln_density(1e300) == f64::NEG_INFINITY);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Density {
    /// `ln p(x)`; `−∞` outside the support.
    fn ln_density(&self, x: f64) -> f64;
    /// `(lower, upper)` bounds of the support (either may be infinite).
    fn support(&self) -> (f64, f64);
    /// A central value (mean or median).
    fn centre(&self) -> f64;
    /// A scale (standard deviation or another scale parameter), `> 0`.
    fn spread(&self) -> f64;
    /// How heavy the tails are and how fast the log-density falls (see
    /// [`Tails`]); the quadrature uses it to return `+∞` for a divergence
    /// whose integral diverges in the tails instead of failing to converge.
    /// Default [`Tails::UNKNOWN`] (claims nothing).
    fn tails(&self) -> Tails {
        Tails::UNKNOWN
    }
    /// `ln p(end − y)` for `y ≥ 0`, evaluated so that a small `y` is not
    /// lost in `end − y` (`end` is a finite upper end of the support). The
    /// default rounds `end − y`; a density singular at its upper end (a
    /// Beta with `b < 1`) overrides it, and says so in
    /// [`Density::singular_at_upper_end`].
    fn ln_density_below(&self, end: f64, y: f64) -> f64 {
        self.ln_density(end - y)
    }
    /// Whether the density has an integrable singularity at its finite
    /// upper end whose mass lies within an ulp of it (`(1 − x)^(b−1)` with
    /// `b < 1`): the quadrature then integrates the upper half in the
    /// distance to the end through [`Density::ln_density_below`]. Default
    /// `false`.
    fn singular_at_upper_end(&self) -> bool {
        false
    }
    /// Narrow features `(location, scale)` the quadrature must not miss:
    /// one per component of a mixture. Default: `[(centre, spread)]`.
    fn features(&self) -> Vec<(f64, f64)> {
        vec![(self.centre(), self.spread())]
    }
    /// The integration [`Region`] built from the above, with break points
    /// around every feature.
    ///
    /// # Errors
    /// [`crate::Error::InvalidParameter`] if the hints are not finite.
    fn region(&self) -> Result<Region> {
        let (a, b) = self.support();
        Ok(Region::new(a, b, self.centre(), self.spread())?
            .with_features(&self.features())
            .with_heavy_tails(self.tails().moments_below.is_finite()))
    }
}

/// A distribution on the non-negative integers as seen by the series sums:
/// its log-mass, support and centre.
///
/// # Example
/// ```
/// use divergence::Mass;
/// use statrs::distribution::Geometric;
/// let g = Geometric::new(0.25)?;
/// assert_eq!(g.support(), (1, None));
/// assert!((g.ln_mass(1) - 0.25f64.ln()).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Mass {
    /// `ln p(k)`; `−∞` outside the support.
    fn ln_mass(&self, k: u64) -> f64;
    /// `(lower, upper)`; `upper = None` for an infinite support.
    fn support(&self) -> (u64, Option<u64>);
    /// A central value (mean); the tail test starts past it.
    fn centre(&self) -> f64;
}

impl<D: Density + ?Sized> Density for &D {
    fn ln_density(&self, x: f64) -> f64 {
        (**self).ln_density(x)
    }
    fn support(&self) -> (f64, f64) {
        (**self).support()
    }
    fn centre(&self) -> f64 {
        (**self).centre()
    }
    fn spread(&self) -> f64 {
        (**self).spread()
    }
    fn features(&self) -> Vec<(f64, f64)> {
        (**self).features()
    }
    fn tails(&self) -> Tails {
        (**self).tails()
    }
    fn ln_density_below(&self, end: f64, y: f64) -> f64 {
        (**self).ln_density_below(end, y)
    }
    fn singular_at_upper_end(&self) -> bool {
        (**self).singular_at_upper_end()
    }
    fn region(&self) -> Result<Region> {
        (**self).region()
    }
}

/// The tail behaviour of a density, as far as KL needs it.
///
/// `KL(P‖Q) = E_P[ln p] − E_P[ln q]` is `+∞` when `−ln q(x)` grows like
/// `|x|^k` and `P` has no finite moment of order `k`: a Cauchy or a
/// Student-t with `ν ≤ 2` against a Normal, a Cauchy against a Laplace.
///
/// # Formula
/// ```text
/// E_P|X|^m < ∞  for  m < moments_below;     −ln q(x) ~ c |x|^log_decay  as |x| → ∞
/// KL(P‖Q) = +∞  if  P.moments_below ≤ Q.log_decay  (Q.log_decay > 0)
/// ```
///
/// # Example
/// ```
/// use divergence::Density;
/// use statrs::distribution::{Cauchy, Normal};
/// assert_eq!(Cauchy::new(0.0, 1.0)?.tails().moments_below, 1.0);
/// assert_eq!(Normal::new(0.0, 1.0)?.tails().log_decay, 2.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tails {
    /// Moments of order below this exist (`+∞` for light tails).
    pub moments_below: f64,
    /// `−ln p(x)` grows like `|x|` to this power (2 for a Normal, 1 for a
    /// Laplace, 0 for logarithmic growth or when unknown).
    pub log_decay: f64,
}

impl Tails {
    /// Nothing claimed: every moment assumed to exist, no decay known.
    pub const UNKNOWN: Tails = Tails {
        moments_below: f64::INFINITY,
        log_decay: 0.0,
    };

    /// Light tails with `−ln p ~ |x|^k`.
    pub const fn light(k: f64) -> Tails {
        Tails {
            moments_below: f64::INFINITY,
            log_decay: k,
        }
    }

    /// Power-law tails `p(x) ~ |x|^−(α+1)`: moments below `α`.
    pub const fn power(alpha: f64) -> Tails {
        Tails {
            moments_below: alpha,
            log_decay: 0.0,
        }
    }
}

macro_rules! density {
    ($t:ty, |$d:ident| support: $sup:expr, centre: $c:expr, spread: $s:expr, tails: $tl:expr) => {
        impl Density for $t {
            fn tails(&self) -> Tails {
                let $d = self;
                let _ = $d;
                $tl
            }
            #[inline]
            fn ln_density(&self, x: f64) -> f64 {
                Continuous::ln_pdf(self, x)
            }
            fn support(&self) -> (f64, f64) {
                let $d = self;
                let _ = $d;
                $sup
            }
            fn centre(&self) -> f64 {
                let $d = self;
                let _ = $d;
                $c
            }
            fn spread(&self) -> f64 {
                let $d = self;
                let _ = $d;
                $s
            }
        }
    };
}

const INF: f64 = f64::INFINITY;

#[inline]
pub(crate) fn normal_parts(d: &Normal) -> (f64, f64) {
    use statrs::statistics::Distribution;
    (
        d.mean().unwrap_or(f64::NAN),
        d.std_dev().unwrap_or(f64::NAN),
    )
}

impl Density for Normal {
    #[inline]
    fn ln_density(&self, x: f64) -> f64 {
        // statrs's ln_pdf is −½((x−μ)/σ)² − ln σ − ½ ln 2π, finite for all finite x.
        Continuous::ln_pdf(self, x)
    }
    fn support(&self) -> (f64, f64) {
        (-INF, INF)
    }
    fn centre(&self) -> f64 {
        normal_parts(self).0
    }
    fn spread(&self) -> f64 {
        normal_parts(self).1
    }
    fn tails(&self) -> Tails {
        Tails::light(2.0)
    }
}

impl Density for LogNormal {
    /// In log space (`−∞` for `x ≤ 0`), whatever statrs does at the far
    /// tails.
    #[inline]
    fn ln_density(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return f64::NEG_INFINITY;
        }
        let lx = x.ln();
        let z = (lx - self.location()) / self.scale();
        -0.5 * z * z - lx - self.scale().ln() - 0.918_938_533_204_672_8
    }
    fn support(&self) -> (f64, f64) {
        (0.0, INF)
    }
    fn centre(&self) -> f64 {
        self.location().exp()
    }
    fn spread(&self) -> f64 {
        (self.location().exp() * self.scale().sinh()).min(f64::MAX)
    }
}
density!(Exp, |d| support: (0.0, INF),
    centre: core::f64::consts::LN_2 / d.rate(),
    spread: 1.0 / d.rate(),
    tails: Tails::light(1.0));
density!(Gamma, |d| support: (0.0, INF),
    centre: d.shape() / d.rate(),
    spread: d.shape().sqrt() / d.rate(),
    tails: Tails::light(1.0));
impl Density for Beta {
    #[inline]
    fn ln_density(&self, x: f64) -> f64 {
        Continuous::ln_pdf(self, x)
    }
    fn support(&self) -> (f64, f64) {
        (0.0, 1.0)
    }
    fn centre(&self) -> f64 {
        self.shape_a() / (self.shape_a() + self.shape_b())
    }
    fn spread(&self) -> f64 {
        let (a, b) = (self.shape_a(), self.shape_b());
        ((a * b) / ((a + b) * (a + b) * (a + b + 1.0))).sqrt()
    }
    /// `(a − 1) ln(1 − y) + (b − 1) ln y − ln B(a, b)` at `x = 1 − y`.
    fn ln_density_below(&self, end: f64, y: f64) -> f64 {
        #[allow(clippy::float_cmp)] // the Beta's support ends exactly at 1
        if end != 1.0 || y <= 0.0 || y >= 1.0 {
            return self.ln_density(end - y);
        }
        let (a, b) = (self.shape_a(), self.shape_b());
        (a - 1.0) * (-y).ln_1p() + (b - 1.0) * y.ln() - statrs::function::beta::ln_beta(a, b)
    }
    fn singular_at_upper_end(&self) -> bool {
        self.shape_b() < 1.0
    }
}
density!(Uniform, |d| support: (d.min(), d.max()),
    centre: 0.5 * (d.min() + d.max()),
    spread: (d.max() - d.min()) / 12f64.sqrt(),
    tails: Tails::UNKNOWN);
impl Density for Weibull {
    /// `ln k − k ln λ + (k − 1) ln x − (x/λ)^k`, in log space (statrs's
    /// `ln_pdf` takes the log of a density that underflows far out).
    #[inline]
    fn ln_density(&self, x: f64) -> f64 {
        if x < 0.0 {
            return -INF;
        }
        let (k, l) = (self.shape(), self.scale());
        let z = x / l;
        // (k − 1) ln z, with 0 · ln 0 = 0 for the exponential (k = 1).
        let power = if k.to_bits() == 1f64.to_bits() {
            0.0
        } else {
            (k - 1.0) * z.ln()
        };
        k.ln() - l.ln() + power - z.powf(k)
    }
    fn support(&self) -> (f64, f64) {
        (0.0, INF)
    }
    fn centre(&self) -> f64 {
        // The median, λ (ln 2)^{1/k}.
        self.scale() * core::f64::consts::LN_2.powf(1.0 / self.shape())
    }
    fn spread(&self) -> f64 {
        self.scale()
    }
    fn tails(&self) -> Tails {
        Tails::light(self.shape())
    }
}
impl Density for Gumbel {
    /// `−ln β − z − e^{−z}`, `z = (x − μ)/β`.
    #[inline]
    fn ln_density(&self, x: f64) -> f64 {
        let z = (x - self.location()) / self.scale();
        -self.scale().ln() - z - (-z).exp()
    }
    fn support(&self) -> (f64, f64) {
        (-INF, INF)
    }
    fn centre(&self) -> f64 {
        // The median, μ − β ln ln 2.
        self.location() - self.scale() * core::f64::consts::LN_2.ln()
    }
    fn spread(&self) -> f64 {
        self.scale()
    }
    fn tails(&self) -> Tails {
        Tails::light(1.0)
    }
}
impl Density for Laplace {
    /// `−|x − μ|/b − ln 2b`, in log space: statrs's `ln_pdf` takes the log
    /// of a density that underflows to 0 past `|x − μ| ≈ 745 b`.
    #[inline]
    fn ln_density(&self, x: f64) -> f64 {
        -(x - self.location()).abs() / self.scale() - (2.0 * self.scale()).ln()
    }
    fn support(&self) -> (f64, f64) {
        (-INF, INF)
    }
    fn centre(&self) -> f64 {
        self.location()
    }
    fn spread(&self) -> f64 {
        self.scale()
    }
    fn tails(&self) -> Tails {
        Tails::light(1.0)
    }
}
density!(StudentsT, |d| support: (-INF, INF), centre: d.location(), spread: d.scale(),
    tails: if d.freedom().is_finite() { Tails::power(d.freedom()) } else { Tails::light(2.0) });
density!(Cauchy, |d| support: (-INF, INF), centre: d.location(), spread: d.scale(),
    tails: Tails::power(1.0));

macro_rules! mass {
    ($t:ty, |$d:ident| support: $sup:expr, centre: $c:expr) => {
        impl Mass for $t {
            #[inline]
            fn ln_mass(&self, k: u64) -> f64 {
                Discrete::ln_pmf(self, k)
            }
            fn support(&self) -> (u64, Option<u64>) {
                let $d = self;
                let _ = $d;
                $sup
            }
            fn centre(&self) -> f64 {
                let $d = self;
                let _ = $d;
                $c
            }
        }
    };
}

impl Mass for Poisson {
    /// Loader's saddle-point form (accurate for any `λ`, unlike
    /// differences of `ln Γ` near 1e9).
    #[inline]
    fn ln_mass(&self, k: u64) -> f64 {
        super::loader::ln_poisson(k, self.lambda())
    }
    fn support(&self) -> (u64, Option<u64>) {
        (0, None)
    }
    fn centre(&self) -> f64 {
        self.lambda()
    }
}
mass!(Geometric, |d| support: (1, None), centre: 1.0 / d.p());
impl Mass for Binomial {
    /// Loader's saddle-point form, as for [`Poisson`].
    #[inline]
    fn ln_mass(&self, k: u64) -> f64 {
        super::loader::ln_binomial(k, self.n(), self.p())
    }
    fn support(&self) -> (u64, Option<u64>) {
        (0, Some(self.n()))
    }
    fn centre(&self) -> f64 {
        self.n() as f64 * self.p()
    }
}
mass!(Bernoulli, |d| support: (0, Some(1)), centre: d.p());

impl<M: Mass + ?Sized> Mass for &M {
    fn ln_mass(&self, k: u64) -> f64 {
        (**self).ln_mass(k)
    }
    fn support(&self) -> (u64, Option<u64>) {
        (**self).support()
    }
    fn centre(&self) -> f64 {
        (**self).centre()
    }
}
