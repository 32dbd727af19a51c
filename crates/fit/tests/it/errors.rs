//! Invalid data, parameters, bounds and grids are errors, never panics.

use fit::{
    fit, Axis, Binomial, Direction, Error, FitOptions, GridSweep, Normal, Poisson, Solver, Split,
    Target,
};

use crate::WORMS;

#[test]
fn invalid_data() {
    assert!(matches!(
        Target::from_counts(&[]),
        Err(Error::Divergence(_))
    ));
    assert!(matches!(
        Target::from_counts(&[0, 0, 0]),
        Err(Error::Divergence(_))
    ));
    assert!(Target::from_probabilities(&[0.5, 0.6]).is_err());
    assert!(Target::from_probabilities(&[-0.5, 1.5]).is_err());
    assert!(matches!(Target::samples(&[]), Err(Error::EmptyData)));
    assert!(matches!(
        Target::samples(&[f64::INFINITY]),
        Err(Error::InvalidData { index: 0, .. })
    ));
    assert!(Target::normal_mixture(&[(0.7, 0.0, 1.0)]).is_err());
}

#[test]
fn invalid_parameters_and_bounds() {
    let t = Target::from_counts(&WORMS).unwrap();
    let b = Binomial::new(10).unwrap();
    assert!(Binomial::new(0).is_err());
    assert!(Split::new(11, 0).is_err());
    let start = |s: Vec<f64>| {
        FitOptions::new(Direction::Forward)
            .solver(Solver::Lbfgs)
            .start(s)
    };
    assert!(matches!(
        start(vec![1.5]).fit(&t, &b),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        start(vec![0.0]).fit(&t, &b),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        start(vec![0.5, 0.5]).fit(&t, &b),
        Err(Error::ParameterCount { .. })
    ));
    let brent = FitOptions::new(Direction::Forward).solver(Solver::Brent);
    assert!(matches!(
        brent.clone().bracket(0.6, 0.2).fit(&t, &b),
        Err(Error::InvalidBounds { .. })
    ));
    assert!(matches!(
        brent.clone().bracket(-1.0, 0.5).fit(&t, &b),
        Err(Error::InvalidBounds { .. })
    ));
    assert!(matches!(
        brent.clone().fit(&t, &Poisson),
        Err(Error::InvalidBounds { .. })
    ));
    let mix = Target::normal_mixture(&[(1.0, 0.0, 1.0)]).unwrap();
    assert!(matches!(
        brent.fit(&mix, &Normal),
        Err(Error::SolverMismatch { .. })
    ));
    assert!(matches!(
        fit(&t, &Normal, Direction::Forward),
        Err(Error::Unsupported { .. })
    ));
}

#[test]
fn invalid_grids() {
    let t = Target::from_counts(&WORMS).unwrap();
    let b = Binomial::new(10).unwrap();
    assert!(matches!(
        GridSweep::new(&t, &b)
            .axes([Axis::linspace("q", 0.0, 1.0, 5).unwrap()])
            .run(),
        Err(Error::UnknownParameter { .. })
    ));
    assert!(matches!(
        GridSweep::new(&t, &b)
            .axes([Axis::linspace("p", 0.0, 2.0, 5).unwrap()])
            .run(),
        Err(Error::InvalidGrid { .. })
    ));
    assert!(matches!(
        GridSweep::new(&t, &b).axes([]).run(),
        Err(Error::InvalidGrid { .. })
    ));
    let p = Axis::linspace("p", 0.0, 1.0, 5).unwrap();
    assert!(matches!(
        GridSweep::new(&t, &b).axes([p.clone(), p]).run(),
        Err(Error::InvalidGrid { .. })
    ));
    assert!(Axis::new("p", vec![0.2, 0.1]).is_err());
}
