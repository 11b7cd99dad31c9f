//! Reading encoded images back: two halves of a page joined into one, and the
//! reference decoder.

use super::{Band, Body, COLOURS, GREY, HEADER, KIND_SHIFT, MAGIC, MAX_COUNT, RUN, WHITE, write};

/// An encoded image read back into its parts.
struct Parts {
    width: u32,
    height: u32,
    bands: Vec<Band>,
    body: Body,
}

fn read(data: &[u8]) -> Option<Parts> {
    let word = |i: usize| -> Option<u32> {
        let b = data.get(i * 4..i * 4 + 4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let count = |i: usize| word(i).and_then(|n| usize::try_from(n).ok());
    if word(0)? != MAGIC {
        return None;
    }
    let (width, height) = (word(1)?, word(2)?);
    let (n_bands, n_ops, n_colours, n_grey) = (count(3)?, count(4)?, count(5)?, count(6)?);
    let bands_at = HEADER;
    let ops_at = bands_at.checked_add(n_bands.checked_mul(4)?)?;
    // Ops are two to a word.
    let colours_at = ops_at.checked_add(n_ops.div_ceil(2))?;
    let grey_at = 4 * colours_at.checked_add(n_colours)?;
    let words = |from: usize, n: usize| (from..from + n).map(word).collect::<Option<Vec<u32>>>();
    let corners = words(bands_at, 4 * n_bands)?;
    let bands = corners
        .chunks_exact(4)
        .map(|c| Band {
            x: c[0],
            y: c[1],
            width: c[2],
            height: c[3],
        })
        .collect::<Vec<_>>();
    let inside = bands.iter().all(|b| {
        b.x.checked_add(b.width).is_some_and(|r| r <= width)
            && b.y.checked_add(b.height).is_some_and(|r| r <= height)
    });
    let apart = bands
        .windows(2)
        .all(|p| p[0].y.saturating_add(p[0].height) <= p[1].y);
    if !(inside && apart) {
        return None;
    }
    Some(Parts {
        width,
        height,
        bands,
        body: Body {
            ops: data
                .get(4 * ops_at..4 * ops_at + 2 * n_ops)?
                .chunks_exact(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .collect(),
            colours: words(colours_at, n_colours)?,
            grey: data.get(grey_at..grey_at.checked_add(n_grey)?)?.to_vec(),
            ..Body::default()
        },
    })
}

/// One image of `top`'s rows followed by `bottom`'s: how a page rendered as
/// two halves (on two workers) is put back together without decoding it.
/// `None` when either is not in this format or their widths differ.
pub fn stack(top: &[u8], bottom: &[u8]) -> Option<Vec<u8>> {
    let (a, b) = (read(top)?, read(bottom)?);
    if a.width != b.width {
        return None;
    }
    let height = a.height.checked_add(b.height)?;
    let mut bands = a.bands;
    for band in b.bands {
        bands.push(Band {
            y: band.y.checked_add(a.height)?,
            ..band
        });
    }
    let mut body = a.body;
    body.ops.extend(b.body.ops);
    body.colours.extend(b.body.colours);
    body.grey.extend(b.body.grey);
    Some(write(a.width, height, &bands, &body))
}

/// Decodes back to RGBA; the reference for the UI's decoder and for tests.
pub fn decode(data: &[u8]) -> Option<(u32, u32, Vec<u8>)> {
    let Parts {
        width,
        height,
        bands,
        body,
    } = read(data)?;
    let w = width as usize;
    let mut out = vec![WHITE; w.checked_mul(height as usize)?];
    let mut colours = body.colours.iter().copied();
    let mut grey = body
        .grey
        .iter()
        .map(|&v| 0xff00_0000 | (u32::from(v) * 0x0001_0101));
    let mut ops = body.ops.iter().copied();
    for band in bands {
        let area = (band.width as usize).checked_mul(band.height as usize)?;
        let mut pixels: Vec<u32> = Vec::with_capacity(area);
        while pixels.len() < area {
            let op = ops.next()?;
            let n = usize::from(op) & MAX_COUNT;
            let end = pixels.len() + n;
            if end > area {
                return None;
            }
            match op >> KIND_SHIFT {
                RUN => pixels.extend(std::iter::repeat_n(colours.next()?, n)),
                GREY => pixels.extend(grey.by_ref().take(n)),
                COLOURS => pixels.extend(colours.by_ref().take(n)),
                _ => pixels.extend(std::iter::repeat_n(WHITE, n)),
            }
            if pixels.len() != end {
                return None;
            }
        }
        let (x, bw) = (band.x as usize, band.width as usize);
        for (row, line) in pixels.chunks_exact(bw.max(1)).enumerate() {
            let at = (band.y as usize + row) * w + x;
            out[at..at + bw].copy_from_slice(line);
        }
    }
    if ops.next().is_some() || colours.next().is_some() || grey.next().is_some() {
        return None;
    }
    Some((
        width,
        height,
        out.iter().flat_map(|p| p.to_le_bytes()).collect(),
    ))
}
