//! A page's shapes (backgrounds, rules, the logo), written by hand like the
//! text object, so their numbers have the precision of a page
//! (`number.rs`) rather than every digit of an f32. Colour and line width
//! are set only when they change.

use super::Color;
use super::number::{self, POINT_DECIMALS};

/// The shapes of a page being written, and the graphics state they leave.
#[derive(Default)]
pub(super) struct Shapes {
    bytes: Vec<u8>,
    fill: Option<Color>,
    stroke: Option<Color>,
    width: Option<i64>,
}

impl Shapes {
    /// A filled rectangle from its lower left corner.
    pub(super) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Color) {
        if self.fill != Some(color) {
            self.color(color, b" rg");
            self.fill = Some(color);
        }
        self.points(&[x, y, w, h]);
        self.bytes.extend_from_slice(b" re f");
    }

    /// A stroked straight line.
    pub(super) fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, color: Color) {
        if self.stroke != Some(color) {
            self.color(color, b" RG");
            self.stroke = Some(color);
        }
        let width = number::scaled(width, POINT_DECIMALS);
        if self.width != Some(width) {
            number::push_scaled(&mut self.bytes, width, POINT_DECIMALS);
            self.bytes.extend_from_slice(b" w");
            self.width = Some(width);
        }
        self.points(&[from.0, from.1]);
        self.bytes.extend_from_slice(b" m");
        self.points(&[to.0, to.1]);
        self.bytes.extend_from_slice(b" l S");
    }

    /// The image XObject `name` scaled to `w` by `h` at (x, y), in a state
    /// of its own.
    pub(super) fn image(&mut self, name: &[u8], x: f32, y: f32, w: f32, h: f32) {
        self.bytes.extend_from_slice(b" q");
        self.points(&[w, 0.0, 0.0, h, x, y]);
        self.bytes.extend_from_slice(b" cm /");
        self.bytes.extend_from_slice(name);
        self.bytes.extend_from_slice(b" Do Q");
    }

    /// The shapes' operators (each after a space).
    pub(super) fn finish(self) -> Vec<u8> {
        self.bytes
    }

    fn color(&mut self, color: Color, operator: &[u8]) {
        number::push_rgb(&mut self.bytes, color);
        self.bytes.extend_from_slice(operator);
    }

    fn points(&mut self, values: &[f32]) {
        for value in values {
            number::push(&mut self.bytes, *value, POINT_DECIMALS);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_is_set_only_when_it_changes() {
        let grey = Color(0.78, 0.8, 0.83);
        let mut shapes = Shapes::default();
        shapes.rect(97.640015, 297.3399, 295.60098, 23.7, grey);
        shapes.rect(10.0, 20.0, 30.0, 40.0, grey);
        shapes.line((97.640015, 297.3399), (393.241, 297.3399), 0.9, grey);
        shapes.line((1.0, 2.0), (3.0, 4.0), 0.9, grey);
        shapes.line((1.0, 2.0), (3.0, 4.0), 0.4, Color(0.0, 0.0, 0.0));
        shapes.image(b"Logo", 5.0, 6.0, 70.5, 20.25);
        let expected = concat!(
            " 0.78 0.8 0.83 rg 97.64 297.34 295.601 23.7 re f 10 20 30 40 re f",
            " 0.78 0.8 0.83 RG 0.9 w 97.64 297.34 m 393.241 297.34 l S 1 2 m 3 4 l S",
            " 0 0 0 RG 0.4 w 1 2 m 3 4 l S q 70.5 0 0 20.25 5 6 cm /Logo Do Q",
        );
        assert_eq!(String::from_utf8(shapes.finish()).unwrap(), expected);
    }
}
