//! The `sensor-sampler` example (targets/sensor-sampler) against a
//! simulated sensor: the Cortex-M4 image runs it, and so does the host, for
//! the digest.
//!
//! [`SimSensor`] implements `embedded_hal::i2c::I2c` and answers like the
//! TMP117-style chip the driver expects: its id register, and a temperature
//! that ripples around 22 °C (a ±0.25 °C triangle, period 16 readings) with
//! one spike to 85 °C at reading [`SPIKE_AT`] and one lost transfer (no
//! acknowledge) at reading [`NACK_AT`]. [`AlarmPin`] is the
//! `embedded_hal::digital::OutputPin` the sampler raises.
//!
//! Report lines: `SENSOR id=..`, `SENSOR learned=..`, one
//! `SENSOR i=<reading> mC=<millidegrees> verdict=normal|anomaly cos=<score> alarm=<0|1>`
//! per scored reading (`SENSOR i=<reading> error=nack` for the lost one), and
//! `SENSOR summary ...`. The run fails unless exactly the spike is an
//! anomaly, the lost transfer is reported as an error, and the alarm is
//! raised once and lowered again.

use core::convert::Infallible;
use core::fmt::{self, Write};

use embedded_hal::digital::{self, OutputPin};
use embedded_hal::i2c::{self, ErrorKind, I2c, NoAcknowledgeSource, Operation};
use sensor_sampler::sampler::{Config, Error, Sampler, Verdict};
use sensor_sampler::sensor::{
    TempSensor, COUNTS_PER_CELSIUS, DEFAULT_ADDRESS, DEVICE_ID, REG_DEVICE_ID, REG_TEMPERATURE,
};

use crate::{clock::Clock, digest::Fnv64, workload::Failure};

/// Dimension the sampler runs at.
pub const D: usize = crate::workload::D;
/// Temperature reads the demo makes.
pub const READINGS: u32 = 40;
/// Readings that form the baseline.
pub const WARMUP: u32 = 16;
/// The reading that spikes to 85 °C.
pub const SPIKE_AT: u32 = 30;
/// The reading whose transfer is not acknowledged.
pub const NACK_AT: u32 = 24;

/// A simulated TMP117-style sensor on a simulated I2C bus.
#[derive(Debug, Default)]
pub struct SimSensor {
    /// The register the next read returns.
    pointer: u8,
    /// Temperature reads so far.
    reads: u32,
}

impl SimSensor {
    /// Temperature of reading `n`, in counts of 1/128 °C.
    pub fn counts(n: u32) -> i16 {
        if n == SPIKE_AT {
            return 85 * COUNTS_PER_CELSIUS as i16;
        }
        // Triangle from -32 to +32 counts (±0.25 °C) and back, period 16.
        let phase = (n % 16) as i16;
        let ripple = if phase < 8 {
            phase * 8 - 32
        } else {
            96 - phase * 8
        };
        22 * COUNTS_PER_CELSIUS as i16 + ripple
    }
}

impl i2c::ErrorType for SimSensor {
    type Error = ErrorKind;
}

impl I2c for SimSensor {
    fn transaction(
        &mut self,
        address: u8,
        operations: &mut [Operation<'_>],
    ) -> Result<(), Self::Error> {
        if address != DEFAULT_ADDRESS {
            return Err(ErrorKind::NoAcknowledge(NoAcknowledgeSource::Address));
        }
        for op in operations {
            match op {
                Operation::Write(bytes) => {
                    if let Some(&register) = bytes.first() {
                        self.pointer = register;
                    }
                }
                Operation::Read(buffer) => {
                    let value = match self.pointer {
                        REG_DEVICE_ID => DEVICE_ID,
                        REG_TEMPERATURE => {
                            let n = self.reads;
                            self.reads += 1;
                            if n == NACK_AT {
                                return Err(ErrorKind::NoAcknowledge(NoAcknowledgeSource::Data));
                            }
                            Self::counts(n) as u16
                        }
                        _ => 0,
                    };
                    for (b, v) in buffer.iter_mut().zip(value.to_be_bytes()) {
                        *b = v;
                    }
                }
            }
        }
        Ok(())
    }
}

/// An alarm line that remembers its level and counts rising edges.
#[derive(Debug, Default)]
pub struct AlarmPin {
    high: bool,
    rises: u32,
}

impl digital::ErrorType for AlarmPin {
    type Error = Infallible;
}

impl OutputPin for AlarmPin {
    fn set_low(&mut self) -> Result<(), Infallible> {
        self.high = false;
        Ok(())
    }

    fn set_high(&mut self) -> Result<(), Infallible> {
        if !self.high {
            self.rises += 1;
        }
        self.high = true;
        Ok(())
    }
}

/// A score in [-1, 1] with three decimals, printed without the float
/// formatter (which would cost several KiB of flash).
struct Milli(f32);

impl fmt::Display for Milli {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Scores are in [-1, 1]; the cast saturates anyway.
        let m = (self.0 * 1000.0 + if self.0 < 0.0 { -0.5 } else { 0.5 }) as i32;
        let sign = if m < 0 { "-" } else { "" };
        write!(
            f,
            "{}{}.{:03}",
            sign,
            m.unsigned_abs() / 1000,
            m.unsigned_abs() % 1000
        )
    }
}

/// Runs the sampler over [`READINGS`] simulated reads; prints the verdicts
/// and folds them into the digest.
#[inline(never)]
pub fn demo<W: Write, C: Clock>(h: &mut Fnv64, out: &mut W, clock: &mut C) -> Result<(), Failure> {
    let mut sensor = TempSensor::new(SimSensor::default(), DEFAULT_ADDRESS);
    let id = sensor.check_id().map_err(|_| "sensor: id check failed")?;
    let _ = writeln!(
        out,
        "SENSOR id={:#06x} address={:#04x}",
        id,
        sensor.address()
    );
    h.write(&id.to_le_bytes());

    let config = Config {
        warmup: WARMUP,
        ..Config::default()
    };
    let mut sampler = Sampler::<D, _, _>::new(sensor, AlarmPin::default(), config)
        .map_err(|_| "sensor: sampler configuration rejected")?;
    let (mut learned, mut normal, mut anomalies, mut errors) = (0u32, 0u32, 0u32, 0u32);
    for i in 0..READINGS {
        let t0 = clock.now();
        let result = sampler.sample();
        let ticks = clock.now().wrapping_sub(t0);
        let sample = match result {
            Ok(sample) => sample,
            Err(Error::Sensor(e)) => {
                errors += 1;
                let what = match e.bus_kind() {
                    Some(ErrorKind::NoAcknowledge(_)) => "nack",
                    Some(_) => "bus",
                    None => "device",
                };
                let _ = writeln!(out, "SENSOR i={} error={}", i, what);
                h.write(&i.to_le_bytes());
                if i != NACK_AT {
                    return Err("sensor: unexpected bus error");
                }
                continue;
            }
            Err(_) => return Err("sensor: alarm pin error"),
        };
        h.write(&sample.temperature.raw().to_le_bytes());
        // Cost of one reading: I2C transfer, encode, then accumulator add
        // (learning) or cosine against the baseline (scoring).
        if i == 0 || i == WARMUP {
            let name = if i == 0 {
                "sensor_learn"
            } else {
                "sensor_score"
            };
            crate::workload::cycles_line(out, name, Some(D), ticks, clock.ticks_to_insns(ticks));
        }
        let (verdict, score) = match sample.verdict {
            Verdict::Learning { remaining } => {
                learned += 1;
                h.write(&remaining.to_le_bytes());
                continue;
            }
            Verdict::Normal { score } => {
                normal += 1;
                ("normal", score)
            }
            Verdict::Anomaly { score } => {
                anomalies += 1;
                ("anomaly", score)
            }
        };
        h.write(&score.to_bits().to_le_bytes());
        h.write(&[u8::from(sampler.alarm_raised())]);
        if i == WARMUP {
            let _ = writeln!(out, "SENSOR learned={} readings", learned);
        }
        let _ = writeln!(
            out,
            "SENSOR i={} mC={} verdict={} cos={} alarm={}",
            i,
            sample.temperature.millicelsius(),
            verdict,
            Milli(score),
            u8::from(sampler.alarm_raised())
        );
        if sample.verdict.is_anomaly() != (i == SPIKE_AT) {
            return Err("sensor: wrong verdict");
        }
    }
    let (_, pin) = sampler.release();
    let _ = writeln!(
        out,
        "SENSOR summary learned={} normal={} anomalies={} errors={} alarm_rises={} alarm_now={}",
        learned,
        normal,
        anomalies,
        errors,
        pin.rises,
        u8::from(pin.high)
    );
    h.write(&[learned, normal, anomalies, errors, pin.rises].map(|n| n as u8));
    if (anomalies, errors, pin.rises, pin.high) != (1, 1, 1, false) {
        return Err("sensor: expected one anomaly, one bus error, one alarm");
    }
    Ok(())
}
