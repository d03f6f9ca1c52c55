//! A page's text object (`BT` … `ET`), written by hand rather than with
//! pdf-writer's `Content`: pdf-writer writes a literal string's zero bytes as
//! four-byte octal escapes (`\000`), and every glyph code of an Identity-H
//! font starts with one, so text took about six bytes a glyph and Flate
//! compression of those streams was a fifth of a batch letter's CPU. Here a
//! glyph code is its two bytes in a literal string, escaping only what the
//! syntax needs (ISO 32000-1, 7.3.4.2).

use std::io::Write as _;

use super::Color;

/// The text object being written.
pub(super) struct TextObject(Vec<u8>);

impl TextObject {
    /// Opens the text object (`BT`).
    pub(super) fn begin() -> TextObject {
        let mut bytes = Vec::with_capacity(4096);
        bytes.extend_from_slice(b"BT");
        TextObject(bytes)
    }

    /// `r g b rg`: the fill colour of the text that follows.
    pub(super) fn fill_rgb(&mut self, color: Color) {
        for value in [color.0, color.1, color.2] {
            self.number(value);
        }
        self.0.extend_from_slice(b" rg");
    }

    /// `/name size Tf`: the font of the text that follows.
    pub(super) fn font(&mut self, name: &[u8], size: f32) {
        self.0.extend_from_slice(b" /");
        self.0.extend_from_slice(name);
        self.number(size);
        self.0.extend_from_slice(b" Tf");
    }

    /// `1 0 0 1 x y Tm`: the next text starts at (x, y).
    pub(super) fn at(&mut self, x: f32, y: f32) {
        self.matrix([1.0, 0.0, 0.0, 1.0, x, y]);
    }

    /// `a b c d e f Tm`: the text matrix of the text that follows.
    pub(super) fn matrix(&mut self, matrix: [f32; 6]) {
        for value in matrix {
            self.number(value);
        }
        self.0.extend_from_slice(b" Tm");
    }

    /// `[(codes) adjust (codes) …] TJ`: glyph codes, each with the adjustment
    /// after it in thousandths of an em (positive moves left, as TJ reads it).
    pub(super) fn show(&mut self, glyphs: impl IntoIterator<Item = (u16, f32)>) {
        self.0.extend_from_slice(b" [(");
        for (code, adjust) in glyphs {
            for byte in code.to_be_bytes() {
                self.string_byte(byte);
            }
            if adjust != 0.0 {
                self.0.push(b')');
                self.number(adjust);
                self.0.extend_from_slice(b" (");
            }
        }
        self.0.extend_from_slice(b")]TJ");
    }

    /// Closes the text object (`ET`) and gives its bytes.
    pub(super) fn end(mut self) -> Vec<u8> {
        self.0.extend_from_slice(b" ET");
        self.0
    }

    /// One byte inside a literal string: the delimiters and the backslash
    /// escaped, and line ends too (a reader would turn a raw CR into LF).
    fn string_byte(&mut self, byte: u8) {
        match byte {
            b'(' | b')' | b'\\' => self.0.extend_from_slice(&[b'\\', byte]),
            b'\r' => self.0.extend_from_slice(b"\\r"),
            b'\n' => self.0.extend_from_slice(b"\\n"),
            _ => self.0.push(byte),
        }
    }

    /// A space and a number, in plain decimal (PDF has no exponents; Rust's
    /// `Display` of a float never writes one, and writes the shortest digits
    /// that read back as the same value).
    fn number(&mut self, value: f32) {
        let value = if value.is_finite() { value } else { 0.0 };
        // Writing into a Vec cannot fail.
        let _ = write!(self.0, " {value}");
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
            b"BT 0.5 0 1 rg /F1 10.5 Tf 1 0 0 1 97.25 700 Tm \
              [(\0\\(\\\\\\r) -20 (\\n\\)\0\x01)]TJ ET"
                .to_vec()
        );
    }

    #[test]
    fn numbers_are_plain_decimals() {
        let mut text = TextObject::begin();
        text.at(1e-7, f32::NAN);
        let bytes = text.end();
        assert_eq!(bytes, b"BT 1 0 0 1 0.0000001 0 Tm ET".to_vec());
    }
}
