//! The provider's logo: a PNG, checked and decoded within limits, flattened
//! onto white (PDF viewers and printers handle opaque RGB everywhere).
//! JPEG is refused for now, with a message saying so.

use std::io::Cursor;

/// The largest logo file accepted, in bytes.
pub const MAX_LOGO_BYTES: usize = 512 * 1024;
/// The largest logo side accepted, in pixels (a letterhead needs far fewer).
pub const MAX_LOGO_SIDE: u32 = 4096;

/// A decoded logo: opaque 8-bit RGB pixels, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height * 3` bytes.
    pub rgb: Vec<u8>,
}

/// Why a logo was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogoError {
    /// The file is larger than [`MAX_LOGO_BYTES`].
    #[error("the logo is larger than 512 KiB (524,288 bytes); expected a smaller PNG")]
    TooLarge(usize),
    /// A JPEG file.
    #[error("the logo is a JPEG image; save it as PNG (JPEG logos are not supported yet)")]
    Jpeg,
    /// Not a PNG file.
    #[error("the logo is not a PNG image; expected a PNG file")]
    NotPng,
    /// A side is empty or larger than [`MAX_LOGO_SIDE`].
    #[error("the logo is {0}×{1} pixels; expected at most 4096 on each side")]
    Size(u32, u32),
    /// The PNG is damaged.
    #[error("the logo could not be decoded ({0}); expected a valid PNG file")]
    Decode(String),
}

impl Logo {
    /// Checks and decodes a PNG file's bytes.
    pub fn decode(bytes: &[u8]) -> Result<Logo, LogoError> {
        if bytes.len() > MAX_LOGO_BYTES {
            return Err(LogoError::TooLarge(bytes.len()));
        }
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Err(LogoError::Jpeg);
        }
        if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Err(LogoError::NotPng);
        }
        let decode = |e: png::DecodingError| LogoError::Decode(e.to_string());
        // 4096 × 4096 × 8 bytes (16-bit RGBA) bounds what the decoder may allocate.
        let limits = png::Limits { bytes: 128 << 20 };
        let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), limits);
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().map_err(decode)?;
        let (width, height) = reader.info().size();
        if width == 0 || height == 0 || width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE {
            return Err(LogoError::Size(width, height));
        }
        let size = reader
            .output_buffer_size()
            .ok_or_else(|| LogoError::Decode("too large".to_owned()))?;
        let mut buffer = vec![0; size];
        let info = reader.next_frame(&mut buffer).map_err(decode)?;
        buffer.truncate(info.buffer_size());
        let rgb = match info.color_type {
            png::ColorType::Rgb => buffer,
            png::ColorType::Rgba => buffer
                .chunks_exact(4)
                .flat_map(|p| {
                    [
                        over_white(p[0], p[3]),
                        over_white(p[1], p[3]),
                        over_white(p[2], p[3]),
                    ]
                })
                .collect(),
            png::ColorType::Grayscale => buffer.iter().flat_map(|&g| [g, g, g]).collect(),
            png::ColorType::GrayscaleAlpha => buffer
                .chunks_exact(2)
                .flat_map(|p| [over_white(p[0], p[1]); 3])
                .collect(),
            png::ColorType::Indexed => {
                return Err(LogoError::Decode("an unexpanded palette".to_owned()));
            }
        };
        let expected = width as usize * height as usize * 3;
        if rgb.len() != expected {
            return Err(LogoError::Decode("truncated pixel data".to_owned()));
        }
        Ok(Logo { width, height, rgb })
    }
}

/// A colour component with its alpha, over a white page.
fn over_white(component: u8, alpha: u8) -> u8 {
    let (c, a) = (u32::from(component), u32::from(alpha));
    u8::try_from((c * a + 255 * (255 - a) + 127) / 255).unwrap_or(u8::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG of `width` × `height` pixels of one RGBA colour.
    pub(crate) fn png(width: u32, height: u32, rgba: [u8; 4]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        let pixels: Vec<u8> = (0..width * height).flat_map(|_| rgba).collect();
        writer.write_image_data(&pixels).unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn decodes_a_png_and_flattens_transparency_onto_white() {
        let logo = Logo::decode(&png(3, 2, [200, 0, 0, 255])).unwrap();
        assert_eq!((logo.width, logo.height), (3, 2));
        assert_eq!(&logo.rgb[..3], &[200, 0, 0]);
        assert_eq!(logo.rgb.len(), 18);
        let clear = Logo::decode(&png(1, 1, [0, 0, 0, 0])).unwrap();
        assert_eq!(clear.rgb, vec![255, 255, 255]);
    }

    #[test]
    fn refuses_what_is_not_a_sound_png() {
        assert_eq!(Logo::decode(b"GIF89a...."), Err(LogoError::NotPng));
        assert_eq!(
            Logo::decode(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16]),
            Err(LogoError::Jpeg)
        );
        assert_eq!(
            Logo::decode(&vec![0; MAX_LOGO_BYTES + 1]),
            Err(LogoError::TooLarge(MAX_LOGO_BYTES + 1))
        );
        let good = png(2, 2, [1, 2, 3, 255]);
        // Cut short, and with a damaged header: refused, never a panic.
        for n in [8, 20, 33, good.len() - 13] {
            assert!(
                matches!(Logo::decode(&good[..n]), Err(LogoError::Decode(_))),
                "{n}"
            );
        }
        let mut damaged = good.clone();
        damaged[20] ^= 0xFF;
        assert!(Logo::decode(&damaged).is_err());
        assert!(matches!(
            Logo::decode(&png(5000, 1, [0; 4])),
            Err(LogoError::Size(5000, 1))
        ));
    }
}
