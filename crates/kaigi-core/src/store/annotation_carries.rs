//! The `annotation_carries` table: my annotations carried from one version
//! of a document to the next (see `kaigi_pdf::reanchor`).
//!
//! A carry moves the annotations that found their place and records the
//! pair, in one transaction: a crash leaves either nothing done or all of
//! it. Those that found no place stay on the older version and are listed
//! with the newer one until they are deleted there.

use kaigi_pdf::annotation::Annotation;
use kaigi_pdf::reanchor::Carried;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::LocalStore;
use super::annotations::{AnnotationError, check_key};
use crate::store::StoreError;

/// A note of an older version that found no place in this one.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UnplacedNote {
    /// The version it is still on.
    pub from_sha256: String,
    /// The line it was anchored to; empty for a mark away from any text.
    pub quote: String,
    pub annotation: Annotation,
}

#[derive(Serialize, Deserialize)]
struct Left {
    id: String,
    quote: String,
}

impl LocalStore {
    /// Whether annotations of `from` were carried to `to` already.
    pub fn carried(&self, from: &str, to: &str) -> Result<bool, AnnotationError> {
        check_key(from)?;
        check_key(to)?;
        Ok(self
            .conn()?
            .query_row(
                "SELECT 1 FROM annotation_carries WHERE from_sha256 = ?1 AND to_sha256 = ?2",
                params![from, to],
                |_| Ok(()),
            )
            .optional()
            .map_err(StoreError::from)?
            .is_some())
    }

    /// Moves the placed annotations from `from` to `to` and records the
    /// carry with what was left behind. Returns how many moved.
    pub fn carry_annotations(
        &self,
        from: &str,
        to: &str,
        carried: &Carried,
        now_ms: i64,
    ) -> Result<usize, AnnotationError> {
        check_key(from)?;
        check_key(to)?;
        for a in &carried.placed {
            a.validate().map_err(AnnotationError::Invalid)?;
        }
        let left: Vec<Left> = carried
            .unplaced
            .iter()
            .map(|u| Left {
                id: u.annotation.id.clone(),
                quote: u.quote.clone(),
            })
            .collect();
        let left =
            serde_json::to_string(&left).map_err(|e| AnnotationError::Invalid(e.to_string()))?;
        let mut conn = self.conn()?;
        let tx = conn.transaction().map_err(StoreError::from)?;
        {
            let mut put = tx
                .prepare_cached(
                    "INSERT INTO annotations (doc_sha256, id, page, body, updated_ms)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (doc_sha256, id) DO UPDATE
                     SET page = excluded.page, body = excluded.body, updated_ms = excluded.updated_ms",
                )
                .map_err(StoreError::from)?;
            let mut remove = tx
                .prepare_cached("DELETE FROM annotations WHERE doc_sha256 = ?1 AND id = ?2")
                .map_err(StoreError::from)?;
            for a in &carried.placed {
                let body = serde_json::to_string(a)
                    .map_err(|e| AnnotationError::Invalid(e.to_string()))?;
                put.execute(params![to, a.id, a.page, body, now_ms])
                    .map_err(StoreError::from)?;
                remove
                    .execute(params![from, a.id])
                    .map_err(StoreError::from)?;
            }
            tx.execute(
                "INSERT OR REPLACE INTO annotation_carries (from_sha256, to_sha256, at_ms, unplaced)
                 VALUES (?1, ?2, ?3, ?4)",
                params![from, to, now_ms, left],
            )
            .map_err(StoreError::from)?;
        }
        tx.commit().map_err(StoreError::from)?;
        Ok(carried.placed.len())
    }

    /// The notes of older versions that found no place in `to` and are
    /// still there.
    pub fn unplaced_notes(&self, to: &str) -> Result<Vec<UnplacedNote>, AnnotationError> {
        check_key(to)?;
        let carries: Vec<(String, String)> = {
            let conn = self.conn()?;
            let mut stmt = conn
                .prepare_cached(
                    "SELECT from_sha256, unplaced FROM annotation_carries
                     WHERE to_sha256 = ?1 ORDER BY at_ms",
                )
                .map_err(StoreError::from)?;
            stmt.query_map([to], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(StoreError::from)?
                .collect::<Result<_, _>>()
                .map_err(StoreError::from)?
        };
        let mut out = Vec::new();
        for (from, left) in carries {
            let left: Vec<Left> = serde_json::from_str(&left).unwrap_or_default();
            let still = self.annotations(&from)?;
            for l in left {
                if let Some(annotation) = still.iter().find(|a| a.id == l.id) {
                    out.push(UnplacedNote {
                        from_sha256: from.clone(),
                        quote: l.quote,
                        annotation: annotation.clone(),
                    });
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use kaigi_pdf::annotation::{Point, Shape};
    use kaigi_pdf::reanchor::Unplaced;

    use super::*;

    const V1: &str = "1111111111111111111111111111111111111111111111111111111111111111";
    const V2: &str = "2222222222222222222222222222222222222222222222222222222222222222";

    fn note(id: &str, page: u32) -> Annotation {
        Annotation {
            id: id.into(),
            page,
            color: "#d32f2f".into(),
            width: 1.0,
            shape: Shape::Note {
                at: Point {
                    x: 10.0,
                    y: 20.0,
                    pressure: 0.5,
                },
                text: "確認".into(),
            },
        }
    }

    #[test]
    fn a_carry_moves_the_placed_and_lists_the_rest_until_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(&dir.path().join("kaigi.sqlite")).unwrap();
        store.put_annotation(V1, &note("moves", 0), 1).unwrap();
        store.put_annotation(V1, &note("stays", 1), 1).unwrap();
        assert!(!store.carried(V1, V2).unwrap());

        let carried = Carried {
            placed: vec![note("moves", 3)],
            unplaced: vec![Unplaced {
                annotation: note("stays", 1),
                quote: "消えた行".into(),
            }],
        };
        assert_eq!(store.carry_annotations(V1, V2, &carried, 5).unwrap(), 1);

        assert!(store.carried(V1, V2).unwrap());
        assert_eq!(store.annotations(V2).unwrap(), vec![note("moves", 3)]);
        assert_eq!(store.annotations(V1).unwrap(), vec![note("stays", 1)]);
        let left = store.unplaced_notes(V2).unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].quote, "消えた行");
        assert_eq!(left[0].from_sha256, V1);

        store.delete_annotation(V1, "stays").unwrap();
        assert!(store.unplaced_notes(V2).unwrap().is_empty());
    }
}
