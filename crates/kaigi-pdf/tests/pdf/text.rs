use crate::{client, fixture};

#[test]
fn text_runs_have_boxes_on_the_page() {
    let info = client().open(&fixture("agenda-ja.pdf"), None).unwrap();
    let text = client().page_text(info.id, 1).unwrap();
    let run = text
        .runs
        .iter()
        .find(|r| r.text.contains("在宅勤務を利用した所属数"))
        .expect("the line is a run");
    let (w, h) = info.page_sizes[1];
    let r = run.rect;
    assert!(
        r.left >= 0.0 && r.right <= w && r.bottom >= 0.0 && r.top <= h,
        "{r:?}"
    );
    // The line is drawn at 14 pt, about 140 pt below the top of the page.
    assert!(r.height() > 8.0 && r.height() < 20.0, "{r:?}");
    assert!(r.top > h - 160.0 && r.top < h - 110.0, "{r:?}");
    client().close(info.id);
}

#[test]
fn search_finds_japanese_words_with_their_boxes() {
    let info = client().open(&fixture("packet-200.pdf"), None).unwrap();
    let hits = client().search(info.id, "第150項").unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.page == 149), "{hits:?}");
    assert_eq!(hits.len(), 18, "18 lines on page 150 start with it");
    // Two-character words are found too.
    let short = client().search(info.id, "防災").unwrap();
    assert!(short.len() > 100, "{}", short.len());
    assert!(short.iter().all(|h| !h.rects.is_empty()));
    assert!(
        client()
            .search(info.id, "存在しない語句")
            .unwrap()
            .is_empty()
    );
    client().close(info.id);
}

#[test]
fn the_outline_lists_each_part_with_its_page() {
    let info = client().open(&fixture("packet-200.pdf"), None).unwrap();
    let outline = client().outline(info.id).unwrap();
    assert_eq!(outline.len(), 10, "{outline:?}");
    assert_eq!(outline[0].title, "資料1");
    assert_eq!(outline[0].page, Some(0));
    assert_eq!(outline[7].page, Some(140));
    let agenda = client().open(&fixture("agenda-ja.pdf"), None).unwrap();
    assert!(client().outline(agenda.id).unwrap().is_empty());
    client().close(info.id);
    client().close(agenda.id);
}
