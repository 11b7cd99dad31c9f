//! Free text that every reader draws as Kaigi showed it: an appearance
//! stream that sets the text, wrapped as the viewer wraps it, in a Japanese
//! font embedded as a subset ([`super::font`]).
//!
//! PDFium cannot give an annotation's appearance a font resource, so a
//! FreeText is written with a placeholder entry `/KaigiAP (KAIGI-AP-…)`.
//! After saving, the appearances and their font are appended as an
//! incremental update ([`super::append`]), and each placeholder is rewritten
//! in place, to the same length, into `/AP << /N n 0 R >>`.

use std::fmt::Write as _;

use super::append::Appender;
use super::bytes::{find, rfind};
use super::font::{self, FontFile, Metrics, UsedGlyphs};
use crate::PdfError;
use crate::annotation::{Rect, Rgb};

/// The viewer's line height, in ems (`line-height: 1.2` in the UI).
const LINE_HEIGHT: f32 = 1.2;
/// Room for `<< /N 1234567 0 R >>` and more.
const WIDTH: usize = 40;
/// The key that stands in for `/AP`, as long as `/AP` and its padding.
const KEY: &[u8] = b"/KaigiAP";

/// One free text annotation waiting for its appearance.
pub struct FreeText {
    pub serial: usize,
    /// Where the text box is on the page as shown.
    pub rect: Rect,
    /// The page's shown-to-user-space matrix (`a b c d e f`).
    pub matrix: [f64; 6],
    pub text: String,
    pub size: f32,
    pub colour: Rgb,
}

impl FreeText {
    /// A unique ASCII string as wide as the reference it becomes.
    pub fn placeholder(&self) -> String {
        let tag = format!("KAIGI-AP-{:06}", self.serial);
        format!("{tag:_<WIDTH$}")
    }
}

/// The key PDFium writes the placeholder under.
pub const PLACEHOLDER_KEY: &str = "KaigiAP";

/// Appends the appearances of `texts` to the saved `bytes` and points each
/// annotation at its own.
pub fn apply(bytes: &[u8], texts: &[FreeText], file: &FontFile) -> Result<Vec<u8>, PdfError> {
    let metrics = Metrics::new(file.face()?);
    let mut used = UsedGlyphs::default();
    let contents: Vec<String> = texts
        .iter()
        .map(|t| content(t, &metrics, &mut used))
        .collect();
    let mut out = Appender::new(bytes.to_vec())?;
    let font = font::embed(file, &used, &mut out)?;
    for (text, content) in texts.iter().zip(contents) {
        let r = text.rect;
        let [a, b, c, d, e, f] = text.matrix;
        let appearance = out.stream(
            &format!(
                "/Type /XObject /Subtype /Form /BBox [{:.2} {:.2} {:.2} {:.2}] \
                 /Matrix [{a:.5} {b:.5} {c:.5} {d:.5} {e:.3} {f:.3}] \
                 /Resources << /Font << /KaigiF1 {font} 0 R >> >> /Filter /FlateDecode",
                r.left, r.bottom, r.right, r.top
            ),
            &font::deflate(content.as_bytes())?,
        );
        point_at(out.bytes_mut(), text, appearance)?;
    }
    if font::needs_pdf_1_6(file) {
        at_least_pdf_1_6(out.bytes_mut());
    }
    Ok(out.finish())
}

/// The appearance's content: the text in lines from the box's top left.
fn content(text: &FreeText, metrics: &Metrics<'_>, used: &mut UsedGlyphs) -> String {
    let size = text.size;
    let (ascent, descent) = metrics.ascent_descent();
    let half_leading = (LINE_HEIGHT - (ascent - descent)) / 2.0;
    let first_baseline = text.rect.top - (half_leading + ascent) * size;
    let advance = |c: char| metrics.advance(metrics.glyph(c)) * size;
    let mut out = format!(
        "q BT /KaigiF1 {size:.2} Tf {} rg {:.2} TL {:.2} {:.2} Td\n",
        text.colour.operands(),
        LINE_HEIGHT * size,
        text.rect.left,
        first_baseline
    );
    for (i, line) in wrap(&text.text, text.rect.width(), advance)
        .iter()
        .enumerate()
    {
        if i > 0 {
            out.push_str("T* ");
        }
        out.push('<');
        for c in line.chars() {
            let _ = write!(out, "{:04X}", used.cid(metrics.glyph(c), c));
        }
        out.push_str("> Tj\n");
    }
    out.push_str("ET Q\n");
    out
}

/// Rewrites the placeholder of `text` into a reference to `appearance`.
fn point_at(bytes: &mut [u8], text: &FreeText, appearance: u32) -> Result<(), PdfError> {
    let lost = || PdfError::Export("the free text placeholder was not written".into());
    let token = format!("({})", text.placeholder());
    let at = find(bytes, token.as_bytes(), 0).ok_or_else(lost)?;
    let key = rfind(&bytes[..at], KEY)
        .filter(|&k| bytes[k + KEY.len()..at].iter().all(u8::is_ascii_whitespace))
        .ok_or_else(lost)?;
    let value = format!(
        "{:<width$}",
        format!("<< /N {appearance} 0 R >>"),
        width = token.len()
    );
    if value.len() != token.len() {
        return Err(PdfError::Export(
            "too many objects for the free text".into(),
        ));
    }
    bytes[at..at + token.len()].copy_from_slice(value.as_bytes());
    bytes[key..key + KEY.len()].copy_from_slice(b"/AP     ");
    Ok(())
}

/// The saved bytes with every placeholder entry turned into blanks, when
/// the appearances cannot be added: the dictionaries stay valid.
pub fn blank(mut bytes: Vec<u8>, texts: &[FreeText]) -> Vec<u8> {
    for text in texts {
        let token = format!("({})", text.placeholder());
        if let Some(at) = find(&bytes, token.as_bytes(), 0)
            && let Some(key) = rfind(&bytes[..at], KEY)
        {
            bytes[at..at + token.len()].fill(b' ');
            bytes[key..key + KEY.len()].fill(b' ');
        }
    }
    bytes
}

/// Raises the header to PDF 1.6 (OpenType font programs), in place.
fn at_least_pdf_1_6(bytes: &mut [u8]) {
    if let Some(header) = bytes.get_mut(..8)
        && header.starts_with(b"%PDF-1.")
        && header[7].is_ascii_digit()
        && header[7] < b'6'
    {
        header[7] = b'6';
    }
}

/// Characters a line may not start with (Japanese line-breaking rules).
const NO_BREAK_BEFORE: &str =
    "、。，．,.)）」』】〕〉》！？!?ー・：；:;ぁぃぅぇぉっゃゅょァィゥェォッャュョ";

/// Whether a line may break between `before` and `after`: after a space,
/// or anywhere next to Japanese text (but not before closing punctuation).
fn breakable(before: char, after: char) -> bool {
    let latin = |c: char| c.is_ascii() && !c.is_ascii_whitespace();
    if NO_BREAK_BEFORE.contains(after) {
        return false;
    }
    before == ' ' || !(latin(before) && latin(after))
}

/// `text` in lines no wider than `width` (as `advance` measures them):
/// its own line breaks kept, long lines wrapped at break opportunities, a
/// word wider than the box broken where it overflows.
pub fn wrap(text: &str, width: f32, advance: impl Fn(char) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let chars: Vec<char> = paragraph
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        let (mut start, mut i, mut used) = (0, 0, 0.0);
        let mut last_break = None;
        while i < chars.len() {
            let w = advance(chars[i]);
            if used + w > width && i > start && chars[i] != ' ' {
                let cut = last_break.filter(|&b| b > start).unwrap_or(i);
                lines.push(
                    chars[start..cut]
                        .iter()
                        .collect::<String>()
                        .trim_end()
                        .to_owned(),
                );
                start = cut;
                while chars.get(start) == Some(&' ') {
                    start += 1;
                }
                i = i.max(start);
                used = chars[start..i].iter().map(|&c| advance(c)).sum();
                last_break = None;
                continue;
            }
            used += w;
            i += 1;
            if i < chars.len() && breakable(chars[i - 1], chars[i]) {
                last_break = Some(i);
            }
        }
        lines.push(
            chars[start..]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_owned(),
        );
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character one point wide.
    fn lines(text: &str, width: f32) -> Vec<String> {
        wrap(text, width, |_| 1.0)
    }

    #[test]
    fn japanese_wraps_anywhere_but_before_closing_punctuation() {
        assert_eq!(lines("在宅勤務の確認", 3.0), ["在宅勤", "務の確", "認"]);
        // 。 may not start a line, so す goes down with it.
        assert_eq!(lines("確認します。次へ", 5.0), ["確認しま", "す。次へ"]);
    }

    #[test]
    fn latin_wraps_at_spaces_and_long_words_are_cut() {
        assert_eq!(lines("check the figures", 10.0), ["check the", "figures"]);
        assert_eq!(lines("abcdefghij", 4.0), ["abcd", "efgh", "ij"]);
        assert_eq!(lines("資料pages", 5.0), ["資料", "pages"]);
    }

    #[test]
    fn the_writers_own_lines_are_kept() {
        assert_eq!(lines("一行目\n\n三行目", 10.0), ["一行目", "", "三行目"]);
        assert_eq!(lines("", 10.0), [""]);
        assert_eq!(lines("a\tb", 10.0), ["a b"]);
    }

    #[test]
    fn the_placeholder_becomes_a_reference_of_the_same_length() {
        let text = FreeText {
            serial: 3,
            rect: Rect::from_corners((0.0, 0.0), (10.0, 10.0)),
            matrix: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            text: "x".into(),
            size: 12.0,
            colour: Rgb(0, 0, 0),
        };
        let saved = format!(
            "1 0 obj<</Subtype/FreeText/KaigiAP({})>>endobj",
            text.placeholder()
        );
        let mut bytes = saved.clone().into_bytes();
        point_at(&mut bytes, &text, 42).unwrap();
        let patched = String::from_utf8(bytes).unwrap();
        assert_eq!(patched.len(), saved.len());
        assert!(
            patched.starts_with("1 0 obj<</Subtype/FreeText/AP     << /N 42 0 R >>   "),
            "{patched}"
        );
        assert!(point_at(&mut saved.into_bytes(), &FreeText { serial: 4, ..text }, 42).is_err());
    }

    #[test]
    fn old_headers_rise_to_1_6_and_newer_stay() {
        let mut old = b"%PDF-1.3\n".to_vec();
        at_least_pdf_1_6(&mut old);
        assert_eq!(old, b"%PDF-1.6\n");
        let mut new = b"%PDF-1.7\n".to_vec();
        at_least_pdf_1_6(&mut new);
        assert_eq!(new, b"%PDF-1.7\n");
    }
}
