//! Named labels over holon-core's [`DiscreteReckoner`], which knows its
//! labels only as indices `0..L`: holon-rs's
//! `Reckoner::new(name, dims, interval, ReckConfig::Discrete(names))` shape,
//! boxed, with the names kept beside it.

use holon_core::memory::{DiscreteReckoner, Observation, Prediction};
use holon_core::Error;

/// A [`DiscreteReckoner<D, L>`] (holon-rs's history of 5 000, `f64`) whose
/// labels have names.
///
/// ```
/// use holon_core::{atom::atom, Vector};
/// use holon_std::reckoner::NamedReckoner;
///
/// let mut r = NamedReckoner::<512, 2>::new(["Win", "Loss"], 10)?;
/// let (up, down): (Vector<512>, Vector<512>) = (atom(0, "rally"), atom(0, "slide"));
/// for _ in 0..20 {
///     r.observe(&up, "Win", 1.0)?;
///     r.observe(&down, "Loss", 1.0)?;
/// }
/// let (name, p) = r.predict(&down);
/// assert_eq!(name, Some("Loss"));
/// assert!(p.conviction > 0.5);
/// # Ok::<(), holon_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct NamedReckoner<const D: usize, const L: usize> {
    names: [String; L],
    inner: Box<DiscreteReckoner<D, L>>,
}

impl<const D: usize, const L: usize> NamedReckoner<D, L> {
    /// A fresh reckoner for the labels `names` (index `i` is `names[i]`),
    /// recalibrating every `recalibrate_every` observations (0: never).
    /// Two equal names are [`Error::InvalidParameter`].
    ///
    /// ```
    /// use holon_std::reckoner::NamedReckoner;
    ///
    /// assert!(NamedReckoner::<8, 2>::new(["a", "a"], 5).is_err());
    /// ```
    pub fn new(names: [&str; L], recalibrate_every: u32) -> Result<Self, Error> {
        for (i, a) in names.iter().enumerate() {
            if names.iter().skip(i + 1).any(|b| b == a) {
                return Err(Error::InvalidParameter {
                    what: "label names must be distinct",
                });
            }
        }
        Ok(Self {
            names: names.map(str::to_owned),
            inner: Box::new(DiscreteReckoner::new(recalibrate_every)),
        })
    }

    /// The index of the label `name`.
    ///
    /// ```
    /// use holon_std::reckoner::NamedReckoner;
    ///
    /// let r = NamedReckoner::<8, 3>::new(["pos", "neg", "neutral"], 5)?;
    /// assert_eq!((r.label("neg"), r.label("other")), (Some(1), None));
    /// # Ok::<(), holon_core::Error>(())
    /// ```
    pub fn label(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The name of label `index`.
    ///
    /// ```
    /// use holon_std::reckoner::NamedReckoner;
    ///
    /// let r = NamedReckoner::<8, 2>::new(["Win", "Loss"], 5)?;
    /// assert_eq!((r.name(0), r.name(2)), (Some("Win"), None));
    /// # Ok::<(), holon_core::Error>(())
    /// ```
    pub fn name(&self, index: usize) -> Option<&str> {
        self.names.get(index).map(String::as_str)
    }

    /// Learns that `x` is an instance of the label `name`
    /// ([`DiscreteReckoner::observe`]); an unknown name is
    /// [`Error::InvalidParameter`].
    ///
    /// ```
    /// use holon_std::reckoner::NamedReckoner;
    ///
    /// let mut r = NamedReckoner::<4, 2>::new(["Win", "Loss"], 5)?;
    /// r.observe(&[1.0, 0.0, 0.0, 0.0], "Win", 1.0)?;
    /// assert!(r.observe(&[1.0, 0.0, 0.0, 0.0], "Draw", 1.0).is_err());
    /// assert_eq!(r.reckoner().label_count(0), 1);
    /// # Ok::<(), holon_core::Error>(())
    /// ```
    pub fn observe<X: Observation<D>>(
        &mut self,
        x: &X,
        name: &str,
        weight: f64,
    ) -> Result<(), Error> {
        let label = self.label(name).ok_or(Error::InvalidParameter {
            what: "no label of that name",
        })?;
        self.inner.observe(x, label, weight)
    }

    /// The winning label's name (if any) and the whole prediction
    /// ([`DiscreteReckoner::predict`]).
    ///
    /// ```
    /// use holon_std::reckoner::NamedReckoner;
    ///
    /// let r = NamedReckoner::<4, 2>::new(["Win", "Loss"], 5)?;
    /// assert_eq!(r.predict(&[1.0; 4]).0, None); // nothing learned yet
    /// # Ok::<(), holon_core::Error>(())
    /// ```
    pub fn predict<X: Observation<D>>(&self, x: &X) -> (Option<&str>, Prediction<L>) {
        let p = self.inner.predict(x);
        (p.label.and_then(|l| self.name(l)), p)
    }

    /// The core reckoner (curve, decay, prototypes, counters).
    ///
    /// ```
    /// use holon_std::reckoner::NamedReckoner;
    ///
    /// let r = NamedReckoner::<4, 2>::new(["Win", "Loss"], 5)?;
    /// assert!(!r.reckoner().is_ready());
    /// # Ok::<(), holon_core::Error>(())
    /// ```
    pub fn reckoner(&self) -> &DiscreteReckoner<D, L> {
        &self.inner
    }

    /// The core reckoner, mutably: [`resolve`](DiscreteReckoner::resolve),
    /// [`fit_curve`](DiscreteReckoner::fit_curve),
    /// [`decay`](DiscreteReckoner::decay).
    ///
    /// ```
    /// use holon_std::reckoner::NamedReckoner;
    ///
    /// let mut r = NamedReckoner::<4, 2>::new(["Win", "Loss"], 5)?;
    /// r.reckoner_mut().resolve(0.4, true)?;
    /// assert_eq!(r.reckoner().resolved(), 1);
    /// # Ok::<(), holon_core::Error>(())
    /// ```
    pub fn reckoner_mut(&mut self) -> &mut DiscreteReckoner<D, L> {
        &mut self.inner
    }
}
