//! The font that exported free text is drawn with: a Japanese font found on
//! this machine, embedded as a subset of the glyphs the text uses, so every
//! reader draws the text as Kaigi showed it.
//!
//! `KAIGI_ANNOTATION_FONT` names the font file to use; otherwise the first
//! of the usual Japanese fonts of Linux, Windows and macOS that exists. In a
//! font collection the Japanese face is preferred.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use ttf_parser::{Face, GlyphId, name_id};

use super::append::Appender;
use crate::PdfError;

/// Overrides where the font comes from.
pub const FONT_VAR: &str = "KAIGI_ANNOTATION_FONT";

const CANDIDATES: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "C:\\Windows\\Fonts\\YuGothR.ttc",
    "C:\\Windows\\Fonts\\meiryo.ttc",
    "C:\\Windows\\Fonts\\msgothic.ttc",
    "/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
];

/// A font file read into memory, with the face to use.
pub struct FontFile {
    data: Vec<u8>,
    index: u32,
}

impl FontFile {
    /// The configured or first available Japanese font, if any.
    pub fn find() -> Option<Self> {
        let configured = std::env::var_os(FONT_VAR).map(PathBuf::from);
        configured
            .into_iter()
            .chain(CANDIDATES.iter().map(PathBuf::from))
            .find_map(|path| Self::load(&path))
    }

    /// The font at `path`, if it is one ttf-parser can read.
    pub fn load(path: &Path) -> Option<Self> {
        let data = std::fs::read(path).ok()?;
        let faces = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
        let japanese = (0..faces).find(|&i| {
            Face::parse(&data, i).is_ok_and(|face| {
                face.names()
                    .into_iter()
                    .filter(|n| n.name_id == name_id::FAMILY)
                    .filter_map(|n| n.to_string())
                    .any(|name| name.contains("JP") || name.contains("Japanese"))
            })
        });
        let index = japanese.unwrap_or(0);
        Face::parse(&data, index).ok()?;
        Some(Self { data, index })
    }

    pub fn face(&self) -> Result<Face<'_>, PdfError> {
        Face::parse(&self.data, self.index)
            .map_err(|e| PdfError::Export(format!("the annotation font cannot be read: {e}")))
    }
}

/// Glyphs of one face, in points for a given size.
pub struct Metrics<'a> {
    face: Face<'a>,
    per_unit: f32,
}

impl<'a> Metrics<'a> {
    pub fn new(face: Face<'a>) -> Self {
        let per_unit = 1.0 / f32::from(face.units_per_em().max(1));
        Self { face, per_unit }
    }

    /// The glyph for `c` (`.notdef` when the font lacks it).
    pub fn glyph(&self, c: char) -> GlyphId {
        self.face.glyph_index(c).unwrap_or(GlyphId(0))
    }

    /// How far `glyph` advances, in ems.
    pub fn advance(&self, glyph: GlyphId) -> f32 {
        f32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0)) * self.per_unit
    }

    /// Height above and depth below (negative) the baseline, in ems.
    pub fn ascent_descent(&self) -> (f32, f32) {
        (
            f32::from(self.face.ascender()) * self.per_unit,
            f32::from(self.face.descender()) * self.per_unit,
        )
    }
}

/// Glyphs used so far, in the order first used: their codes in the subset
/// (CIDs) and the text each stands for.
#[derive(Default)]
pub struct UsedGlyphs {
    remapper: subsetter::GlyphRemapper,
    text: BTreeMap<u16, char>,
}

impl UsedGlyphs {
    /// The CID `glyph` has in the subset, recording that it draws `c`.
    pub fn cid(&mut self, glyph: GlyphId, c: char) -> u16 {
        let cid = self.remapper.remap(glyph.0);
        self.text.entry(cid).or_insert(c);
        cid
    }
}

/// Writes the subset of `file` holding `used` as a Type 0 font; returns the
/// font's object number.
pub fn embed(file: &FontFile, used: &UsedGlyphs, out: &mut Appender) -> Result<u32, PdfError> {
    let face = file.face()?;
    let metrics = Metrics::new(face.clone());
    let subset = subsetter::subset(&file.data, file.index, &used.remapper)
        .map_err(|e| PdfError::Export(format!("the annotation font cannot be subset: {e}")))?;
    let cff = face.tables().cff.is_some();
    let name = subset_name(&face, used);

    let compressed = deflate(&subset)?;
    let program = if cff {
        out.stream("/Subtype /OpenType /Filter /FlateDecode", &compressed)
    } else {
        out.stream(
            &format!("/Length1 {} /Filter /FlateDecode", subset.len()),
            &compressed,
        )
    };

    let em = |v: i16| f32::from(v) * metrics.per_unit * 1000.0;
    let bbox = face.global_bounding_box();
    let (ascent, descent) = metrics.ascent_descent();
    let cap = face.capital_height().map_or(ascent * 1000.0, em);
    let descriptor = out.object(&format!(
        "<< /Type /FontDescriptor /FontName /{name} /Flags 4 \
         /FontBBox [{:.0} {:.0} {:.0} {:.0}] /ItalicAngle 0 /Ascent {:.0} /Descent {:.0} \
         /CapHeight {cap:.0} /StemV 80 /{} {program} 0 R >>",
        em(bbox.x_min),
        em(bbox.y_min),
        em(bbox.x_max),
        em(bbox.y_max),
        ascent * 1000.0,
        descent * 1000.0,
        if cff { "FontFile3" } else { "FontFile2" },
    ));

    let mut widths = String::new();
    for (&cid, &c) in &used.text {
        let advance = metrics.advance(metrics.glyph(c)) * 1000.0;
        let _ = write!(widths, "{cid} [{advance:.0}] ");
    }
    let cid_font = out.object(&format!(
        "<< /Type /Font /Subtype /{} /BaseFont /{name} \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
         /FontDescriptor {descriptor} 0 R /DW 1000 /W [{widths}]{} >>",
        if cff { "CIDFontType0" } else { "CIDFontType2" },
        if cff { "" } else { " /CIDToGIDMap /Identity" },
    ));
    let to_unicode = out.stream(
        "/Filter /FlateDecode",
        &deflate(to_unicode(used).as_bytes())?,
    );
    Ok(out.object(&format!(
        "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H \
         /DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>"
    )))
}

/// Whether the file's fonts need PDF 1.6 (an OpenType font program).
pub fn needs_pdf_1_6(file: &FontFile) -> bool {
    file.face().is_ok_and(|face| face.tables().cff.is_some())
}

/// `ABCDEF+PostScriptName`: a subset's name, its tag drawn from its glyphs.
fn subset_name(face: &Face<'_>, used: &UsedGlyphs) -> String {
    let base: String = face
        .names()
        .into_iter()
        .filter(|n| n.name_id == name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .unwrap_or_else(|| "KaigiFont".into())
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let mut hash = Sha256::new();
    for (cid, c) in &used.text {
        hash.update(cid.to_be_bytes());
        hash.update(u32::from(*c).to_be_bytes());
    }
    let tag: String = hash
        .finalize()
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect();
    format!("{tag}+{base}")
}

/// The CMap that maps each CID back to its text, for copying and search.
fn to_unicode(used: &UsedGlyphs) -> String {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(&u16, &char)> = used.text.iter().collect();
    for chunk in entries.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfchar", chunk.len());
        for (cid, c) in chunk {
            let utf16: String = c
                .encode_utf16(&mut [0; 2])
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            let _ = writeln!(cmap, "<{cid:04X}> <{utf16}>");
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}

pub fn deflate(data: &[u8]) -> Result<Vec<u8>, PdfError> {
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 2),
        flate2::Compression::default(),
    );
    encoder
        .write_all(data)
        .and_then(|()| encoder.finish())
        .map_err(|e| PdfError::Export(format!("cannot compress: {e}")))
}
