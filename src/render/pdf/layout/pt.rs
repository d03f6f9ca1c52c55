//! [`Pt`]: a length in PDF points, typed so that points never mix with ems
//! or bare ratios by accident. Each operation is the one f32 operation it
//! wraps, so typed arithmetic gives the same bits as the untyped did.

use std::iter::Sum;
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// A length in PDF points (1/72 inch).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Pt(pub f32);

impl Pt {
    /// No length.
    pub const ZERO: Pt = Pt(0.0);
    /// Longer than any length (the start of a search for a minimum).
    pub const INFINITY: Pt = Pt(f32::INFINITY);

    /// The smaller of two lengths (as `f32::min`).
    #[must_use]
    pub fn min(self, other: Pt) -> Pt {
        Pt(self.0.min(other.0))
    }

    /// The larger of two lengths (as `f32::max`).
    #[must_use]
    pub fn max(self, other: Pt) -> Pt {
        Pt(self.0.max(other.0))
    }

    /// The length without its sign.
    #[must_use]
    pub fn abs(self) -> Pt {
        Pt(self.0.abs())
    }
}

impl Add for Pt {
    type Output = Pt;
    fn add(self, other: Pt) -> Pt {
        Pt(self.0 + other.0)
    }
}

impl Sub for Pt {
    type Output = Pt;
    fn sub(self, other: Pt) -> Pt {
        Pt(self.0 - other.0)
    }
}

impl AddAssign for Pt {
    fn add_assign(&mut self, other: Pt) {
        self.0 += other.0;
    }
}

impl SubAssign for Pt {
    fn sub_assign(&mut self, other: Pt) {
        self.0 -= other.0;
    }
}

impl Mul<f32> for Pt {
    type Output = Pt;
    fn mul(self, factor: f32) -> Pt {
        Pt(self.0 * factor)
    }
}

impl Mul<Pt> for f32 {
    type Output = Pt;
    fn mul(self, length: Pt) -> Pt {
        Pt(self * length.0)
    }
}

impl Div<f32> for Pt {
    type Output = Pt;
    fn div(self, divisor: f32) -> Pt {
        Pt(self.0 / divisor)
    }
}

/// The ratio of two lengths.
impl Div for Pt {
    type Output = f32;
    fn div(self, other: Pt) -> f32 {
        self.0 / other.0
    }
}

impl Neg for Pt {
    type Output = Pt;
    fn neg(self) -> Pt {
        Pt(-self.0)
    }
}

/// Sums as `f32` does (same start, same order), so the bits match.
impl Sum for Pt {
    fn sum<I: Iterator<Item = Pt>>(iter: I) -> Pt {
        Pt(iter.map(|p| p.0).sum())
    }
}

impl<'a> Sum<&'a Pt> for Pt {
    fn sum<I: Iterator<Item = &'a Pt>>(iter: I) -> Pt {
        Pt(iter.map(|p| p.0).sum())
    }
}
