//! Reverse KL of a Normal against continuous targets: the lattice
//! quadrature behind `Objective` and the convolution behind grid sweeps,
//! against mpmath.

use crate::run_on;
use fit::{Axis, Direction, Directions, GridSweep, Normal, Objective, Target};

/// Accepted |value − mpmath| / (1 + |mpmath|) of a reverse-KL value (the
/// largest seen: 6·10⁻¹⁶ by `Objective`, 1.0·10⁻¹⁵ in a landscape).
const VALUE_TOL: f64 = 1e-14;
/// Accepted |gradient − mpmath| / (1 + |mpmath|), per component (the
/// largest seen is 1.4·10⁻¹⁵).
const GRADIENT_TOL: f64 = 1e-13;

// mpmath 1.3.0 (tools/reference/reverse_normal.py, run as
// `python3 tools/reference/reverse_normal.py`): rows (μ, σ, KL, ∂/∂μ, ∂/∂σ)
// at 30 digits, printed to 20; cells (i, j, KL) of the landscape
// μ = linspace(−6, 6, 61), σ = linspace(0.5, 5, 46).
// TWO_PEAKS: [(0.5, -3.0, 1.0), (0.5, 3.0, 1.0)]
#[rustfmt::skip]
const TWO_PEAKS_POINTS: [[f64; 5]; 13] = [
    [2.984305988536099, 1.0233685606096181, 0.68876899585496383895, 7.828910007332359411e-10, 1.6294657904288714085e-9],
    [2.0, 1.5, 1.0008415945378249293, -0.42654718504800537932, -0.16506954160466353961],
    [0.0, 2.743769309091214, 0.84062143127890310399, 3.1983356854531121294e-38, 1.4702068699956645711e-16],
    [0.0, 1.0, 2.6933519765968402218, -2.6145334738291885634e-38, -2.2934996280591931491],
    [3.0, 0.5, 1.0112929943968784933, 8.1800645790703683017e-6, -1.5000244346055408541],
    [-4.2, 0.35, 2.0242193049554900918, -1.2000000006187992234, -2.5071428584423353315],
    [1.5, 3.0, 1.1271084762164064907, 0.35653584181507110447, 0.56225911302922218914],
    [0.0, 5.0, 3.5935942873172452326, -2.1059372874264794313e-38, 2.4107045139488795707],
    [-6.0, 5.0, 13.889982366704914994, -3.6929683173418740551, 3.6339563439015096054],
    [6.0, 0.5, 5.5112943611198697392, 3.0000000000001252781, -1.5000000000003758342],
    [-0.7, 8.0, 15.622604715470968792, -0.49097099512718086408, 5.4921788771640544931],
    [-5.719063545150502, 4.006688963210702, 9.6890517734461930831, -3.1829800818268226055, 2.8903214714707925567],
    [-2.3879598662207355, 4.217391304347826, 3.3049136105399136934, -1.1046500076212747806, 1.9447025769474198609],
];
const TWO_PEAKS_CELLS: [(usize, usize, f64); 8] = [
    (0, 0, 5.5112943611198697392),
    (7, 3, 2.0162906428740931399),
    (30, 0, 4.117216317961290981),
    (30, 45, 3.5935942873172452326),
    (45, 10, 0.82598616000192882661),
    (60, 45, 13.889982366704914994),
    (15, 22, 1.735590394606950464),
    (52, 31, 5.2001946959085557593),
];
// LOPSIDED: [(0.3, -1.0, 0.5), (0.7, 2.0, 1.5)]
#[rustfmt::skip]
const LOPSIDED_POINTS: [[f64; 5]; 13] = [
    [2.984305988536099, 1.0233685606096181, 0.68472775434568245106, 0.44469875374953198097, -0.54329729524870709166],
    [2.0, 1.5, 0.21504270350936404505, 0.1776407381104597636, -0.25371178314677265419],
    [0.0, 2.743769309091214, 1.2127840745044521742, -0.78523799228030261492, 1.0128730187572752721],
    [0.0, 1.0, 0.53872250608645671169, -0.10904251070204018672, -0.70005596325985922978],
    [3.0, 0.5, 1.2330648780527074348, 0.44444553182602281752, -1.7777821178014953446],
    [-4.2, 0.35, 9.8808988320161277774, -2.75906873583593491, -2.7096135047602961772],
    [1.5, 3.0, 0.81698123298768603656, -0.099937283009537599902, 1.016079578424367986],
    [0.0, 5.0, 4.7315758548355849889, -0.86913942712874262153, 2.0887040344344277331],
    [-6.0, 5.0, 18.181249149030224242, -3.6008456425486449521, 2.0300361464870685936],
    [6.0, 0.5, 4.5663983437179532449, 1.7777777777777777778, -1.7777777777777777778],
    [-0.7, 8.0, 13.787343096261230846, -1.1975118198159850112, 3.4598366279642706952],
    [-5.719063545150502, 4.006688963210702, 15.416505466304720836, -3.5007044832997086844, 1.5219226126476920616],
    [-2.3879598662207355, 4.217391304347826, 6.6183986653435434335, -1.9744059566796703724, 1.7323763147584872977],
];
const LOPSIDED_CELLS: [(usize, usize, f64); 8] = [
    (0, 0, 15.233064994409450392),
    (7, 3, 10.294104391421228508),
    (30, 0, 1.2710366340591549558),
    (30, 45, 4.7315758548355849889),
    (45, 10, 0.54549439710458502421),
    (60, 45, 7.6334829654097915359),
    (15, 22, 5.8643890124508018829),
    (52, 31, 2.9904589228429355199),
];
// SPIKE: [(0.2, 0.0, 0.05), (0.8, 1.0, 2.0)]
#[rustfmt::skip]
const SPIKE_POINTS: [[f64; 5]; 13] = [
    [2.984305988536099, 1.0233685606096181, 1.0138287045976759392, 0.50305167979650225938, -0.73920007711303588616],
    [2.0, 1.5, 0.3692633393052320867, 0.29243850697133760024, -0.31635076710531177842],
    [0.0, 2.743769309091214, 0.40943627629406810974, -0.24999472306288160083, 0.34463163676363677619],
    [0.0, 1.0, 0.49220712283025151292, -0.24989155887689314533, -0.57660271170271569154],
    [3.0, 0.5, 1.640687905541921535, 0.50000008148252357267, -1.8750004680686848328],
    [-4.2, 0.35, 4.8614253563728329904, -1.3000000000000000444, -2.7696428571428573297],
    [1.5, 3.0, 0.42263162750457453785, 0.13354927746596667218, 0.42948355302037231572],
    [0.0, 5.0, 2.0219700529453875628, -0.24999912752344897837, 1.0569754499163074204],
    [-6.0, 5.0, 8.0398690722259089944, -1.7540750299558219706, 1.0485074592762654344],
    [6.0, 0.5, 4.2656879124341003191, 1.25, -1.875],
    [-0.7, 8.0, 6.6763795610083167037, -0.42523733154303275452, 1.877694039248589313],
    [-5.719063545150502, 4.006688963210702, 6.6625229231720027754, -1.6853655627617275264, 0.74802306198560222701],
    [-2.3879598662207355, 4.217391304347826, 2.5999230394594416467, -0.85171806074640021497, 0.82291109645230962529],
];
const SPIKE_CELLS: [(usize, usize, f64); 8] = [
    (0, 0, 7.2656879124341003191),
    (7, 3, 4.6394342672112581125),
    (30, 0, 0.91956438782795063406),
    (30, 45, 2.0219700529453875628),
    (45, 10, 0.77630982092178675917),
    (60, 45, 5.0398741689653777219),
    (15, 22, 2.299430532413728689),
    (52, 31, 2.1774021223963049748),
];

fn two_peaks() -> Target {
    Target::normal_mixture(&[(0.5, -3.0, 1.0), (0.5, 3.0, 1.0)]).unwrap()
}

fn lopsided() -> Target {
    Target::normal_mixture(&[(0.3, -1.0, 0.5), (0.7, 2.0, 1.5)]).unwrap()
}

fn spike() -> Target {
    Target::normal_mixture(&[(0.2, 0.0, 0.05), (0.8, 1.0, 2.0)]).unwrap()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + b.abs())
}

#[test]
fn objective_values_and_gradients_match_mpmath() {
    for (t, rows) in [
        (two_peaks(), TWO_PEAKS_POINTS),
        (lopsided(), LOPSIDED_POINTS),
        (spike(), SPIKE_POINTS),
    ] {
        let o = Objective::new(&t, &Normal, Direction::Reverse).unwrap();
        for [mu, s, kl, dmu, ds] in rows {
            let v = o.value(&[mu, s]).unwrap();
            assert!(close(v, kl, VALUE_TOL), "({mu}, {s}): {v} vs {kl}");
            let g = o.gradient(&[mu, s]).unwrap();
            assert!(
                close(g[0], dmu, GRADIENT_TOL),
                "∂μ ({mu}, {s}): {} vs {dmu}",
                g[0]
            );
            assert!(
                close(g[1], ds, GRADIENT_TOL),
                "∂σ ({mu}, {s}): {} vs {ds}",
                g[1]
            );
        }
    }
}

#[test]
fn landscape_cells_match_mpmath() {
    let mu = Axis::linspace("mu", -6.0, 6.0, 61).unwrap();
    let sigma = Axis::linspace("sigma", 0.5, 5.0, 46).unwrap();
    for (t, cells) in [
        (two_peaks(), TWO_PEAKS_CELLS),
        (lopsided(), LOPSIDED_CELLS),
        (spike(), SPIKE_CELLS),
    ] {
        let axes = [sigma.clone(), mu.clone()];
        let s = GridSweep::new(&t, &Normal)
            .axes(axes.iter().cloned())
            .directions(Directions::Reverse)
            .run()
            .unwrap();
        for (i, j, kl) in cells {
            let v = s.reverse_nats[j * 61 + i];
            assert!(close(v, kl, VALUE_TOL), "cell ({i}, {j}): {v} vs {kl}");
        }
    }
    // The bench's 300 × 300 surface at cell (90, 247), where the old
    // per-point rule was off by 1.7e-4 (the last row of TWO_PEAKS_POINTS).
    let axes = [
        Axis::linspace("sigma", 0.5, 5.0, 300).unwrap(),
        Axis::linspace("mu", -6.0, 6.0, 300).unwrap(),
    ];
    let s = GridSweep::new(&two_peaks(), &Normal)
        .axes(axes.iter().cloned())
        .directions(Directions::Reverse)
        .run()
        .unwrap();
    let [mu, sigma, kl, ..] = TWO_PEAKS_POINTS[TWO_PEAKS_POINTS.len() - 1];
    assert_eq!((axes[1].values()[90], axes[0].values()[247]), (mu, sigma));
    let v = s.reverse_nats[247 * 300 + 90];
    assert!(close(v, kl, VALUE_TOL), "{v} vs {kl}");
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

#[test]
fn convolution_sweeps_do_not_depend_on_threads_splits_or_axis_order() {
    let t = lopsided();
    let mu = Axis::linspace("mu", -4.0, 5.0, 41).unwrap();
    let sigma = Axis::linspace("sigma", 0.3, 4.0, 23).unwrap();
    let axes = [sigma.clone(), mu.clone()];
    let sweep = || {
        GridSweep::new(&t, &Normal)
            .axes(axes.iter().cloned())
            .directions(Directions::Reverse)
            .run()
            .unwrap()
    };
    let one = run_on(1, sweep);
    let three = run_on(3, sweep);
    assert_eq!(bits(&one.reverse_nats), bits(&three.reverse_nats));
    // Slices of a partition, concatenated, are the whole sweep.
    let mut parts = Vec::new();
    for r in [0..500, 500..517, 517..943] {
        let s = GridSweep::new(&t, &Normal)
            .axes(axes.iter().cloned())
            .directions(Directions::Reverse)
            .range(r)
            .run()
            .unwrap();
        parts.extend(s.reverse_nats);
    }
    assert_eq!(bits(&parts), bits(&one.reverse_nats));
    // The means on the first axis: the same lines, transposed.
    let swapped = [mu.clone(), sigma.clone()];
    let s = GridSweep::new(&t, &Normal)
        .axes(swapped.iter().cloned())
        .directions(Directions::Reverse)
        .run()
        .unwrap();
    for j in 0..23 {
        for i in 0..41 {
            assert_eq!(
                s.reverse_nats[i * 23 + j].to_bits(),
                one.reverse_nats[j * 41 + i].to_bits()
            );
        }
    }
}

#[test]
fn uneven_means_bounded_targets_and_unnormalised_densities() {
    // Unevenly spaced means: evaluated point by point, bit for bit.
    let t = two_peaks();
    let o = Objective::new(&t, &Normal, Direction::Reverse).unwrap();
    let mu = Axis::new("mu", vec![-2.0, 0.5, 1.0, 4.0]).unwrap();
    let sigma = Axis::linspace("sigma", 0.5, 2.0, 3).unwrap();
    let s = GridSweep::new(&t, &Normal)
        .axes([sigma.clone(), mu.clone()])
        .directions(Directions::Reverse)
        .run()
        .unwrap();
    for (j, &sd) in sigma.values().iter().enumerate() {
        for (i, &m) in mu.values().iter().enumerate() {
            let v = o.value(&[m, sd]).unwrap();
            assert_eq!(s.reverse_nats[j * 4 + i].to_bits(), v.to_bits());
        }
    }
    // A target with bounded support (ln p = −∞ below 0): every cell is the
    // per-point value.
    let g = Target::distribution(divergence::statrs::distribution::Gamma::new(2.0, 1.0).unwrap());
    let og = Objective::new(&g, &Normal, Direction::Reverse).unwrap();
    let mu = Axis::linspace("mu", 1.0, 3.0, 3).unwrap();
    let sigma = Axis::linspace("sigma", 0.5, 1.0, 2).unwrap();
    let s = GridSweep::new(&g, &Normal)
        .axes([sigma.clone(), mu.clone()])
        .directions(Directions::Reverse)
        .run()
        .unwrap();
    for (j, &sd) in sigma.values().iter().enumerate() {
        for (i, &m) in mu.values().iter().enumerate() {
            let v = og.value(&[m, sd]).unwrap();
            assert_eq!(s.reverse_nats[j * 3 + i].to_bits(), v.to_bits());
        }
    }
    // An unnormalised density, 5·(the two peaks): KL − ln 5, by convolution.
    let u = Target::unnormalized(|x: f64| {
        let a = -0.5 * (x + 3.0) * (x + 3.0);
        let b = -0.5 * (x - 3.0) * (x - 3.0);
        let m = a.max(b);
        m + ((a - m).exp() + (b - m).exp()).ln() + (5.0f64 / 2.0).ln()
            - 0.5 * (2.0 * core::f64::consts::PI).ln()
    });
    let mu = Axis::linspace("mu", -6.0, 6.0, 61).unwrap();
    let sigma = Axis::linspace("sigma", 0.5, 5.0, 46).unwrap();
    let s = GridSweep::new(&u, &Normal)
        .axes([sigma, mu])
        .directions(Directions::Reverse)
        .run()
        .unwrap();
    for (i, j, kl) in TWO_PEAKS_CELLS {
        let v = s.reverse_nats[j * 61 + i] + 5f64.ln();
        assert!(close(v, kl, VALUE_TOL), "cell ({i}, {j}): {v} vs {kl}");
    }
}
