//! # sensor-sampler
//!
//! An embedded-hal 1.0 example for holon: a temperature sensor on I2C, a
//! baseline learnt on the device, and an alarm pin for readings that do not
//! fit it. `#![no_std]`, no allocation, no `unsafe`; it runs on the host
//! (tests drive it with `embedded-hal-mock`) and in the Cortex-M4 firmware
//! under QEMU (`targets/`, against a simulated sensor).
//!
//! - [`sensor`]: a driver generic over [`embedded_hal::i2c::I2c`] for a
//!   sensor with a TMP117-style register map (16-bit big-endian registers,
//!   a device-id check, an error type wrapping the bus error).
//! - [`sampler`]: encodes each reading with holon's linear magnitude encoder
//!   ([`holon_core::magnitude::LinearEncoder`]), adds the warm-up readings to an
//!   [`holon_core::Accumulator`], then scores every new reading by cosine
//!   against it and raises an [`embedded_hal::digital::OutputPin`] when the
//!   score falls below a threshold.
//!
//! ```
//! use embedded_hal_mock::eh1::digital::{Mock as Pin, State, Transaction as PinT};
//! use embedded_hal_mock::eh1::i2c::{Mock as I2c, Transaction as I2cT};
//! use sensor_sampler::sampler::{Config, Sampler};
//! use sensor_sampler::sensor::{TempSensor, DEFAULT_ADDRESS, REG_TEMPERATURE};
//!
//! // 22.0 °C is 0x0B00 counts of 1/128 °C; 85.0 °C is 0x2A80.
//! let read = |bytes: [u8; 2]| I2cT::write_read(DEFAULT_ADDRESS, vec![REG_TEMPERATURE], bytes.to_vec());
//! let mut bus = I2c::new(&[read([0x0B, 0x00]), read([0x0B, 0x10]), read([0x2A, 0x80])]);
//! let mut pin = Pin::new(&[PinT::set(State::Low), PinT::set(State::High)]);
//!
//! let config = Config { warmup: 1, ..Config::default() };
//! let sensor = TempSensor::new(bus.clone(), DEFAULT_ADDRESS);
//! let mut sampler = Sampler::<1024, _, _>::new(sensor, pin.clone(), config)?;
//! assert!(!sampler.sample()?.verdict.is_anomaly()); // learning 22.0 °C
//! assert!(!sampler.sample()?.verdict.is_anomaly()); // 22.125 °C: normal
//! assert!(sampler.sample()?.verdict.is_anomaly()); //  85.0 °C: alarm up
//!
//! bus.done();
//! pin.done();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod sampler;
pub mod sensor;

pub use sampler::{Config, Sample, Sampler, Verdict};
pub use sensor::{TempSensor, Temperature};
