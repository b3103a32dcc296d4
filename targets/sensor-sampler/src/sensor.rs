//! A driver for an I2C temperature sensor with a TMP117-style register map,
//! generic over [`embedded_hal::i2c::I2c`].
//!
//! The protocol is the common one for small sensors: every register is 16
//! bits, big-endian, read with a write of the register address followed by a
//! repeated-start read of two bytes ([`I2c::write_read`]).
//!
//! | register | address | content |
//! | --- | --- | --- |
//! | temperature | [`REG_TEMPERATURE`] (0x00) | two's complement, 1 LSB = 1/128 °C (7.8125 m°C) |
//! | device id | [`REG_DEVICE_ID`] (0x0F) | bits 11..0 are [`DEVICE_ID`] (0x117), bits 15..12 the revision |

use core::fmt;

use embedded_hal::i2c::{ErrorKind, I2c};

/// The sensor's default 7-bit bus address (address pin tied to ground).
pub const DEFAULT_ADDRESS: u8 = 0x48;
/// The temperature result register.
pub const REG_TEMPERATURE: u8 = 0x00;
/// The device identification register (the WHO_AM_I check).
pub const REG_DEVICE_ID: u8 = 0x0F;
/// The identifier in the low 12 bits of [`REG_DEVICE_ID`].
pub const DEVICE_ID: u16 = 0x0117;
/// The bits of [`REG_DEVICE_ID`] that hold [`DEVICE_ID`]; the rest is the
/// silicon revision, which the check ignores.
pub const DEVICE_ID_MASK: u16 = 0x0FFF;
/// Raw counts per degree Celsius.
pub const COUNTS_PER_CELSIUS: i32 = 128;

/// What can go wrong talking to the sensor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error<E> {
    /// The bus transfer failed (no acknowledge, arbitration lost, ...); the
    /// bus implementation's own error is inside.
    Bus(E),
    /// Something answered at the address, but its identification register
    /// holds `found`, not [`DEVICE_ID`].
    WrongDevice {
        /// The value read from [`REG_DEVICE_ID`].
        found: u16,
    },
}

impl<E: embedded_hal::i2c::Error> Error<E> {
    /// The bus error's portable kind, or `None` for a non-bus error.
    pub fn bus_kind(&self) -> Option<ErrorKind> {
        match self {
            Error::Bus(e) => Some(e.kind()),
            Error::WrongDevice { .. } => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Bus(e) => write!(f, "I2C bus error: {e:?}"),
            Error::WrongDevice { found } => write!(
                f,
                "wrong device: id register reads {found:#06x}, expected {DEVICE_ID:#05x} in bits 11..0"
            ),
        }
    }
}

impl<E: fmt::Debug> core::error::Error for Error<E> {}

/// One temperature reading, in the sensor's raw counts (1/128 °C).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Temperature(pub i16);

impl Temperature {
    /// The reading for `celsius`, rounded to the nearest count (saturating at
    /// the register's range; NaN gives 0).
    pub fn from_celsius(celsius: f32) -> Self {
        // `as` saturates and maps NaN to 0.
        Temperature(round_half_away(celsius * COUNTS_PER_CELSIUS as f32) as i16)
    }

    /// The raw register value.
    pub const fn raw(self) -> i16 {
        self.0
    }

    /// Degrees Celsius, exact (every count is a multiple of 2^-7).
    pub fn celsius(self) -> f64 {
        f64::from(self.0) / f64::from(COUNTS_PER_CELSIUS)
    }

    /// Thousandths of a degree Celsius, rounded towards minus infinity.
    pub const fn millicelsius(self) -> i32 {
        // 1000 / 128 = 125 / 16; an arithmetic shift floors.
        (self.0 as i32 * 125) >> 4
    }
}

/// Round half away from zero without `std` (the values are small).
fn round_half_away(x: f32) -> f32 {
    if x.is_nan() {
        0.0
    } else if x >= 0.0 {
        (x + 0.5) as i32 as f32
    } else {
        (x - 0.5) as i32 as f32
    }
}

/// The sensor on a bus. It owns the bus handle; share a bus between several
/// drivers with `embedded-hal-bus`.
///
/// Creating the driver does not touch the bus; call
/// [`check_id`](Self::check_id) once to make sure the right chip answers.
#[derive(Debug)]
pub struct TempSensor<I2C> {
    i2c: I2C,
    address: u8,
}

impl<I2C: I2c> TempSensor<I2C> {
    /// A driver for the sensor at 7-bit `address` (see [`DEFAULT_ADDRESS`]).
    pub const fn new(i2c: I2C, address: u8) -> Self {
        TempSensor { i2c, address }
    }

    /// The sensor's 7-bit bus address.
    pub const fn address(&self) -> u8 {
        self.address
    }

    /// Reads the 16-bit big-endian register `register`.
    pub fn read_register(&mut self, register: u8) -> Result<u16, Error<I2C::Error>> {
        let mut bytes = [0u8; 2];
        self.i2c
            .write_read(self.address, &[register], &mut bytes)
            .map_err(Error::Bus)?;
        Ok(u16::from_be_bytes(bytes))
    }

    /// The WHO_AM_I check: reads [`REG_DEVICE_ID`] and returns it if its low
    /// 12 bits are [`DEVICE_ID`], else [`Error::WrongDevice`].
    pub fn check_id(&mut self) -> Result<u16, Error<I2C::Error>> {
        let id = self.read_register(REG_DEVICE_ID)?;
        if id & DEVICE_ID_MASK == DEVICE_ID {
            Ok(id)
        } else {
            Err(Error::WrongDevice { found: id })
        }
    }

    /// Reads the latest temperature conversion.
    pub fn read_temperature(&mut self) -> Result<Temperature, Error<I2C::Error>> {
        let raw = self.read_register(REG_TEMPERATURE)?;
        Ok(Temperature(raw as i16))
    }

    /// Gives the bus back.
    pub fn release(self) -> I2C {
        self.i2c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_are_exact() {
        let t = Temperature(0x0B00); // 2816 counts = 22 °C
        assert_eq!(t.celsius(), 22.0);
        assert_eq!(t.millicelsius(), 22_000);
        assert_eq!(Temperature(1).millicelsius(), 7); // 7.8125
        assert_eq!(Temperature(-1).millicelsius(), -8); // floor
        assert_eq!(Temperature(i16::MIN).celsius(), -256.0);
        assert_eq!(Temperature::from_celsius(22.0), t);
        assert_eq!(Temperature::from_celsius(-0.01), Temperature(-1));
        assert_eq!(Temperature::from_celsius(1e9), Temperature(i16::MAX));
        assert_eq!(Temperature::from_celsius(f32::NAN), Temperature(0));
    }
}
