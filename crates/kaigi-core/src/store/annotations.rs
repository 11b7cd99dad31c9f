//! The `annotations` table: my personal annotations, keyed by the document's
//! SHA-256 and the annotation's id, in page coordinates (PDF points).
//!
//! Each stroke is saved in its own transaction the moment it ends. WAL with
//! `synchronous = NORMAL` keeps every committed row across a crash of the
//! app (kill -9); only a stroke still being drawn is lost.

use kaigi_pdf::annotation::Annotation;
use rusqlite::params;

use super::{LocalStore, StoreError};

/// Why an annotation was not stored.
#[derive(Debug, thiserror::Error)]
pub enum AnnotationError {
    #[error("not a SHA-256 document key: {0:?}")]
    BadDocumentKey(String),
    #[error("invalid annotation: {0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::HasErrorCode for AnnotationError {
    fn code(&self) -> crate::ErrorCode {
        match self {
            Self::BadDocumentKey(_) | Self::Invalid(_) => crate::ErrorCode::InvalidInput,
            Self::Store(_) => crate::ErrorCode::Storage,
        }
    }
}

pub(super) fn check_key(sha256: &str) -> Result<(), AnnotationError> {
    if sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(AnnotationError::BadDocumentKey(
            sha256.chars().take(80).collect(),
        ))
    }
}

impl LocalStore {
    /// Inserts or replaces one annotation of document `sha256`.
    pub fn put_annotation(
        &self,
        sha256: &str,
        annotation: &Annotation,
        now_ms: i64,
    ) -> Result<(), AnnotationError> {
        check_key(sha256)?;
        annotation.validate().map_err(AnnotationError::Invalid)?;
        let body = serde_json::to_string(annotation)
            .map_err(|e| AnnotationError::Invalid(e.to_string()))?;
        self.conn()?
            .execute(
                "INSERT INTO annotations (doc_sha256, id, page, body, updated_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (doc_sha256, id) DO UPDATE
                 SET page = excluded.page, body = excluded.body, updated_ms = excluded.updated_ms",
                params![sha256, annotation.id, annotation.page, body, now_ms],
            )
            .map_err(StoreError::from)?;
        Ok(())
    }

    /// Removes one annotation; removing an unknown one is not an error.
    pub fn delete_annotation(&self, sha256: &str, id: &str) -> Result<(), AnnotationError> {
        check_key(sha256)?;
        self.conn()?
            .execute(
                "DELETE FROM annotations WHERE doc_sha256 = ?1 AND id = ?2",
                params![sha256, id],
            )
            .map_err(StoreError::from)?;
        Ok(())
    }

    /// Every annotation of document `sha256`, by page then age.
    pub fn annotations(&self, sha256: &str) -> Result<Vec<Annotation>, AnnotationError> {
        check_key(sha256)?;
        let conn = self.conn()?;
        let mut stmt = conn
            .prepare_cached(
                "SELECT body FROM annotations WHERE doc_sha256 = ?1
                 ORDER BY page, rowid",
            )
            .map_err(StoreError::from)?;
        let bodies = stmt
            .query_map(params![sha256], |row| row.get::<_, String>(0))
            .map_err(StoreError::from)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(StoreError::from)?;
        Ok(bodies
            .iter()
            .filter_map(|body| match serde_json::from_str(body) {
                Ok(a) => Some(a),
                Err(e) => {
                    tracing::warn!(error = %e, "skipping an unreadable stored annotation");
                    None
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use kaigi_pdf::annotation::{Point, Shape};

    use super::*;

    const DOC: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    fn ink(id: &str, page: u32) -> Annotation {
        Annotation {
            id: id.into(),
            page,
            color: "#d32f2f".into(),
            width: 2.0,
            shape: Shape::Ink {
                strokes: vec![vec![
                    Point {
                        x: 1.0,
                        y: 2.0,
                        pressure: 0.4,
                    },
                    Point {
                        x: 3.0,
                        y: 4.0,
                        pressure: 0.6,
                    },
                ]],
            },
        }
    }

    fn store() -> (tempfile::TempDir, LocalStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(&dir.path().join("kaigi.sqlite")).unwrap();
        (dir, store)
    }

    #[test]
    fn annotations_round_trip_per_document_ordered_by_page() {
        let (_dir, store) = store();
        store.put_annotation(DOC, &ink("b", 5), 1).unwrap();
        store.put_annotation(DOC, &ink("a", 2), 2).unwrap();
        let other = "b".repeat(64);
        store.put_annotation(&other, &ink("c", 0), 3).unwrap();
        let got = store.annotations(DOC).unwrap();
        assert_eq!(got, vec![ink("a", 2), ink("b", 5)]);
        assert_eq!(store.annotations(&other).unwrap().len(), 1);
    }

    #[test]
    fn putting_the_same_id_moves_it_and_delete_removes_it() {
        let (_dir, store) = store();
        store.put_annotation(DOC, &ink("a", 1), 1).unwrap();
        let mut moved = ink("a", 1);
        moved.color = "#000000".into();
        store.put_annotation(DOC, &moved, 2).unwrap();
        assert_eq!(store.annotations(DOC).unwrap(), vec![moved]);
        store.delete_annotation(DOC, "a").unwrap();
        store.delete_annotation(DOC, "never-there").unwrap();
        assert!(store.annotations(DOC).unwrap().is_empty());
    }

    #[test]
    fn bad_keys_and_invalid_annotations_are_refused() {
        let (_dir, store) = store();
        assert!(matches!(
            store.put_annotation("../etc/passwd", &ink("a", 0), 1),
            Err(AnnotationError::BadDocumentKey(_))
        ));
        let mut bad = ink("a", 0);
        bad.width = f32::INFINITY;
        assert!(matches!(
            store.put_annotation(DOC, &bad, 1),
            Err(AnnotationError::Invalid(_))
        ));
        assert!(store.annotations(DOC).unwrap().is_empty());
    }
}
