//! The pages of meeting materials in the search index: their text, cut as
//! messages are (see [`super::tokens`]), in the same encrypted `search.sqlite`.
//! A material is indexed once per SHA-256, whatever meetings it is in, and
//! forgotten when its bytes leave the device.

use std::collections::BTreeSet;

use rusqlite::params;
use serde::Serialize;

use super::SearchIndex;
use super::tokens::{self, columns};
use crate::store::StoreError;

pub(super) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS material_pages (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    page INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (sha256, page)
);
CREATE VIRTUAL TABLE IF NOT EXISTS material_pages_fts USING fts5 (
    unigrams, bigrams, words,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
-- Materials read through, with their page count (a material without text
-- is indexed too, so it is not read again).
CREATE TABLE IF NOT EXISTS materials_indexed (
    sha256 TEXT PRIMARY KEY,
    pages INTEGER NOT NULL
);
";

/// Characters of context either side of a hit in its snippet.
const BEFORE: usize = 24;
const AFTER: usize = 48;

/// One page of a material matching a search.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PageHit {
    pub sha256: String,
    /// 0-based.
    pub page: u32,
    /// The text around the first match, on one line.
    pub snippet: String,
}

impl SearchIndex {
    /// Indexes the text of each page of material `sha256`, replacing what
    /// was indexed for it before.
    pub fn index_material(&self, sha256: &str, pages: &[String]) -> Result<(), StoreError> {
        self.forget_material(sha256)?;
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        {
            let mut page_row = tx.prepare_cached(
                "INSERT INTO material_pages (sha256, page, text) VALUES (?1, ?2, ?3)",
            )?;
            let mut fts = tx.prepare_cached(
                "INSERT INTO material_pages_fts (rowid, unigrams, bigrams, words)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (page, text) in pages.iter().enumerate() {
                if text.trim().is_empty() {
                    continue;
                }
                page_row.execute(params![sha256, page, text])?;
                let c = columns(text);
                fts.execute(params![
                    tx.last_insert_rowid(),
                    c.unigrams,
                    c.bigrams,
                    c.words
                ])?;
            }
            tx.execute(
                "INSERT INTO materials_indexed (sha256, pages) VALUES (?1, ?2)",
                params![sha256, pages.len()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Forgets material `sha256`'s pages.
    pub fn forget_material(&self, sha256: &str) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        tx.execute(
            "DELETE FROM material_pages_fts WHERE rowid IN
             (SELECT id FROM material_pages WHERE sha256 = ?1)",
            [sha256],
        )?;
        tx.execute("DELETE FROM material_pages WHERE sha256 = ?1", [sha256])?;
        tx.execute("DELETE FROM materials_indexed WHERE sha256 = ?1", [sha256])?;
        tx.commit()?;
        Ok(())
    }

    /// The materials indexed.
    pub fn indexed_materials(&self) -> Result<BTreeSet<String>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare_cached("SELECT sha256 FROM materials_indexed")?;
        let rows = statement.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The best `limit` pages matching `input`, best first.
    pub fn search_pages(&self, input: &str, limit: u32) -> Result<Vec<PageHit>, StoreError> {
        let Some(expression) = tokens::query(input) else {
            return Ok(Vec::new());
        };
        let conn = self.conn()?;
        let mut statement = conn.prepare_cached(
            "SELECT p.sha256, p.page, p.text
             FROM material_pages_fts f JOIN material_pages p ON p.id = f.rowid
             WHERE material_pages_fts MATCH ?1
             ORDER BY f.rank, p.sha256, p.page LIMIT ?2",
        )?;
        let hits = statement
            .query_map(params![expression, limit], |r| {
                let text: String = r.get(2)?;
                Ok(PageHit {
                    sha256: r.get(0)?,
                    page: r.get(1)?,
                    snippet: snippet(&text, input),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(hits)
    }
}

/// The text around the first place a word of `input` appears, on one line.
fn snippet(text: &str, input: &str) -> String {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let lower: Vec<char> = chars.iter().flat_map(|c| c.to_lowercase().next()).collect();
    let at = input
        .split_whitespace()
        .filter_map(|word| {
            let word: Vec<char> = word.chars().flat_map(|c| c.to_lowercase().next()).collect();
            lower
                .windows(word.len().max(1))
                .position(|w| w == word.as_slice())
        })
        .min()
        .unwrap_or(0);
    let start = at.saturating_sub(BEFORE);
    let end = (at + AFTER).min(chars.len());
    let mut out: String = chars[start..end].iter().collect();
    out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if start > 0 {
        out.insert(0, '…');
    }
    if end < chars.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> (tempfile::TempDir, SearchIndex) {
        let dir = tempfile::tempdir().unwrap();
        let index = SearchIndex::open(&dir.path().join("search.sqlite"), &"ab".repeat(32)).unwrap();
        (dir, index)
    }

    const A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    #[test]
    fn pages_are_found_by_one_two_and_more_characters_and_forgotten() {
        let (_dir, index) = index();
        index
            .index_material(
                A,
                &[
                    "第1回 会議\n予算案について".into(),
                    String::new(),
                    "防災訓練の報告 Budget 2026".into(),
                ],
            )
            .unwrap();
        index.index_material(B, &["防災計画".into()]).unwrap();
        assert_eq!(
            index.indexed_materials().unwrap(),
            BTreeSet::from([A.into(), B.into()])
        );

        let pages = |q: &str| -> Vec<(String, u32)> {
            index
                .search_pages(q, 10)
                .unwrap()
                .into_iter()
                .map(|h| (h.sha256, h.page))
                .collect()
        };
        assert_eq!(pages("案"), vec![(A.into(), 0)]);
        assert_eq!(pages("予算"), vec![(A.into(), 0)]);
        let mut both = pages("防災");
        both.sort();
        assert_eq!(both, vec![(A.into(), 2), (B.into(), 0)]);
        assert_eq!(pages("budget"), vec![(A.into(), 2)]);
        assert!(pages("存在しない").is_empty());
        let hit = &index.search_pages("訓練", 1).unwrap()[0];
        assert_eq!(hit.snippet, "防災訓練の報告 Budget 2026");

        // Indexing again replaces; forgetting removes every page.
        index
            .index_material(A, &["差し替え後の資料".into()])
            .unwrap();
        assert!(pages("防災").iter().all(|(sha, _)| sha == B));
        index.forget_material(B).unwrap();
        assert!(pages("防災").is_empty());
        assert_eq!(
            index.indexed_materials().unwrap(),
            BTreeSet::from([A.into()])
        );
    }

    #[test]
    fn a_snippet_is_the_text_around_the_hit() {
        let text = format!("{}予算案{}", "前".repeat(40), "後".repeat(80));
        let s = snippet(&text, "予算");
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("予算案"));
        assert_eq!(s.chars().filter(|&c| c == '前').count(), BEFORE);
    }
}
