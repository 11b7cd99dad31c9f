//! Adding objects to a saved PDF as an incremental update (ISO 32000-1
//! §7.5.6): the new objects, a cross-reference section for them and a
//! trailer pointing back to the previous one, appended after `%%EOF`. The
//! bytes already written keep their offsets.

use std::fmt::Write as _;

use super::bytes::{find, rfind};
use crate::PdfError;

pub struct Appender {
    bytes: Vec<u8>,
    /// The previous cross-reference section's offset.
    prev: usize,
    /// `/Root`, `/Info` and `/ID` entries carried into the new trailer.
    carried: String,
    next: u32,
    added: Vec<(u32, usize)>,
}

impl Appender {
    /// Reads the last trailer of `bytes`. Encrypted files are refused: new
    /// objects there would need encrypting too.
    pub fn new(bytes: Vec<u8>) -> Result<Self, PdfError> {
        let broken = |what: &str| PdfError::Export(format!("cannot update the saved copy: {what}"));
        let at = rfind(&bytes, b"startxref").ok_or_else(|| broken("no startxref"))?;
        let prev: usize = token_after(&bytes[at + 9..])
            .and_then(|t| t.parse().ok())
            .filter(|&p| p < at)
            .ok_or_else(|| broken("bad startxref"))?;
        // A classic table has its dictionary after `trailer`; a
        // cross-reference stream is an object with the same keys.
        let dict_from = if bytes[prev..].starts_with(b"xref") {
            find(&bytes, b"trailer", prev).ok_or_else(|| broken("no trailer"))?
        } else {
            prev
        };
        let open = find(&bytes, b"<<", dict_from).ok_or_else(|| broken("no trailer dictionary"))?;
        let close = dict_end(&bytes, open).ok_or_else(|| broken("unterminated trailer"))?;
        let dict = String::from_utf8_lossy(&bytes[open..close]).into_owned();
        if key(&dict, "Encrypt").is_some() {
            return Err(PdfError::Export("the copy is encrypted".into()));
        }
        let size: u32 = key(&dict, "Size")
            .and_then(|v| token_after(v.as_bytes())?.parse().ok())
            .ok_or_else(|| broken("no /Size"))?;
        let root = key(&dict, "Root")
            .and_then(reference)
            .ok_or_else(|| broken("no /Root"))?;
        let mut carried = format!(" /Root {root}");
        if let Some(info) = key(&dict, "Info").and_then(reference) {
            let _ = write!(carried, " /Info {info}");
        }
        if let Some(id) = key(&dict, "ID").and_then(array) {
            let _ = write!(carried, " /ID {id}");
        }
        Ok(Self {
            bytes,
            prev,
            carried,
            next: size,
            added: Vec::new(),
        })
    }

    /// Adds an object; returns its number.
    pub fn object(&mut self, body: &str) -> u32 {
        let number = self.start();
        self.bytes.extend_from_slice(body.as_bytes());
        self.bytes.extend_from_slice(b"\nendobj\n");
        number
    }

    /// Adds a stream with the dictionary entries `dict` (its `/Length` is added).
    pub fn stream(&mut self, dict: &str, data: &[u8]) -> u32 {
        let number = self.start();
        let head = format!("<< {dict} /Length {} >>\nstream\n", data.len());
        self.bytes.extend_from_slice(head.as_bytes());
        self.bytes.extend_from_slice(data);
        self.bytes.extend_from_slice(b"\nendstream\nendobj\n");
        number
    }

    /// Writes a placeholder-sized patch in the bytes saved before.
    pub fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.bytes
    }

    /// The file with the update.
    pub fn finish(mut self) -> Vec<u8> {
        if self.added.is_empty() {
            return self.bytes;
        }
        let xref = self.bytes.len();
        let mut table = String::from("xref\n");
        let first = self.added[0].0;
        let _ = writeln!(table, "{first} {}", self.added.len());
        for (_, offset) in &self.added {
            let _ = write!(table, "{offset:010} 00000 n\r\n");
        }
        let _ = write!(
            table,
            "trailer\n<< /Size {}{} /Prev {} >>\nstartxref\n{xref}\n%%EOF\n",
            self.next, self.carried, self.prev
        );
        self.bytes.extend_from_slice(table.as_bytes());
        self.bytes
    }

    fn start(&mut self) -> u32 {
        if self.added.is_empty() && !self.bytes.ends_with(b"\n") {
            self.bytes.push(b'\n');
        }
        let number = self.next;
        self.next += 1;
        self.added.push((number, self.bytes.len()));
        self.bytes
            .extend_from_slice(format!("{number} 0 obj\n").as_bytes());
        number
    }
}

/// The first whitespace-delimited token of `bytes`.
fn token_after(bytes: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(bytes.get(..bytes.len().min(40))?).ok()?;
    text.split(|c: char| c.is_ascii_whitespace() || "/<>[]".contains(c))
        .find(|t| !t.is_empty())
}

/// Where the dictionary opening at `open` ends (after its `>>`).
fn dict_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i + 1 < bytes.len() {
        match &bytes[i..i + 2] {
            b"<<" => {
                depth += 1;
                i += 2;
            }
            b">>" => {
                depth = depth.checked_sub(1)?;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// The text after `/name` in a dictionary (up to its end).
fn key<'a>(dict: &'a str, name: &str) -> Option<&'a str> {
    let pattern = format!("/{name}");
    let mut from = 0;
    while let Some(i) = dict[from..].find(&pattern) {
        let after = from + i + pattern.len();
        // `/Size` must not match `/SizeX`.
        if dict[after..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            return Some(&dict[after..]);
        }
        from = after;
    }
    None
}

/// `n g R` at the start of `text`.
fn reference(text: &str) -> Option<String> {
    let mut parts = text.split_ascii_whitespace();
    let (n, g) = (parts.next()?, parts.next()?);
    let r = parts.next()?;
    (n.parse::<u32>().is_ok() && g.parse::<u32>().is_ok() && r.starts_with('R'))
        .then(|| format!("{n} {g} R"))
}

/// The `[...]` array at the start of `text`, verbatim.
fn array(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let end = text.find(']')?;
    text.starts_with('[').then(|| &text[..=end])
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAVED: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n\
        xref\n0 2\n0000000000 65535 f\r\n0000000009 00000 n\r\n\
        trailer\n<</Info 7 0 R /Root 1 0 R /Size 9/ID[<AB><CD>]>>\nstartxref\n45\n%%EOF\n";

    #[test]
    fn new_objects_follow_the_old_size_and_point_back() {
        let mut update = Appender::new(SAVED.to_vec()).unwrap();
        let a = update.object("<< /Kind /A >>");
        let b = update.stream("/Filter /None", b"xyz");
        assert_eq!((a, b), (9, 10));
        let out = update.finish();
        let text = String::from_utf8_lossy(&out);
        assert!(out.starts_with(SAVED));
        let a_at = find(&out, b"9 0 obj", SAVED.len()).unwrap();
        let b_at = find(&out, b"10 0 obj", SAVED.len()).unwrap();
        assert!(text.contains(&format!(
            "xref\n9 2\n{a_at:010} 00000 n\r\n{b_at:010} 00000 n\r\n"
        )));
        assert!(text.contains("10 0 obj\n<< /Filter /None /Length 3 >>\nstream\nxyz\nendstream"));
        assert!(
            text.contains("/Size 11 /Root 1 0 R /Info 7 0 R /ID [<AB><CD>] /Prev 45 >>"),
            "{text}"
        );
        let startxref = rfind(&out, b"startxref").unwrap();
        let xref_at: usize = token_after(&out[startxref + 9..]).unwrap().parse().unwrap();
        assert!(out[xref_at..].starts_with(b"xref\n9 2"));
        assert!(out.ends_with(b"%%EOF\n"));
    }

    #[test]
    fn encrypted_or_broken_files_are_refused() {
        let encrypted = String::from_utf8_lossy(SAVED).replace("/Size 9", "/Size 9 /Encrypt 5 0 R");
        assert!(Appender::new(encrypted.into_bytes()).is_err());
        assert!(Appender::new(b"%PDF-1.4\nno trailer here".to_vec()).is_err());
        let no_root = String::from_utf8_lossy(SAVED).replace("/Root 1 0 R ", "");
        assert!(Appender::new(no_root.into_bytes()).is_err());
        let past_end = String::from_utf8_lossy(SAVED).replace("startxref\n45", "startxref\n9999");
        assert!(Appender::new(past_end.into_bytes()).is_err());
    }

    #[test]
    fn nothing_added_leaves_the_file_alone() {
        assert_eq!(Appender::new(SAVED.to_vec()).unwrap().finish(), SAVED);
    }
}
