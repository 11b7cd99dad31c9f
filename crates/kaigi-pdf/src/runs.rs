//! The "runs" pixel format: how rendered pages reach the WebView fastest.
//!
//! A rendered document page is mostly long runs of one colour (paper) with
//! anti-aliased grey text between them. WebKit takes about 40 ms to decode a
//! PNG of an A4 page at 150 dpi, and its custom-scheme transfer costs about
//! 9 ms per MB, so neither PNG nor raw RGBA is fast. This format is small and
//! decodes with native `fill` / `set` calls plus one short loop over grey
//! pixels (`ui/src/lib/runs.ts`).
//!
//! Layout, all little-endian and every section 4-byte aligned:
//! - header, six `u32`: magic `KPX1`, width, height, the number of ops, of
//!   colours (`u32` RGBA in memory order) and of grey bytes;
//! - the ops: `u32` each, the top two bits the kind and the low 30 the pixel
//!   count; the pixels are the image's rows one after another;
//! - the colours, then the grey bytes (padded to 4 bytes).
//!
//! Kinds: [`RUN`] repeats the next colour; [`GREY`] takes that many grey bytes
//! (opaque, R = G = B); [`COLOURS`] takes that many colours; [`PAPER`]
//! repeats opaque white.

/// The format's magic number: "KPX1" read as a little-endian `u32`.
pub const MAGIC: u32 = u32::from_le_bytes(*b"KPX1");
pub const RUN: u32 = 0;
pub const GREY: u32 = 1;
pub const COLOURS: u32 = 2;
pub const PAPER: u32 = 3;
const MAX_COUNT: usize = (1 << 30) - 1;
/// Shorter repeats stay inside a literal: an op costs more than a few pixels.
const MIN_RUN: usize = 6;
const WHITE: u32 = 0xffff_ffff;

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
    let mut ops: Vec<u32> = Vec::with_capacity(4096);
    let mut colours: Vec<u32> = Vec::new();
    let mut grey: Vec<u8> = Vec::with_capacity(px.len() / 8);
    let mut i = 0;
    let mut literal_start = 0;
    while i < px.len() {
        let run = run_length(&px[i..]);
        if run >= MIN_RUN {
            literal(&px[literal_start..i], &mut ops, &mut colours, &mut grey);
            push_run(px[i], run, &mut ops, &mut colours);
            i += run;
            literal_start = i;
        } else {
            i += run;
        }
    }
    literal(&px[literal_start..], &mut ops, &mut colours, &mut grey);

    let header = [
        MAGIC,
        width,
        height,
        len_u32(ops.len()),
        len_u32(colours.len()),
        len_u32(grey.len()),
    ];
    let mut out = Vec::with_capacity(4 * (6 + ops.len() + colours.len()) + grey.len() + 3);
    for word in header.iter().chain(&ops).chain(&colours) {
        out.extend_from_slice(&word.to_le_bytes());
    }
    out.extend_from_slice(&grey);
    out.resize(out.len().next_multiple_of(4), 0);
    out
}

fn len_u32(n: usize) -> u32 {
    // Pages are capped far below 2^32 pixels by the renderer.
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// How many pixels from the start repeat the first one. Paper (most of a
/// page) is compared eight pixels at a time.
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

fn push_op(kind: u32, mut count: usize, ops: &mut Vec<u32>, mut each: impl FnMut(usize)) {
    while count > 0 {
        let n = count.min(MAX_COUNT);
        ops.push((kind << 30) | len_u32(n));
        each(n);
        count -= n;
    }
}

fn push_run(colour: u32, count: usize, ops: &mut Vec<u32>, colours: &mut Vec<u32>) {
    if colour == WHITE {
        push_op(PAPER, count, ops, |_| {});
    } else {
        push_op(RUN, count, ops, |_| colours.push(colour));
    }
}

/// Pixels between runs: grey stretches as one byte each, the rest as colours.
fn literal(px: &[u32], ops: &mut Vec<u32>, colours: &mut Vec<u32>, grey: &mut Vec<u8>) {
    let mut rest = px;
    while let Some(&first) = rest.first() {
        let greyish = is_grey(first);
        let n = rest.iter().take_while(|&&p| is_grey(p) == greyish).count();
        let (piece, tail) = rest.split_at(n);
        if greyish {
            push_op(GREY, n, ops, |_| {});
            grey.extend(piece.iter().map(|p| p.to_le_bytes()[0]));
        } else {
            push_op(COLOURS, n, ops, |_| {});
            colours.extend_from_slice(piece);
        }
        rest = tail;
    }
}

/// The sections of an encoded image, borrowed from its bytes.
struct Sections<'a> {
    width: u32,
    height: u32,
    ops: &'a [u8],
    colours: &'a [u8],
    grey: &'a [u8],
}

fn sections(data: &[u8]) -> Option<Sections<'_>> {
    let word = |i: usize| -> Option<usize> {
        let b = data.get(i * 4..i * 4 + 4)?;
        usize::try_from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])).ok()
    };
    if word(0)? != MAGIC as usize {
        return None;
    }
    let (n_ops, n_colours, n_grey) = (word(3)?, word(4)?, word(5)?);
    let ops_at = 4 * 6;
    let colours_at = ops_at + 4 * n_ops;
    let grey_at = colours_at + 4 * n_colours;
    Some(Sections {
        width: u32::try_from(word(1)?).ok()?,
        height: u32::try_from(word(2)?).ok()?,
        ops: data.get(ops_at..colours_at)?,
        colours: data.get(colours_at..grey_at)?,
        grey: data.get(grey_at..grey_at + n_grey)?,
    })
}

/// One image of `top`'s rows followed by `bottom`'s: how a page rendered as
/// two bands (on two workers) is put back together without decoding it.
/// `None` when either is not in this format or their widths differ.
pub fn stack(top: &[u8], bottom: &[u8]) -> Option<Vec<u8>> {
    let (a, b) = (sections(top)?, sections(bottom)?);
    if a.width != b.width {
        return None;
    }
    let header = [
        MAGIC,
        a.width,
        a.height.checked_add(b.height)?,
        len_u32((a.ops.len() + b.ops.len()) / 4),
        len_u32((a.colours.len() + b.colours.len()) / 4),
        len_u32(a.grey.len() + b.grey.len()),
    ];
    let mut out = Vec::with_capacity(top.len() + bottom.len());
    for word in header {
        out.extend_from_slice(&word.to_le_bytes());
    }
    for part in [a.ops, b.ops, a.colours, b.colours, a.grey, b.grey] {
        out.extend_from_slice(part);
    }
    out.resize(out.len().next_multiple_of(4), 0);
    Some(out)
}

/// Decodes back to RGBA; the reference for the UI's decoder and for tests.
pub fn decode(data: &[u8]) -> Option<(u32, u32, Vec<u8>)> {
    let word = |i: usize| -> Option<u32> {
        let b = data.get(i * 4..i * 4 + 4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    if word(0)? != MAGIC {
        return None;
    }
    let (width, height) = (word(1)?, word(2)?);
    let (n_ops, n_colours, n_grey) = (word(3)? as usize, word(4)? as usize, word(5)? as usize);
    let mut colours = (6 + n_ops..6 + n_ops + n_colours).map(word);
    let grey_at = 4 * (6 + n_ops + n_colours);
    let mut grey = data.get(grey_at..grey_at + n_grey)?.iter();
    let total = (width as usize).checked_mul(height as usize)?;
    let mut out: Vec<u32> = Vec::with_capacity(total);
    for i in 0..n_ops {
        let op = word(6 + i)?;
        let n = (op & MAX_COUNT as u32) as usize;
        if out.len() + n > total {
            return None;
        }
        match op >> 30 {
            RUN => {
                let c = colours.next()??;
                out.extend(std::iter::repeat_n(c, n));
            }
            GREY => {
                for _ in 0..n {
                    let v = u32::from(*grey.next()?);
                    out.push(0xff00_0000 | (v * 0x0001_0101));
                }
            }
            COLOURS => {
                for _ in 0..n {
                    out.push(colours.next()??);
                }
            }
            _ => out.extend(std::iter::repeat_n(WHITE, n)),
        }
    }
    (out.len() == total).then(|| {
        let rgba = out.iter().flat_map(|p| p.to_le_bytes()).collect();
        (width, height, rgba)
    })
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

    /// The same bytes are decoded by the UI's test (`ui/src/lib/runs.test.ts`).
    #[test]
    fn encodes_the_shared_example_exactly() {
        let mut px = vec![[255, 255, 255, 255]; 6];
        px.extend([[30, 30, 30, 255], [200, 10, 10, 255]]);
        let encoded = encode(&image(&px), 8, 1);
        let words: Vec<u32> = encoded
            .chunks_exact(4)
            .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
            .collect();
        assert_eq!(
            words,
            [
                0x3158_504b,
                8,
                1,
                3,
                1,
                1, // header
                0xc000_0006,
                0x4000_0001,
                0x8000_0001, // paper 6, grey 1, colours 1
                0xff0a_0ac8, // red
                30,          // grey 30, padded
            ]
        );
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
    fn a_blank_page_is_one_op() {
        let rgba = vec![255u8; 1240 * 1754 * 4];
        let encoded = encode(&rgba, 1240, 1754);
        assert_eq!(encoded.len(), 4 * 7);
        assert_eq!(decode(&encoded).unwrap().2, rgba);
    }

    #[test]
    fn truncated_or_foreign_data_is_refused() {
        let rgba = image(&[[1, 2, 3, 255], [9, 9, 9, 255], [255, 255, 255, 255]]);
        let encoded = encode(&rgba, 3, 1);
        assert!(decode(&encoded[..encoded.len() - 4]).is_none());
        assert!(decode(b"\x89PNG\r\n\x1a\n").is_none());
        let mut wrong_size = encoded.clone();
        wrong_size[4] = 4;
        assert!(decode(&wrong_size).is_none());
    }
}
