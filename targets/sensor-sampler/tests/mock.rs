//! The driver and the sampler against `embedded-hal-mock`: every I2C
//! transfer and every pin write is an expectation, checked by `done()`.

use embedded_hal::i2c::{ErrorKind, NoAcknowledgeSource};
use embedded_hal_mock::eh1::digital::{Mock as PinMock, State, Transaction as PinT};
use embedded_hal_mock::eh1::i2c::{Mock as I2cMock, Transaction as I2cT};
use sensor_sampler::sampler::{Config, Error, Sampler, Verdict};
use sensor_sampler::sensor::{
    self, TempSensor, Temperature, DEFAULT_ADDRESS, REG_DEVICE_ID, REG_TEMPERATURE,
};

const D: usize = 1024;

/// The I2C transfer that reads the temperature register as `celsius`.
fn reading(celsius: f32) -> I2cT {
    let raw = Temperature::from_celsius(celsius).raw();
    I2cT::write_read(
        DEFAULT_ADDRESS,
        vec![REG_TEMPERATURE],
        raw.to_be_bytes().to_vec(),
    )
}

/// A calm room: 22 °C with a few hundredths of a degree of ripple.
fn calm(i: usize) -> f32 {
    22.0 + [0.0, 0.05, 0.1, 0.05, 0.0, -0.05, -0.1, -0.05][i % 8]
}

fn sampler(bus: &I2cMock, pin: &PinMock, warmup: u32) -> Sampler<D, I2cMock, PinMock> {
    let config = Config {
        warmup,
        ..Config::default()
    };
    Sampler::new(
        TempSensor::new(bus.clone(), DEFAULT_ADDRESS),
        pin.clone(),
        config,
    )
    .expect("valid config, pin accepts set_low")
}

#[test]
fn reads_a_big_endian_register_and_checks_the_id() {
    let mut bus = I2cMock::new(&[
        I2cT::write_read(DEFAULT_ADDRESS, vec![REG_DEVICE_ID], vec![0x01, 0x17]),
        I2cT::write_read(DEFAULT_ADDRESS, vec![REG_DEVICE_ID], vec![0x31, 0x17]),
        I2cT::write_read(DEFAULT_ADDRESS, vec![REG_DEVICE_ID], vec![0x00, 0x75]),
        I2cT::write_read(DEFAULT_ADDRESS, vec![REG_TEMPERATURE], vec![0xFF, 0x80]),
    ]);
    let mut sensor = TempSensor::new(bus.clone(), DEFAULT_ADDRESS);
    assert_eq!(sensor.check_id(), Ok(0x0117));
    // Revision bits are ignored.
    assert_eq!(sensor.check_id(), Ok(0x3117));
    assert_eq!(
        sensor.check_id(),
        Err(sensor::Error::WrongDevice { found: 0x0075 })
    );
    let t = sensor.read_temperature().expect("mock answers");
    assert_eq!(t.raw(), -128);
    assert_eq!(t.celsius(), -1.0);
    bus.done();
}

#[test]
fn normal_readings_keep_the_pin_low() {
    let n_warm = 16;
    let expected: Vec<I2cT> = (0..n_warm + 24).map(|i| reading(calm(i))).collect();
    let mut bus = I2cMock::new(&expected);
    // Only the initial drive low: the pin never moves.
    let mut pin = PinMock::new(&[PinT::set(State::Low)]);
    let mut s = sampler(&bus, &pin, n_warm as u32);
    for i in 0..n_warm {
        let sample = s.sample().expect("mock answers");
        assert_eq!(
            sample.verdict,
            Verdict::Learning {
                remaining: (n_warm - 1 - i) as u32
            }
        );
    }
    assert!(s.is_trained());
    for _ in 0..24 {
        let v = s.sample().expect("mock answers").verdict;
        let score = v.score().expect("trained");
        assert!(!v.is_anomaly() && score > 0.9, "{v:?}");
    }
    assert!(!s.alarm_raised());
    bus.done();
    pin.done();
}

#[test]
fn an_out_of_range_reading_raises_the_pin() {
    let mut transfers: Vec<I2cT> = (0..8).map(|i| reading(calm(i))).collect();
    transfers.push(reading(calm(0)));
    transfers.push(reading(85.0)); // the spike
    transfers.push(reading(calm(1)));
    transfers.push(reading(27.0)); // 5 °C off: also out of range
    let mut bus = I2cMock::new(&transfers);
    let mut pin = PinMock::new(&[
        PinT::set(State::Low),  // new()
        PinT::set(State::High), // the spike
        PinT::set(State::Low),  // back to normal
        PinT::set(State::High), // 27 °C
    ]);
    let mut s = sampler(&bus, &pin, 8);
    for _ in 0..8 {
        s.sample().expect("mock answers");
    }
    let normal = s.sample().expect("mock answers").verdict;
    assert!(
        matches!(normal, Verdict::Normal { score } if score > 0.9),
        "{normal:?}"
    );
    let spike = s.sample().expect("mock answers").verdict;
    assert!(
        matches!(spike, Verdict::Anomaly { score } if score.abs() < 0.1),
        "{spike:?}"
    );
    assert!(s.alarm_raised());
    assert!(!s.sample().expect("mock answers").verdict.is_anomaly());
    assert!(!s.alarm_raised());
    assert!(s.sample().expect("mock answers").verdict.is_anomaly());
    bus.done();
    pin.done();
}

#[test]
fn a_bus_error_is_reported_not_a_panic() {
    let nack = ErrorKind::NoAcknowledge(NoAcknowledgeSource::Address);
    let mut bus = I2cMock::new(&[
        reading(22.0),
        reading(22.0).with_error(nack),
        reading(22.0),
        reading(60.0).with_error(ErrorKind::Bus),
        reading(22.0),
    ]);
    let mut pin = PinMock::new(&[PinT::set(State::Low)]);
    let mut s = sampler(&bus, &pin, 1);
    assert_eq!(
        s.sample().expect("mock answers").verdict,
        Verdict::Learning { remaining: 0 }
    );
    let err = s.sample().expect_err("the mock NACKs");
    assert_eq!(err, Error::Sensor(sensor::Error::Bus(nack)));
    assert!(
        err.to_string().contains("NoAcknowledge"),
        "readable error: {err}"
    );
    // The failed read changed nothing: scoring carries on.
    assert!(!s.sample().expect("mock answers").verdict.is_anomaly());
    let err = s.sample().expect_err("bus error");
    assert!(matches!(err, Error::Sensor(e) if e.bus_kind() == Some(ErrorKind::Bus)));
    assert!(!s.alarm_raised());
    assert!(!s.sample().expect("mock answers").verdict.is_anomaly());
    bus.done();
    pin.done();
}

#[test]
fn a_bad_scale_is_a_config_error() {
    let mut bus = I2cMock::new(&[]);
    let mut pin = PinMock::new(&[]);
    let config = Config {
        scale_celsius: 0.0,
        ..Config::default()
    };
    let r = Sampler::<64, _, _>::new(
        TempSensor::new(bus.clone(), DEFAULT_ADDRESS),
        pin.clone(),
        config,
    );
    assert!(matches!(r, Err(Error::Config(_))));
    bus.done();
    pin.done();
}
