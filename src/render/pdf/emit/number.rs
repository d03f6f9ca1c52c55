//! Numbers in content streams: fixed-point decimals with the precision a
//! page needs, written without `core::fmt`. Layout's f32 lengths carry noise
//! below a thousandth of a point (`97.640015` for 97.64); writing it made
//! the streams longer for Flate to compress and cost float-to-shortest
//! formatting for every number.

/// Decimals of a position or length in points: 0.0005 pt at most from the
/// layout's value, under a hundredth of a pixel at 1,200 dpi (f32 itself
/// is only about 0.00006 pt exact at page coordinates near 800).
pub(super) const POINT_DECIMALS: u32 = 3;

/// Decimals of a colour component: 0.0005 at most, an eighth of one step of
/// an 8-bit channel, so a colour given as `#RRGGBB` keeps its exact bytes.
const COLOR_DECIMALS: u32 = 3;

/// `value` in units of `10^-decimals`, rounded half away from zero (0 for
/// what is not finite; saturated far beyond any page).
pub(super) fn scaled(value: f32, decimals: u32) -> i64 {
    if !value.is_finite() {
        return 0;
    }
    // f64 holds every f32 exactly, and its product with a small power of
    // ten rounds only far below the last decimal kept.
    let scaled = f64::from(value) * 10f64.powi(decimals as i32);
    // Rounded half away from zero by hand: `f64::round` is a call into libm
    // on the baseline x86-64 target. `as` truncates towards zero and
    // saturates (no page is 10^15 points wide).
    let whole = scaled as i64;
    let rest = scaled - whole as f64;
    if rest >= 0.5 {
        whole.saturating_add(1)
    } else if rest <= -0.5 {
        whole.saturating_sub(1)
    } else {
        whole
    }
}

/// Writes a space, then `units` times `10^-decimals` in plain decimal: no
/// exponent (PDF has none), no trailing zeros, no decimal point for whole
/// numbers, `0` rather than `-0`.
pub(super) fn push_scaled(out: &mut Vec<u8>, units: i64, decimals: u32) {
    out.push(b' ');
    if units < 0 {
        out.push(b'-');
    }
    let magnitude = units.unsigned_abs();
    let divisor = 10u64.pow(decimals);
    push_digits(out, magnitude / divisor);
    let mut fraction = magnitude % divisor;
    if fraction == 0 {
        return;
    }
    out.push(b'.');
    let mut digits = decimals;
    while fraction.is_multiple_of(10) {
        fraction /= 10;
        digits -= 1;
    }
    // Leading zeros of the fraction (0.05 is 5 hundredths, written "05").
    let mut width = 1;
    let mut rest = fraction / 10;
    while rest > 0 {
        width += 1;
        rest /= 10;
    }
    for _ in width..digits {
        out.push(b'0');
    }
    push_digits(out, fraction);
}

/// Writes a space and `value` rounded to `decimals` decimals.
pub(super) fn push(out: &mut Vec<u8>, value: f32, decimals: u32) {
    push_scaled(out, scaled(value, decimals), decimals);
}

/// Writes a colour's three components, each after a space, to
/// [`COLOR_DECIMALS`] decimals (what `rg` and `RG` take).
pub(super) fn push_rgb(out: &mut Vec<u8>, color: super::Color) {
    for value in [color.0, color.1, color.2] {
        push(out, value, COLOR_DECIMALS);
    }
}

/// Writes a space and `value` with every digit f32 gives (the shortest
/// that reads back as the same value), through `core::fmt`: for the few
/// numbers of a document drawn large and rotated (the watermark), where a
/// rounded size or angle would move its far end.
pub(super) fn push_exact(out: &mut Vec<u8>, value: f32) {
    use std::io::Write as _;
    let value = if value.is_finite() { value } else { 0.0 };
    // Rust's `Display` of a float never writes an exponent (PDF has none);
    // writing into a Vec cannot fail.
    let _ = write!(out, " {value}");
}

/// Writes the decimal digits of `n`.
fn push_digits(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        // A digit: the cast cannot truncate.
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(value: f32, decimals: u32) -> String {
        let mut out = Vec::new();
        push(&mut out, value, decimals);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plain_decimals_without_noise_or_trailing_zeros() {
        assert_eq!(written(97.640015, 3), " 97.64");
        assert_eq!(written(732.29004, 3), " 732.29");
        assert_eq!(written(10.5, 3), " 10.5");
        assert_eq!(written(700.0, 3), " 700");
        assert_eq!(written(0.05, 3), " 0.05");
        assert_eq!(written(0.0004, 3), " 0");
        assert_eq!(written(0.0005, 3), " 0.001");
        assert_eq!(written(-0.0004, 3), " 0");
        assert_eq!(written(-20.0, 3), " -20");
        assert_eq!(written(-339.2649, 3), " -339.265");
        assert_eq!(written(1.007, 3), " 1.007");
        assert_eq!(written(1e-7, 3), " 0");
        assert_eq!(written(f32::NAN, 3), " 0");
        assert_eq!(written(f32::INFINITY, 3), " 0");
        assert_eq!(written(3e9, 3), " 3000000000");
        assert_eq!(written(-0.75, 1), " -0.8");
        assert_eq!(written(0.25, 1), " 0.3");
        assert_eq!(written(-f32::MAX, 3), " -9223372036854775.808");
        assert_eq!(written(f32::MAX, 3), " 9223372036854775.807");
    }

    #[test]
    fn exact_numbers_keep_every_digit() {
        let mut out = Vec::new();
        push_exact(&mut out, 0.70710677);
        push_exact(&mut out, 1e-7);
        push_exact(&mut out, f32::NAN);
        assert_eq!(out, b" 0.70710677 0.0000001 0");
    }

    #[test]
    fn an_rgb_byte_survives_the_rounding() {
        for byte in 0..=255u8 {
            let component = f32::from(byte) / 255.0;
            let units = scaled(component, COLOR_DECIMALS);
            let back = units as f64 / 1000.0 * 255.0;
            assert_eq!(back.round() as u8, byte);
        }
    }
}
