//! The "runs" pixel format: how rendered pages reach the WebView fastest.
//!
//! A rendered document page is mostly paper, with lines of anti-aliased grey
//! text between wide margins. WebKit takes about 40 ms to decode a PNG of an
//! A4 page at 150 dpi, and its custom-scheme transfer costs about 9 ms per MB,
//! so neither PNG nor raw RGBA is fast. This format leaves paper out: it
//! holds only the bands of the page that have ink (about a quarter of a text
//! page), each as long runs of one colour and grey text pixels. The WebView
//! decodes a band with native `fill` / `set` calls plus one short loop over
//! grey pixels, and puts only the bands on a canvas that shows paper where
//! it is clear (`ui/src/lib/runs.ts`).
//!
//! Layout, all little-endian and every section 4-byte aligned:
//! - header, seven `u32`: magic `KPX3`, width, height, the number of bands,
//!   of ops, of colours (`u32` RGBA in memory order) and of grey bytes;
//! - the bands, four `u32` each: x, y, width, height; top to bottom, apart,
//!   inside the image. Every pixel outside them is paper (opaque white);
//! - the ops: `u16` each, the top two bits the kind and the low 14 the pixel
//!   count (padded to 4 bytes); they cover the bands' pixels, band after
//!   band, each band's rows one after another. Longer stretches take several
//!   ops;
//! - the colours, then the grey bytes (padded to 4 bytes).
//!
//! Kinds: [`RUN`] repeats the next colour; [`GREY`] takes that many grey bytes
//! (opaque, R = G = B); [`COLOURS`] takes that many colours; [`PAPER`]
//! repeats opaque white.

mod bands;
mod join;

pub use bands::Band;
pub use join::{decode, stack};

/// The format's magic number: "KPX3" read as a little-endian `u32`.
pub const MAGIC: u32 = u32::from_le_bytes(*b"KPX3");
pub const RUN: u16 = 0;
pub const GREY: u16 = 1;
pub const COLOURS: u16 = 2;
pub const PAPER: u16 = 3;
/// Where an op's kind starts.
const KIND_SHIFT: u16 = 14;
/// Words in the header.
const HEADER: usize = 7;
const MAX_COUNT: usize = (1 << KIND_SHIFT) - 1;
/// Shorter repeats stay inside a literal: an op costs more than a few pixels.
const MIN_RUN: usize = 6;
const WHITE: u32 = 0xffff_ffff;

/// The ops, colours and grey bytes of an image being written.
#[derive(Default)]
struct Body {
    ops: Vec<u16>,
    colours: Vec<u32>,
    grey: Vec<u8>,
    /// Whether the last op is a literal the next literal pixel may join.
    literal_open: bool,
}

/// Encodes tightly packed RGBA (`width * height * 4` bytes).
pub fn encode(rgba: &[u8], width: u32, height: u32) -> Vec<u8> {
    // Read as whole pixels; a buffer that is not 4-byte aligned is copied once.
    let copied: Vec<u32>;
    let px: &[u32] = match bytemuck::try_cast_slice(rgba) {
        Ok(px) => px,
        Err(_) => {
            copied = rgba
                .chunks_exact(4)
                .map(|p| u32::from_le_bytes([p[0], p[1], p[2], p[3]]))
                .collect();
            &copied
        }
    };
    let w = width as usize;
    let bands = bands::find(px, w);
    let mut body = Body {
        ops: Vec::with_capacity(4096),
        grey: Vec::with_capacity(px.len() / 16),
        ..Body::default()
    };
    // A band's rows one after another, so runs carry on across row ends.
    let mut pixels: Vec<u32> = Vec::new();
    for band in &bands {
        pixels.clear();
        let (x, bw) = (band.x as usize, band.width as usize);
        for row in px
            .chunks_exact(w)
            .skip(band.y as usize)
            .take(band.height as usize)
        {
            pixels.extend_from_slice(&row[x..x + bw]);
        }
        body.push_pixels(&pixels);
    }
    write(width, height, &bands, &body)
}

/// The encoded bytes of an image of `width` × `height` with `bands`.
fn write(width: u32, height: u32, bands: &[Band], body: &Body) -> Vec<u8> {
    let header = [
        MAGIC,
        width,
        height,
        len_u32(bands.len()),
        len_u32(body.ops.len()),
        len_u32(body.colours.len()),
        len_u32(body.grey.len()),
    ];
    let words = HEADER + 4 * bands.len() + body.ops.len().div_ceil(2) + body.colours.len();
    let mut out = Vec::with_capacity(4 * words + body.grey.len() + 3);
    let corners = bands.iter().flat_map(|b| [b.x, b.y, b.width, b.height]);
    for word in header.into_iter().chain(corners) {
        out.extend_from_slice(&word.to_le_bytes());
    }
    for op in &body.ops {
        out.extend_from_slice(&op.to_le_bytes());
    }
    out.resize(out.len().next_multiple_of(4), 0);
    for word in &body.colours {
        out.extend_from_slice(&word.to_le_bytes());
    }
    out.extend_from_slice(&body.grey);
    out.resize(out.len().next_multiple_of(4), 0);
    out
}

/// An op of `kind` over `n` pixels (at most [`MAX_COUNT`]).
fn op(kind: u16, n: usize) -> u16 {
    (kind << KIND_SHIFT) | (n.min(MAX_COUNT) as u16)
}

fn len_u32(n: usize) -> u32 {
    // Pages are capped far below 2^32 pixels by the renderer.
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Body {
    /// Appends ops for `px` (one band): repeats of at least [`MIN_RUN`]
    /// pixels as runs, the pixels between them as literals.
    fn push_pixels(&mut self, px: &[u32]) {
        self.literal_open = false;
        let mut i = 0;
        while i < px.len() {
            let p = px[i];
            // Most ink pixels differ from the next one: no run to measure.
            let run = if px.get(i + 1) == Some(&p) {
                run_length(&px[i..])
            } else {
                1
            };
            if run >= MIN_RUN {
                self.run(p, run);
            } else {
                for &q in &px[i..i + run] {
                    self.literal(q);
                }
            }
            i += run;
        }
    }

    fn run(&mut self, colour: u32, mut count: usize) {
        self.literal_open = false;
        while count > 0 {
            let n = count.min(MAX_COUNT);
            if colour == WHITE {
                self.ops.push(op(PAPER, n));
            } else {
                self.ops.push(op(RUN, n));
                self.colours.push(colour);
            }
            count -= n;
        }
    }

    /// One pixel between runs: a grey byte or a colour, added to the literal
    /// op of its kind that the last pixel was in, or to a new one.
    fn literal(&mut self, p: u32) {
        let kind = if is_grey(p) {
            self.grey.push(p.to_le_bytes()[0]);
            GREY
        } else {
            self.colours.push(p);
            COLOURS
        };
        match self.ops.last_mut() {
            Some(op)
                if self.literal_open
                    && *op >> KIND_SHIFT == kind
                    && usize::from(*op) & MAX_COUNT < MAX_COUNT =>
            {
                *op += 1;
            }
            _ => {
                self.ops.push(op(kind, 1));
                self.literal_open = true;
            }
        }
    }
}

/// How many pixels from the start repeat the first one. Paper is compared
/// eight pixels at a time.
fn run_length(px: &[u32]) -> usize {
    let first = px[0];
    let mut n = 0;
    if first == WHITE {
        n = px
            .chunks_exact(8)
            .take_while(|c| c.iter().all(|&p| p == WHITE))
            .count()
            * 8;
    }
    n + px[n..].iter().take_while(|&&p| p == first).count()
}

fn is_grey(p: u32) -> bool {
    let [r, g, b, a] = p.to_le_bytes();
    a == 255 && r == g && g == b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(pixels: &[[u8; 4]]) -> Vec<u8> {
        pixels.iter().flatten().copied().collect()
    }

    #[test]
    fn paper_text_and_colour_round_trip() {
        let white = [255, 255, 255, 255];
        let ink = [30, 30, 30, 255];
        let red = [200, 10, 10, 255];
        let see_through = [90, 90, 90, 128];
        let mut px = vec![white; 40];
        px.extend([ink, [128, 128, 128, 255], white, ink, red, red, see_through]);
        px.extend(vec![red; 20]);
        px.extend(vec![[0, 0, 0, 255]; 9]);
        px.extend([white, red, ink, white]);
        let rgba = image(&px);
        let encoded = encode(&rgba, 8, 10);
        assert_eq!(encoded.len() % 4, 0);
        assert_eq!(decode(&encoded), Some((8, 10, rgba)));
    }

    /// The UI's decoder tests read the same bytes from `ui/src/lib/runsExample.ts`.
    #[test]
    fn encodes_the_shared_example_exactly() {
        let (w, g30, g99) = ([255; 4], [30, 30, 30, 255], [99, 99, 99, 255]);
        let (red, blue) = ([200, 10, 10, 255], [10, 10, 200, 255]);
        let mut px = vec![w; 8];
        px.extend([w, g30, red, red, red, red, red, red]);
        px.extend([g30, w, w, w, w, w, w, blue]);
        px.extend(vec![w; 8 * 4]);
        px.extend([w, w, w, w, w, g99, w, w]);
        let encoded = encode(&image(&px), 8, 8);
        let words: Vec<u32> = encoded
            .chunks_exact(4)
            .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
            .collect();
        assert_eq!(
            words,
            [
                0x3358_504b,
                8,
                8,
                2,
                6,
                2,
                4, // header
                0,
                1,
                8,
                2, // band: rows 1 and 2, all columns
                5,
                7,
                1,
                1,           // band: row 7, one column
                0x0006_4002, // grey 2 (paper between runs is grey 255); run of 6 red
                0xc006_4001, // grey 1; paper 6
                0x4001_8001, // colours 1; grey 1 (the second band)
                0xff0a_0ac8, // red
                0xffc8_0a0a, // blue
                0x631e_1eff, // grey 255, 30, 30, 99
            ]
        );
        assert_eq!(decode(&encoded), Some((8, 8, image(&px))));
    }

    #[test]
    fn paper_outside_the_inked_bands_is_left_out() {
        let (w, h) = (1240, 1754);
        let mut rgba = vec![255u8; w * h * 4];
        // One line of text: 20 rows of ink from column 100 to 1100.
        for y in 800..820 {
            for x in (100..1100).step_by(3) {
                rgba[(y * w + x) * 4..][..3].copy_from_slice(&[40, 40, 40]);
            }
        }
        let encoded = encode(&rgba, w as u32, h as u32);
        let word = |i: usize| u32::from_le_bytes(encoded[i * 4..i * 4 + 4].try_into().unwrap());
        assert_eq!(word(3), 1, "one band");
        assert_eq!([word(7), word(8), word(9), word(10)], [100, 800, 1000, 20]);
        assert_eq!(decode(&encoded), Some((w as u32, h as u32, rgba)));
    }

    #[test]
    fn unaligned_pixels_encode_the_same() {
        let mut px = vec![[255, 255, 255, 255]; 30];
        px.extend([[30, 30, 30, 255], [200, 10, 10, 255], [7, 7, 7, 255]]);
        px.extend(vec![[255, 255, 255, 255]; 17]);
        let rgba = image(&px);
        let mut shifted = vec![0u8];
        shifted.extend_from_slice(&rgba);
        assert_eq!(encode(&shifted[1..], 10, 5), encode(&rgba, 10, 5));
        assert_eq!(decode(&encode(&shifted[1..], 10, 5)), Some((10, 5, rgba)));
    }

    #[test]
    fn two_bands_stack_into_the_whole_image() {
        let mut px = vec![[255, 255, 255, 255]; 13];
        px.extend([[30, 30, 30, 255], [200, 10, 10, 255], [7, 7, 7, 255]]);
        px.extend(vec![[200, 10, 10, 255]; 9]);
        px.extend([[99, 99, 99, 255], [1, 2, 3, 255], [255, 255, 255, 255]]);
        let rgba = image(&px);
        let (w, rows) = (4usize, 7usize);
        for cut in 1..rows {
            let (top, bottom) = rgba.split_at(w * 4 * cut);
            let stacked = stack(
                &encode(top, w as u32, cut as u32),
                &encode(bottom, w as u32, (rows - cut) as u32),
            )
            .unwrap();
            assert_eq!(stacked.len() % 4, 0);
            assert_eq!(
                decode(&stacked),
                Some((4, 7, rgba.clone())),
                "cut at row {cut}"
            );
        }
        let narrow = encode(&rgba[..8 * 3], 2, 3);
        assert!(stack(&encode(&rgba[..16], 4, 1), &narrow).is_none());
        assert!(stack(b"not runs at all, not at all", &narrow).is_none());
    }

    #[test]
    fn a_blank_page_is_its_header() {
        let rgba = vec![255u8; 1240 * 1754 * 4];
        let encoded = encode(&rgba, 1240, 1754);
        assert_eq!(encoded.len(), 4 * HEADER);
        assert_eq!(decode(&encoded).unwrap().2, rgba);
    }

    #[test]
    fn truncated_or_foreign_data_is_refused() {
        let rgba = image(&[[1, 2, 3, 255], [9, 9, 9, 255], [255, 255, 255, 255]]);
        let encoded = encode(&rgba, 3, 1);
        assert!(decode(&encoded[..encoded.len() - 4]).is_none());
        assert!(decode(b"\x89PNG\r\n\x1a\n").is_none());
        let mut narrower = encoded.clone();
        narrower[4] = 1; // the band no longer fits
        assert!(decode(&narrower).is_none());
        // Two ops more than the band takes, in a word after its own two.
        let mut extra_ops = encoded.clone();
        extra_ops[16] += 2;
        let after_ops = 4 * (HEADER + 4 + 1);
        extra_ops.splice(after_ops..after_ops, 0xc001_c001u32.to_le_bytes());
        assert!(decode(&extra_ops).is_none());
    }
}
