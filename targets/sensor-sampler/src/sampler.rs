//! The anomaly sampler: learn what normal readings look like, then flag the
//! ones that do not.
//!
//! Each reading becomes a vector with holon's linear magnitude encoder
//! ([`LinearEncoder`]): nearby temperatures give similar vectors, and
//! readings one `scale` or more apart give near-orthogonal ones. During the
//! warm-up the vectors are added to an [`Accumulator`], the baseline. After
//! it, each reading is scored by its cosine against the baseline; a score
//! below the threshold is an anomaly and raises the alarm pin.

use embedded_hal::digital::OutputPin;
use embedded_hal::i2c::I2c;
use holon_core::magnitude::LinearEncoder;
use holon_core::{Accumulator, Vector};

use crate::sensor::{self, TempSensor, Temperature};

/// How the sampler learns and judges.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Seed of the encoder's parameter atoms (share it with any server that
    /// must compare vectors with this device).
    pub seed: u64,
    /// Degrees Celsius at which two readings become near-orthogonal.
    pub scale_celsius: f64,
    /// Readings that form the baseline before scoring starts.
    pub warmup: u32,
    /// Scores below this are anomalies.
    pub threshold: f32,
}

impl Default for Config {
    /// Seed 0; readings 16 °C apart are unrelated; 16 warm-up readings; a
    /// score below 0.5 (about 4 °C off the baseline) is an anomaly.
    fn default() -> Self {
        Config {
            seed: 0,
            scale_celsius: 16.0,
            warmup: 16,
            threshold: 0.5,
        }
    }
}

/// The judgement on one reading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// Still building the baseline; `remaining` readings to go.
    Learning {
        /// Warm-up readings still to come after this one.
        remaining: u32,
    },
    /// Scored at or above the threshold.
    Normal {
        /// Cosine against the baseline.
        score: f32,
    },
    /// Scored below the threshold; the alarm pin is high.
    Anomaly {
        /// Cosine against the baseline.
        score: f32,
    },
}

impl Verdict {
    /// True for [`Verdict::Anomaly`].
    pub fn is_anomaly(&self) -> bool {
        matches!(self, Verdict::Anomaly { .. })
    }

    /// The score, once the warm-up is over.
    pub fn score(&self) -> Option<f32> {
        match *self {
            Verdict::Learning { .. } => None,
            Verdict::Normal { score } | Verdict::Anomaly { score } => Some(score),
        }
    }
}

/// One reading and what the sampler made of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// The reading.
    pub temperature: Temperature,
    /// Its verdict.
    pub verdict: Verdict,
}

/// What can go wrong while sampling. `B` is the bus error, `P` the pin's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Error<B, P> {
    /// Reading the sensor failed; the sampler's state is unchanged.
    Sensor(sensor::Error<B>),
    /// Driving the alarm pin failed.
    Pin(P),
    /// The [`Config`] is unusable (a scale that is not positive and finite).
    Config(holon_core::Error),
}

impl<B: core::fmt::Debug, P: core::fmt::Debug> core::fmt::Display for Error<B, P> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Error::Sensor(e) => write!(f, "sensor: {e}"),
            Error::Pin(e) => write!(f, "alarm pin: {e:?}"),
            Error::Config(e) => write!(f, "configuration: {e}"),
        }
    }
}

impl<B: core::fmt::Debug, P: core::fmt::Debug> core::error::Error for Error<B, P> {}

/// Reads the sensor, learns a baseline, scores readings, drives the alarm.
///
/// Memory: about `12 * D` bytes inline (the encoder's table is `8 * D`, the
/// baseline `4 * D`), plus a `D`-byte vector on the stack while sampling:
/// 12 KiB at `D = 1024`. Time per reading: one encode and one accumulator
/// add (warm-up) or cosine (after it), all linear in `D`.
///
/// The alarm pin follows the latest verdict: [`new`](Self::new) drives it
/// low, an anomaly drives it high, the next normal reading low again. The
/// pin is written only when its level changes.
pub struct Sampler<const D: usize, I2C, P> {
    sensor: TempSensor<I2C>,
    alarm: P,
    alarm_high: bool,
    encoder: LinearEncoder<D>,
    baseline: Accumulator<D>,
    remaining: u32,
    threshold: f32,
}

impl<const D: usize, I2C: I2c, P: OutputPin> Sampler<D, I2C, P> {
    /// A sampler reading `sensor`, driving `alarm` (set low here).
    pub fn new(
        sensor: TempSensor<I2C>,
        mut alarm: P,
        config: Config,
    ) -> Result<Self, Error<I2C::Error, P::Error>> {
        let encoder =
            LinearEncoder::new(config.seed, config.scale_celsius).map_err(Error::Config)?;
        alarm.set_low().map_err(Error::Pin)?;
        Ok(Sampler {
            sensor,
            alarm,
            alarm_high: false,
            encoder,
            baseline: Accumulator::new(),
            remaining: config.warmup,
            threshold: config.threshold,
        })
    }

    /// Takes one reading and judges it. A bus error is returned as
    /// [`Error::Sensor`] and changes nothing: the next call simply tries
    /// again.
    pub fn sample(&mut self) -> Result<Sample, Error<I2C::Error, P::Error>> {
        let temperature = self.sensor.read_temperature().map_err(Error::Sensor)?;
        let verdict = self.observe(temperature).map_err(Error::Pin)?;
        Ok(Sample {
            temperature,
            verdict,
        })
    }

    /// Judges a reading obtained elsewhere: adds it to the baseline during
    /// the warm-up, scores it after, and drives the alarm pin.
    pub fn observe(&mut self, temperature: Temperature) -> Result<Verdict, P::Error> {
        let vector = self.encode(temperature);
        if self.remaining > 0 {
            self.baseline.add(&vector);
            self.remaining -= 1;
            return Ok(Verdict::Learning {
                remaining: self.remaining,
            });
        }
        let score = self.baseline.cosine(&vector);
        // A NaN score cannot happen, but would count as an anomaly.
        let anomaly = score.is_nan() || score < self.threshold;
        if anomaly != self.alarm_high {
            if anomaly {
                self.alarm.set_high()?;
            } else {
                self.alarm.set_low()?;
            }
            self.alarm_high = anomaly;
        }
        Ok(if anomaly {
            Verdict::Anomaly { score }
        } else {
            Verdict::Normal { score }
        })
    }

    /// The vector of a reading.
    pub fn encode(&self, temperature: Temperature) -> Vector<D> {
        self.encoder.encode(temperature.celsius())
    }

    /// True once the warm-up is over.
    pub fn is_trained(&self) -> bool {
        self.remaining == 0
    }

    /// True while the alarm pin is driven high.
    pub fn alarm_raised(&self) -> bool {
        self.alarm_high
    }

    /// The baseline learnt so far.
    pub fn baseline(&self) -> &Accumulator<D> {
        &self.baseline
    }

    /// Gives back the sensor and the pin.
    pub fn release(self) -> (TempSensor<I2C>, P) {
        (self.sensor, self.alarm)
    }
}
