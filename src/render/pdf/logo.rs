//! The provider's logo: a PNG or a JPEG, told apart by its content (never its
//! name), checked within limits. A PNG is decoded and flattened onto white
//! (PDF viewers and printers handle opaque RGB everywhere); a JPEG is decoded
//! only to prove it sound and is embedded as it is (DCTDecode), which keeps
//! the PDF as small as the file, unless its EXIF data says it is stored
//! turned: then its pixels are embedded, upright.

use std::io::Cursor;

/// The largest logo file accepted, in bytes.
pub const MAX_LOGO_BYTES: usize = 512 * 1024;
/// The largest logo side accepted, in pixels (a letterhead needs far fewer).
pub const MAX_LOGO_SIDE: u32 = 4096;

/// A checked logo, ready to embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The image data, as the PDF embeds it.
    pub pixels: LogoPixels,
}

/// A logo's image data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogoPixels {
    /// Opaque 8-bit RGB pixels, row by row, `width * height * 3` bytes (from a PNG).
    Rgb(Vec<u8>),
    /// The bytes of a JPEG file, embedded unchanged.
    Jpeg {
        /// The file's bytes.
        bytes: Vec<u8>,
        /// One component (grey) or three (colour).
        grey: bool,
    },
}

/// Why a logo was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogoError {
    /// The file is larger than [`MAX_LOGO_BYTES`].
    #[error("the logo is larger than 512 KiB (524,288 bytes); expected a smaller PNG or JPEG")]
    TooLarge(usize),
    /// Neither a PNG nor a JPEG, by content.
    #[error(
        "the logo is neither a PNG nor a JPEG image (by its content); expected a PNG or JPEG file"
    )]
    NotAnImage,
    /// A side is empty or larger than [`MAX_LOGO_SIDE`].
    #[error("the logo is {0}×{1} pixels; expected at most 4096 on each side")]
    Size(u32, u32),
    /// The PNG is damaged.
    #[error("the PNG logo could not be decoded ({0}); expected a valid PNG file")]
    Decode(String),
    /// The JPEG is damaged or cut short.
    #[error("the JPEG logo could not be decoded ({0}); expected a complete, valid JPEG file")]
    JpegDecode(String),
    /// A CMYK or YCCK JPEG: made for a print shop, its colours are not sRGB
    /// and Adobe's inverted CMYK prints as a negative in some readers.
    #[error(
        "the logo is a CMYK JPEG; expected an RGB or greyscale JPEG (export it as sRGB) or a PNG"
    )]
    Cmyk,
    /// A kind of JPEG that PDF readers do not all display.
    #[error(
        "the logo is a JPEG with {0}; expected a baseline or progressive JPEG (8 bits, Huffman coding)"
    )]
    JpegKind(String),
}

impl Logo {
    /// Checks a PNG or JPEG file's bytes and makes them ready to embed.
    pub fn decode(bytes: &[u8]) -> Result<Logo, LogoError> {
        if bytes.len() > MAX_LOGO_BYTES {
            return Err(LogoError::TooLarge(bytes.len()));
        }
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return decode_jpeg(bytes);
        }
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return decode_png(bytes);
        }
        Err(LogoError::NotAnImage)
    }
}

/// Decodes a PNG into opaque RGB.
fn decode_png(bytes: &[u8]) -> Result<Logo, LogoError> {
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
    Ok(Logo {
        width,
        height,
        pixels: LogoPixels::Rgb(rgb),
    })
}

/// Checks a JPEG: its frame (size, colour, coding) from the headers, then
/// every scan decoded in strict mode, so that a damaged or cut-short file is
/// refused here instead of being drawn as grey blocks by the reader.
fn decode_jpeg(bytes: &[u8]) -> Result<Logo, LogoError> {
    use zune_jpeg::zune_core::{bytestream::ZCursor, colorspace::ColorSpace};
    use zune_jpeg::{JpegDecoder, errors::DecodeErrors};

    // The decoder's own size limits would refuse in its words; ours are
    // checked below, after the headers and before any pixel is allocated.
    let any_side = usize::from(u16::MAX);
    let options = zune_jpeg::zune_core::options::DecoderOptions::default()
        .set_strict_mode(true)
        .set_max_width(any_side)
        .set_max_height(any_side)
        .jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut decoder = JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    let refusal = |e: DecodeErrors| LogoError::JpegDecode(e.to_string());
    check_frame(bytes)?;
    decoder.decode_headers().map_err(refusal)?;
    let info = decoder
        .info()
        .ok_or_else(|| LogoError::JpegDecode("no frame header".to_owned()))?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    if width == 0 || height == 0 || width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE {
        return Err(LogoError::Size(width, height));
    }
    let grey = match (info.components, decoder.input_colorspace()) {
        (1, _) => true,
        (3, _) => false,
        (4, _) | (_, Some(ColorSpace::CMYK | ColorSpace::YCCK)) => return Err(LogoError::Cmyk),
        (n, _) => {
            return Err(LogoError::JpegDecode(format!(
                "{n} colour components; expected 1 or 3"
            )));
        }
    };
    let pixels = decoder.decode().map_err(refusal)?;
    if pixels.len() != width as usize * height as usize * 3 {
        return Err(LogoError::JpegDecode("truncated pixel data".to_owned()));
    }
    // The decoder forgives a file cut short at the end of a scan; a reader
    // may not, and the rest of the picture is lost: it must end in EOI.
    if !ends_with_end_of_image(bytes) {
        return Err(LogoError::JpegDecode(
            "the file ends before its end-of-image marker".to_owned(),
        ));
    }
    // A camera's JPEG may be stored sideways with an EXIF note on how to
    // turn it; PDF readers ignore that note, so such a logo is embedded as
    // the pixels turned upright instead of as the file.
    let orientation = decoder.exif().map_or(1, |tiff| exif_orientation(tiff));
    if orientation != 1 {
        let (width, height, rgb) = upright(&pixels, width, height, orientation);
        return Ok(Logo {
            width,
            height,
            pixels: LogoPixels::Rgb(rgb),
        });
    }
    Ok(Logo {
        width,
        height,
        pixels: LogoPixels::Jpeg {
            bytes: bytes.to_vec(),
            grey,
        },
    })
}

/// The EXIF orientation (1 to 8) in a JPEG's EXIF data (from its TIFF
/// header on); 1 (stored upright) when it has none or it cannot be read.
fn exif_orientation(tiff: &[u8]) -> u16 {
    const ORIENTATION: u16 = 0x0112;
    let big_endian = match tiff.get(..2) {
        Some(b"MM") => true,
        Some(b"II") => false,
        _ => return 1,
    };
    let u16_at = |at: usize| {
        let b = tiff.get(at..at.checked_add(2)?)?;
        Some(if big_endian {
            u16::from_be_bytes([b[0], b[1]])
        } else {
            u16::from_le_bytes([b[0], b[1]])
        })
    };
    let u32_at = |at: usize| {
        let b = tiff.get(at..at.checked_add(4)?)?;
        let b = [b[0], b[1], b[2], b[3]];
        Some(if big_endian {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let find = || -> Option<u16> {
        let ifd = usize::try_from(u32_at(4)?).ok()?;
        (0..usize::from(u16_at(ifd)?)).find_map(|k| {
            let entry = ifd.checked_add(2)?.checked_add(k.checked_mul(12)?)?;
            // A SHORT (type 3) value sits in the entry itself.
            (u16_at(entry)? == ORIENTATION && u16_at(entry + 2)? == 3)
                .then(|| u16_at(entry + 8))
                .flatten()
        })
    };
    find().filter(|o| (1..=8).contains(o)).unwrap_or(1)
}

/// `rgb` (`width` × `height` pixels) turned as EXIF `orientation` says, with
/// its new width and height.
fn upright(rgb: &[u8], width: u32, height: u32, orientation: u16) -> (u32, u32, Vec<u8>) {
    let (w, h) = (width as usize, height as usize);
    let turned = orientation >= 5; // 5 to 8 swap the sides
    let (out_w, out_h) = if turned { (h, w) } else { (w, h) };
    let mut out = Vec::with_capacity(rgb.len());
    for y in 0..out_h {
        for x in 0..out_w {
            // The stored pixel shown at (x, y).
            let (sx, sy) = match orientation {
                2 => (w - 1 - x, y),
                3 => (w - 1 - x, h - 1 - y),
                4 => (x, h - 1 - y),
                5 => (y, x),
                6 => (y, h - 1 - x),
                7 => (w - 1 - y, h - 1 - x),
                8 => (w - 1 - y, x),
                _ => (x, y),
            };
            let at = (sy * w + sx) * 3;
            out.extend_from_slice(&rgb[at..at + 3]);
        }
    }
    let (out_w, out_h) = if turned {
        (height, width)
    } else {
        (width, height)
    };
    (out_w, out_h, out)
}

/// Walks the marker segments before the first scan to the frame header
/// (SOFn) and refuses what PDF readers do not all decode: anything but
/// baseline, extended or progressive Huffman coding of 8-bit samples. The
/// decoder would refuse most of these too, but not in words a user can act on.
fn check_frame(bytes: &[u8]) -> Result<(), LogoError> {
    let cut_short = || LogoError::JpegDecode("the file ends inside its headers".to_owned());
    let mut at = 2; // after SOI
    loop {
        // Fill bytes (FF) may precede a marker.
        while bytes.get(at..at + 2) == Some(&[0xFF, 0xFF]) {
            at += 1;
        }
        let (Some(0xFF), Some(&code)) = (bytes.get(at), bytes.get(at + 1)) else {
            return Err(match bytes.get(at) {
                None => cut_short(),
                Some(_) => LogoError::JpegDecode(format!("no marker at byte {at}")),
            });
        };
        let kind = match code {
            0xC0..=0xC2 => {
                return match bytes.get(at + 4) {
                    Some(8) => Ok(()),
                    Some(bits) => Err(LogoError::JpegKind(format!("{bits}-bit samples"))),
                    None => Err(cut_short()),
                };
            }
            0xC3 | 0xC7 | 0xCB | 0xCF => "lossless coding",
            0xC5 | 0xC6 => "hierarchical coding",
            0xC9 | 0xCA | 0xCD | 0xCE => "arithmetic coding",
            0xDA | 0xD9 => {
                return Err(LogoError::JpegDecode(
                    "no frame header before the image data".to_owned(),
                ));
            }
            // Markers without a length.
            0x01 | 0xD0..=0xD7 => {
                at += 2;
                continue;
            }
            _ => {
                let length = bytes.get(at + 2..at + 4).ok_or_else(cut_short)?;
                at += 2 + usize::from(u16::from_be_bytes([length[0], length[1]]));
                continue;
            }
        };
        return Err(LogoError::JpegKind(kind.to_owned()));
    }
}

/// Whether a JPEG's last marker is EOI (`FF D9`); some writers pad the
/// file after it with zeros or a newline, which is harmless.
fn ends_with_end_of_image(bytes: &[u8]) -> bool {
    let end = bytes
        .iter()
        .rposition(|&b| !matches!(b, 0 | b'\r' | b'\n'))
        .map_or(0, |i| i + 1);
    bytes[..end].ends_with(&[0xFF, 0xD9])
}

/// A colour component with its alpha, over a white page.
fn over_white(component: u8, alpha: u8) -> u8 {
    let (c, a) = (u32::from(component), u32::from(alpha));
    u8::try_from((c * a + 255 * (255 - a) + 127) / 255).unwrap_or(u8::MAX)
}

#[cfg(test)]
pub(crate) mod tests {
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

    /// A JPEG of `width` × `height` pixels of one colour, `pixel` holding the
    /// bytes of one pixel of `color`.
    pub(crate) fn jpeg(
        width: u16,
        height: u16,
        color: jpeg_encoder::ColorType,
        pixel: &[u8],
        progressive: bool,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut out, 90);
        encoder.set_progressive(progressive);
        let pixels: Vec<u8> = (0..usize::from(width) * usize::from(height))
            .flat_map(|_| pixel.iter().copied())
            .collect();
        encoder.encode(&pixels, width, height, color).unwrap();
        out
    }

    /// A JPEG 16 × 8 pixels, left half red and right half blue, with an
    /// EXIF orientation (little- or big-endian TIFF).
    fn turned_jpeg(orientation: u16, big_endian: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut out, 95);
        let mut exif = b"Exif\0\0".to_vec();
        type Bytes<T, const N: usize> = fn(T) -> [u8; N];
        let (two, four): (Bytes<u16, 2>, Bytes<u32, 4>) = if big_endian {
            exif.extend(b"MM");
            (u16::to_be_bytes, u32::to_be_bytes)
        } else {
            exif.extend(b"II");
            (u16::to_le_bytes, u32::to_le_bytes)
        };
        exif.extend(two(42));
        exif.extend(four(8)); // IFD0 right after the header
        exif.extend(two(1)); // one entry
        exif.extend(two(0x0112));
        exif.extend(two(3)); // SHORT
        exif.extend(four(1));
        exif.extend(two(orientation));
        exif.extend([0, 0]);
        exif.extend(four(0)); // no next IFD
        encoder.add_app_segment(1, exif).unwrap();
        let pixels: Vec<u8> = (0..8)
            .flat_map(|_| (0..16).flat_map(|x| if x < 8 { [255, 0, 0] } else { [0, 0, 255] }))
            .collect();
        encoder
            .encode(&pixels, 16, 8, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        out
    }

    /// Whether the pixel at (x, y) is mostly red (else mostly blue).
    fn red_at(logo: &Logo, x: usize, y: usize) -> bool {
        let at = (y * logo.width as usize + x) * 3;
        let px = &rgb(logo)[at..at + 3];
        px[0] > 200 && px[2] < 60
    }

    #[test]
    fn a_jpeg_stored_turned_is_embedded_upright() {
        // Orientation 1 (upright): the file itself.
        let upright = Logo::decode(&turned_jpeg(1, false)).unwrap();
        assert!(matches!(upright.pixels, LogoPixels::Jpeg { .. }));
        // 6: turn a quarter clockwise: the red left half goes on top.
        for big_endian in [false, true] {
            let logo = Logo::decode(&turned_jpeg(6, big_endian)).unwrap();
            assert_eq!((logo.width, logo.height), (8, 16));
            assert!(red_at(&logo, 4, 2) && !red_at(&logo, 4, 13));
        }
        // 8: a quarter anticlockwise, 7: transverse: red at the bottom;
        // 5: transposed: red on top.
        for (o, red_on_top) in [(8, false), (7, false), (5, true)] {
            let logo = Logo::decode(&turned_jpeg(o, false)).unwrap();
            assert_eq!((logo.width, logo.height), (8, 16));
            assert_eq!(red_at(&logo, 4, 2), red_on_top, "{o}");
            assert_eq!(red_at(&logo, 4, 13), !red_on_top, "{o}");
        }
        // 2: mirrored: red on the right; 3: half a turn: red on the right.
        for o in [2, 3] {
            let logo = Logo::decode(&turned_jpeg(o, false)).unwrap();
            assert_eq!((logo.width, logo.height), (16, 8));
            assert!(!red_at(&logo, 2, 4) && red_at(&logo, 13, 4), "{o}");
        }
        // 4: flipped top to bottom: red stays left.
        let logo = Logo::decode(&turned_jpeg(4, false)).unwrap();
        assert!(red_at(&logo, 2, 4) && !red_at(&logo, 13, 4));
        // An orientation out of range is taken as upright.
        let logo = Logo::decode(&turned_jpeg(9, false)).unwrap();
        assert!(matches!(logo.pixels, LogoPixels::Jpeg { .. }));
    }

    fn rgb(logo: &Logo) -> &[u8] {
        match &logo.pixels {
            LogoPixels::Rgb(rgb) => rgb,
            LogoPixels::Jpeg { .. } => panic!("a JPEG"),
        }
    }

    #[test]
    fn decodes_a_png_and_flattens_transparency_onto_white() {
        let logo = Logo::decode(&png(3, 2, [200, 0, 0, 255])).unwrap();
        assert_eq!((logo.width, logo.height), (3, 2));
        assert_eq!(&rgb(&logo)[..3], &[200, 0, 0]);
        assert_eq!(rgb(&logo).len(), 18);
        let clear = Logo::decode(&png(1, 1, [0, 0, 0, 0])).unwrap();
        assert_eq!(rgb(&clear), [255, 255, 255]);
    }

    #[test]
    fn refuses_what_is_not_a_sound_png() {
        assert_eq!(Logo::decode(b"GIF89a...."), Err(LogoError::NotAnImage));
        assert_eq!(Logo::decode(b""), Err(LogoError::NotAnImage));
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

    #[test]
    fn keeps_a_jpeg_as_it_is_baseline_or_progressive_colour_or_grey() {
        use jpeg_encoder::ColorType;
        for progressive in [false, true] {
            let file = jpeg(33, 17, ColorType::Rgb, &[200, 30, 30], progressive);
            let logo = Logo::decode(&file).unwrap();
            assert_eq!((logo.width, logo.height), (33, 17));
            assert_eq!(
                logo.pixels,
                LogoPixels::Jpeg {
                    bytes: file,
                    grey: false
                }
            );
            let file = jpeg(9, 40, ColorType::Luma, &[90], progressive);
            let logo = Logo::decode(&file).unwrap();
            assert_eq!((logo.width, logo.height), (9, 40));
            assert_eq!(
                logo.pixels,
                LogoPixels::Jpeg {
                    bytes: file,
                    grey: true
                }
            );
        }
    }

    #[test]
    fn refuses_a_cmyk_jpeg_and_kinds_readers_do_not_all_show() {
        use jpeg_encoder::ColorType;
        let cmyk = [10, 200, 200, 0];
        for color in [ColorType::Cmyk, ColorType::CmykAsYcck] {
            assert_eq!(
                Logo::decode(&jpeg(8, 8, color, &cmyk, false)),
                Err(LogoError::Cmyk)
            );
        }
        let good = jpeg(8, 8, ColorType::Rgb, &[1, 2, 3], false);
        // The baseline frame header of a 3-component image is 17 bytes long.
        let frame = good
            .windows(4)
            .position(|w| w == [0xFF, 0xC0, 0, 17])
            .expect("a baseline frame header");
        // The same frame marked as arithmetic-coded (SOF9), and as 12-bit.
        let mut arithmetic = good.clone();
        arithmetic[frame + 1] = 0xC9;
        assert_eq!(
            Logo::decode(&arithmetic),
            Err(LogoError::JpegKind("arithmetic coding".to_owned()))
        );
        let mut lossless = good.clone();
        lossless[frame + 1] = 0xC3;
        assert_eq!(
            Logo::decode(&lossless),
            Err(LogoError::JpegKind("lossless coding".to_owned()))
        );
        let mut twelve_bits = good.clone();
        twelve_bits[frame + 4] = 12;
        assert_eq!(
            Logo::decode(&twelve_bits),
            Err(LogoError::JpegKind("12-bit samples".to_owned()))
        );
        // Too wide: width is at frame + 7.
        let mut wide = good.clone();
        wide[frame + 7..frame + 9].copy_from_slice(&5000u16.to_be_bytes());
        assert!(matches!(Logo::decode(&wide), Err(LogoError::Size(5000, 8))));
    }

    #[test]
    fn refuses_a_damaged_or_cut_short_jpeg_and_never_panics() {
        use jpeg_encoder::ColorType;
        let good = jpeg(64, 48, ColorType::Rgb, &[20, 120, 220], false);
        let progressive = jpeg(64, 48, ColorType::Rgb, &[20, 120, 220], true);
        for file in [&good, &progressive] {
            // Every length short of the whole file is refused.
            for n in 3..file.len() {
                assert!(
                    matches!(
                        Logo::decode(&file[..n]),
                        Err(LogoError::JpegDecode(_) | LogoError::Size(..))
                    ),
                    "cut at {n} of {}",
                    file.len()
                );
            }
            // Every byte damaged in turn: an error or a sound image, never a panic.
            for i in 3..file.len() {
                let mut damaged = file.to_vec();
                damaged[i] ^= 0x5A;
                let _ = Logo::decode(&damaged);
            }
        }
        // Padding after the end-of-image marker is harmless.
        let mut padded = good.clone();
        padded.extend_from_slice(b"\0\0\n");
        assert!(Logo::decode(&padded).is_ok());
    }

    #[test]
    fn the_fuzz_seeds_get_their_verdicts() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/logo");
        let verdict = |name: &str| Logo::decode(&std::fs::read(dir.join(name)).unwrap());
        for good in ["baseline.jpg", "progressive.jpg", "grey.jpg", "logo.png"] {
            assert!(verdict(good).is_ok(), "{good}");
        }
        assert_eq!(verdict("cmyk.jpg"), Err(LogoError::Cmyk));
        assert_eq!(verdict("ycck.jpg"), Err(LogoError::Cmyk));
        assert_eq!(
            verdict("arithmetic.jpg"),
            Err(LogoError::JpegKind("arithmetic coding".to_owned()))
        );
        assert_eq!(
            verdict("12-bit.jpg"),
            Err(LogoError::JpegKind("12-bit samples".to_owned()))
        );
        assert_eq!(
            verdict("65535-square.jpg"),
            Err(LogoError::Size(65535, 65535))
        );
        for damaged in [
            "cut.jpg",
            "no-eoi.jpg",
            "zero-size.jpg",
            "segment-past-end.jpg",
        ] {
            assert!(
                matches!(
                    verdict(damaged),
                    Err(LogoError::JpegDecode(_) | LogoError::Size(0, 0))
                ),
                "{damaged}: {:?}",
                verdict(damaged)
            );
        }
    }
}
