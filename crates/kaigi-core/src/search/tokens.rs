//! How text is cut for the full-text index so that Japanese works at any
//! query length, one character included.
//!
//! Japanese has no spaces between words, so FTS5's word tokenizer sees a whole
//! sentence as one token. Here each run of CJK characters (kanji, kana, and
//! full-width forms) is written twice: as single characters (for one-character
//! queries) and as overlapping pairs (bigrams; a longer query is the phrase of
//! its bigrams, which must stand next to each other). Other text is left to
//! FTS5's `unicode61` word tokenizer, matched by word prefix.

/// The three indexed columns of one text.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Columns {
    pub unigrams: String,
    pub bigrams: String,
    pub words: String,
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // hiragana, katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0xFF66..=0xFF9F // half-width katakana
        | 0x20000..=0x2FA1F // supplementary ideographs
        | 0x3005 | 0x3006 // 々 〆
    )
}

/// Runs of CJK characters, and the rest with CJK replaced by spaces.
fn split(text: &str) -> (Vec<Vec<char>>, String) {
    let mut runs = Vec::new();
    let mut run = Vec::new();
    let mut rest = String::with_capacity(text.len());
    for c in text.chars() {
        // Full-width ASCII (ＡＢＣ１２３) is searched as its ASCII form.
        let c = match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        if is_cjk(c) {
            run.push(c);
            rest.push(' ');
        } else {
            if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
            rest.push(c);
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    (runs, rest)
}

fn bigrams(run: &[char]) -> impl Iterator<Item = String> + '_ {
    run.windows(2).map(|w| w.iter().collect())
}

/// The indexed form of `text`.
pub fn columns(text: &str) -> Columns {
    let (runs, words) = split(text);
    let mut unigrams = String::new();
    let mut bigram_text = String::new();
    for run in &runs {
        for c in run {
            unigrams.push(*c);
            unigrams.push(' ');
        }
        // No pair spans two runs, so a phrase of overlapping pairs cannot
        // match across a run boundary.
        for pair in bigrams(run) {
            bigram_text.push_str(&pair);
            bigram_text.push(' ');
        }
    }
    Columns {
        unigrams,
        bigrams: bigram_text,
        words,
    }
}

/// The FTS5 `MATCH` expression for what the user typed, or `None` when there
/// is nothing to search for. Every part must match (AND).
pub fn query(input: &str) -> Option<String> {
    let (runs, rest) = split(input);
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut parts = Vec::new();
    for run in &runs {
        if run.len() == 1 {
            parts.push(format!("unigrams:{}", quote(&run[0].to_string())));
        } else {
            let phrase: Vec<String> = bigrams(run).collect();
            parts.push(format!("bigrams:{}", quote(&phrase.join(" "))));
        }
    }
    for word in rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        parts.push(format!("words:{}*", quote(word)));
    }
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_is_indexed_as_characters_and_pairs() {
        let c = columns("会議資料 v2 を確認");
        assert_eq!(c.unigrams, "会 議 資 料 を 確 認 ");
        assert_eq!(c.bigrams, "会議 議資 資料 を確 確認 ");
        assert!(c.words.contains("v2"));
        assert!(!c.words.contains('会'));
    }

    #[test]
    fn queries_of_every_length() {
        assert_eq!(query("会").unwrap(), r#"unigrams:"会""#);
        assert_eq!(query("会議").unwrap(), r#"bigrams:"会議""#);
        assert_eq!(query("会議資料").unwrap(), r#"bigrams:"会議 議資 資料""#);
        assert_eq!(
            query("予算 budget").unwrap(),
            r#"bigrams:"予算" AND words:"budget"*"#
        );
        assert_eq!(query("ＰＤＦ").unwrap(), r#"words:"PDF"*"#);
        assert_eq!(query("  \"  ").as_deref(), None);
        assert_eq!(query("a\"b").unwrap(), r#"words:"a"* AND words:"b"*"#);
    }
}
