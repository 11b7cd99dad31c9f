//! A kill -9 while annotating loses at most the stroke in progress: every
//! annotation whose save returned survives, and the database stays sound.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use kaigi_core::store::LocalStore;
use kaigi_pdf::annotation::{Annotation, Point, Shape};

const DOC: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const DB_VAR: &str = "KAIGI_TEST_ANNOTATION_DB";

fn stroke(i: u32) -> Annotation {
    Annotation {
        id: format!("stroke-{i}"),
        page: i % 200,
        color: "#1565c0".into(),
        width: 2.0,
        shape: Shape::Ink {
            strokes: vec![
                (0..200)
                    .map(|k| Point {
                        x: 50.0 + k as f32,
                        y: 100.0 + (i % 500) as f32,
                        pressure: 0.5,
                    })
                    .collect(),
            ],
        },
    }
}

#[test]
fn kill_9_while_drawing_keeps_every_saved_stroke() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kaigi.sqlite");
    for round in 0..3 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "annotations::child_draws_forever",
                "--exact",
                "--ignored",
                "--nocapture",
            ])
            .env(DB_VAR, &db)
            .env("KAIGI_TEST_ROUND", round.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut acknowledged = Vec::new();
        for line in BufReader::new(child.stdout.take().unwrap()).lines() {
            let line = line.unwrap();
            if let Some(id) = line.strip_prefix("saved ") {
                acknowledged.push(id.to_owned());
                if acknowledged.len() == 150 + round * 37 {
                    break;
                }
            }
        }
        // SIGKILL, like `kill -9`: no destructors, no flush.
        child.kill().unwrap();
        child.wait().unwrap();

        let store = LocalStore::open(&db).unwrap();
        let kept: std::collections::HashSet<String> = store
            .annotations(DOC)
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect();
        let lost: Vec<_> = acknowledged
            .iter()
            .filter(|id| !kept.contains(*id))
            .collect();
        assert!(
            lost.is_empty(),
            "round {round}: lost saved strokes {lost:?}"
        );
        assert!(
            store.integrity_ok().unwrap(),
            "round {round}: integrity check failed"
        );
    }
}

/// Draws strokes as fast as it can, saying which ones were saved.
#[test]
#[ignore = "run by kill_9_while_drawing_keeps_every_saved_stroke"]
fn child_draws_forever() {
    let Some(db) = std::env::var_os(DB_VAR) else {
        return;
    };
    let round: u32 = std::env::var("KAIGI_TEST_ROUND").unwrap().parse().unwrap();
    let store = LocalStore::open(std::path::Path::new(&db)).unwrap();
    for i in (round * 100_000).. {
        store.put_annotation(DOC, &stroke(i), i64::from(i)).unwrap();
        println!("saved stroke-{i}");
    }
}
