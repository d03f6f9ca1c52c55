//! A page's text object (`BT` … `ET`), written by hand rather than with
//! pdf-writer's `Content`: pdf-writer writes a literal string's zero bytes as
//! four-byte octal escapes (`\000`), and every glyph code of an Identity-H
//! font starts with one, so text took about six bytes a glyph and Flate
//! compression of those streams was a fifth of a batch letter's CPU. Here a
//! glyph code is its two bytes in a literal string, escaping only what the
//! syntax needs (ISO 32000-1, 7.3.4.2). Lines are placed with `Td`, a move
//! from the previous line's start, rather than a whole matrix each.

use super::Color;
use super::number::{self, POINT_DECIMALS};

/// The text object being written.
pub(super) struct TextObject {
    bytes: Vec<u8>,
    /// Where the current line starts, in units of the position decimals,
    /// while the text matrix is a translation (`None` after a rotation).
    line: Option<(i64, i64)>,
}

impl TextObject {
    /// Opens the text object (`BT`; its text matrix is the identity).
    pub(super) fn begin() -> TextObject {
        let mut bytes = Vec::with_capacity(4096);
        bytes.extend_from_slice(b"BT");
        TextObject {
            bytes,
            line: Some((0, 0)),
        }
    }

    /// `r g b rg`: the fill colour of the text that follows.
    pub(super) fn fill_rgb(&mut self, color: Color) {
        number::push_rgb(&mut self.bytes, color);
        self.bytes.extend_from_slice(b" rg");
    }

    /// `/name size Tf`: the font of the text that follows.
    pub(super) fn font(&mut self, name: &[u8], size: f32) {
        self.bytes.extend_from_slice(b" /");
        self.bytes.extend_from_slice(name);
        number::push(&mut self.bytes, size, POINT_DECIMALS);
        self.bytes.extend_from_slice(b" Tf");
    }

    /// `/name size Tf` with every digit of `size`: for text drawn large and
    /// rotated (the watermark), with [`TextObject::matrix`].
    pub(super) fn font_exact(&mut self, name: &[u8], size: f32) {
        self.bytes.extend_from_slice(b" /");
        self.bytes.extend_from_slice(name);
        number::push_exact(&mut self.bytes, size);
        self.bytes.extend_from_slice(b" Tf");
    }

    /// The next text starts at (x, y): `dx dy Td` from the current line's
    /// start. The moves add up exactly, as each is a whole number of units
    /// between positions rounded once.
    pub(super) fn at(&mut self, x: f32, y: f32) {
        let to = (
            number::scaled(x, POINT_DECIMALS),
            number::scaled(y, POINT_DECIMALS),
        );
        match self.line {
            Some(from) => {
                number::push_scaled(&mut self.bytes, to.0.saturating_sub(from.0), POINT_DECIMALS);
                number::push_scaled(&mut self.bytes, to.1.saturating_sub(from.1), POINT_DECIMALS);
                self.bytes.extend_from_slice(b" Td");
            }
            None => {
                self.bytes.extend_from_slice(b" 1 0 0 1");
                number::push_scaled(&mut self.bytes, to.0, POINT_DECIMALS);
                number::push_scaled(&mut self.bytes, to.1, POINT_DECIMALS);
                self.bytes.extend_from_slice(b" Tm");
            }
        }
        self.line = Some(to);
    }

    /// `a b c d e f Tm`: the text matrix of the text that follows, with
    /// every digit (it is used for the watermark, once a document: a rounded
    /// angle would move the far end of its text).
    pub(super) fn matrix(&mut self, matrix: [f32; 6]) {
        for value in matrix {
            number::push_exact(&mut self.bytes, value);
        }
        self.bytes.extend_from_slice(b" Tm");
        self.line = None;
    }

    /// `[(codes) adjust (codes) …] TJ`: glyph codes, each with the adjustment
    /// after it in thousandths of an em (positive moves left, as TJ reads it).
    /// An adjustment is a thousandth of an em: at the decimals of a point,
    /// a millionth of an em.
    pub(super) fn show(&mut self, glyphs: impl IntoIterator<Item = (u16, f32)>) {
        self.bytes.extend_from_slice(b"[(");
        for (code, adjust) in glyphs {
            for byte in code.to_be_bytes() {
                self.string_byte(byte);
            }
            let adjust = number::scaled(adjust, POINT_DECIMALS);
            if adjust != 0 {
                self.bytes.push(b')');
                number::push_scaled(&mut self.bytes, adjust, POINT_DECIMALS);
                self.bytes.extend_from_slice(b" (");
            }
        }
        self.bytes.extend_from_slice(b")]TJ");
    }

    /// Closes the text object (`ET`) and gives its bytes.
    pub(super) fn end(mut self) -> Vec<u8> {
        self.bytes.extend_from_slice(b" ET");
        self.bytes
    }

    /// One byte inside a literal string: the delimiters and the backslash
    /// escaped, and line ends too (a reader would turn a raw CR into LF).
    fn string_byte(&mut self, byte: u8) {
        match byte {
            b'(' | b')' | b'\\' => self.bytes.extend_from_slice(&[b'\\', byte]),
            b'\r' => self.bytes.extend_from_slice(b"\\r"),
            b'\n' => self.bytes.extend_from_slice(b"\\n"),
            _ => self.bytes.push(byte),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_codes_are_raw_bytes_with_only_the_syntax_escaped() {
        let mut text = TextObject::begin();
        text.fill_rgb(Color(0.5, 0.0, 1.0));
        text.font(b"F1", 10.5);
        text.at(97.25, 700.0);
        // 0x0028 is "(", 0x5C0D holds "\" and CR, 0x0A29 LF and ")".
        text.show([(0x0028, 0.0), (0x5C0D, -20.0), (0x0A29, 0.0), (0x0001, 0.0)]);
        let bytes = text.end();
        assert_eq!(
            bytes,
            b"BT 0.5 0 1 rg /F1 10.5 Tf 97.25 700 Td\
              [(\0\\(\\\\\\r) -20 (\\n\\)\0\x01)]TJ ET"
                .to_vec()
        );
    }

    #[test]
    fn lines_move_from_the_previous_start_and_add_up() {
        let mut text = TextObject::begin();
        text.at(97.640015, 732.29004);
        text.at(97.640015, 717.59);
        text.at(1e-7, f32::NAN);
        text.show([(1, 0.0004)]);
        text.font_exact(b"F1", 66.36465);
        text.matrix([0.70710677, 0.70710677, -0.70710677, 0.70710677, 95.8, 185.3]);
        text.at(10.0, 20.0);
        text.at(11.0, 20.0);
        let bytes = text.end();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "BT 97.64 732.29 Td 0 -14.7 Td -97.64 -717.59 Td[(\0\x01)]TJ /F1 66.36465 Tf \
             0.70710677 0.70710677 -0.70710677 0.70710677 95.8 185.3 Tm 1 0 0 1 10 20 Tm 1 0 Td ET"
        );
    }
}
