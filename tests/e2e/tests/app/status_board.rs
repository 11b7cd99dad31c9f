//! The status board (在席表) in the real window: my status changed from the
//! header reaches a colleague's board, theirs reaches mine live, the board and
//! the status are reachable by keyboard, and the month's telework report is
//! shown and exported as CSV.

use anyhow::{Context, Result, ensure};
use kaigi_core::chat::rooms::{self, NewRoom};
use kaigi_core::session::Session;
use kaigi_core::status::{self, Availability, WorkLocation, WorkStatus, board};
use kaigi_testkit::TestHomeserver;

use crate::harness::{alt, choose_language, click, fill, sign_in, with_app};
use crate::peer::Peer;

fn now_ms() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    since.map_or(0, |d| d.as_millis() as i64)
}

/// `user`'s status on `viewer`'s board now, if any.
async fn seen_by(viewer: &Session, user: &str, offset_min: i32) -> Option<WorkStatus> {
    let board = board::board(viewer, now_ms(), offset_min).await.ok()?;
    board
        .departments
        .iter()
        .flat_map(|d| &d.members)
        .find(|m| m.user_id == user)?
        .status
        .clone()
        .map(|e| e.status)
}

#[tokio::test(flavor = "multi_thread")]
async fn status_from_the_header_reaches_a_colleagues_board_and_the_report_exports() -> Result<()> {
    let hs = TestHomeserver::from_env()?;
    let alice = hs.register_random("e2e-status-alice").await?;
    let bob = hs.register_random("e2e-status-bob").await?;

    // Bob heads the department and works from home today; Alice is a member.
    let bob_peer = Peer::sign_in(&hs, &bob).await?;
    let mut department = NewRoom::group("人事課", vec![alice.user_id.clone()]);
    department.is_space = true;
    let space = rooms::create_room(&bob_peer.session, department).await?;
    {
        let helper = Peer::sign_in(&hs, &alice).await?;
        crate::peer::wait_for(30, "Alice's invitation to the department", || {
            helper
                .session
                .client()
                .get_room(&matrix_sdk::ruma::RoomId::parse(&space).unwrap())
                .is_some()
        })
        .await?;
        rooms::join(&helper.session, &space).await?;
        helper.session.sign_out().await?;
    }
    let bob_home = WorkStatus {
        note: Some("午後は外出".into()),
        ..WorkStatus::at(WorkLocation::Home, Availability::Available)
    };
    status::set_my_status(&bob_peer.session, bob_home, now_ms(), None).await?;

    let data = tempfile::tempdir()?;
    with_app("status-board", data.path(), &[], async |app| {
        choose_language(app, "ja").await?;
        sign_in(app, &hs.url, &alice).await?;
        app.wait_for("[data-testid=user-id]").await?;
        let offset: i64 = serde_json::from_value(
            app.client
                .execute("return -new Date().getTimezoneOffset();", vec![])
                .await?,
        )?;
        let offset = i32::try_from(offset)?;

        // Alt+3 opens the board; Bob is there, at home, with his note.
        alt(app, '3').await?;
        let bob_card = format!("[data-testid=board-member][data-user=\"{}\"]", bob.user_id);
        app.wait_for(&format!("{bob_card}[data-location=home]"))
            .await?;
        let card = app.wait_for(&bob_card).await?.text().await?;
        ensure!(
            card.contains("在宅勤務") && card.contains("午後は外出"),
            "Bob's card: {card}"
        );

        // Alt+S goes to my location; I choose a business trip there.
        alt(app, 's').await?;
        let focused = app
            .client
            .execute("return document.activeElement?.name ?? null;", vec![])
            .await?;
        ensure!(focused == "location", "Alt+S focused {focused}");
        click(app, "select[name=location] option[value=businessTrip]").await?;
        app.wait_until(
            "the header badge",
            "document.querySelector('[data-testid=status-badge]').textContent.includes('出張')",
        )
        .await?;
        // The details: a note, and tomorrow's plan.
        click(app, "[data-testid=status-details-open]").await?;
        fill(
            app,
            "[data-testid=status-details] input[name=note]",
            "大阪府庁で打合せ",
        )
        .await?;
        click(
            app,
            "[data-testid=status-details] select[name=plan-location] option[value=home]",
        )
        .await?;
        click(app, "[data-testid=status-save]").await?;
        app.wait_for_text("[data-testid=status-note]", "大阪府庁で打合せ")
            .await?;

        // Bob's board shows it, from the homeserver.
        let mut seen = None;
        for _ in 0..300 {
            seen = seen_by(&bob_peer.session, &alice.user_id, offset).await;
            if seen
                .as_ref()
                .is_some_and(|s| s.note.as_deref() == Some("大阪府庁で打合せ"))
            {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let seen = seen.context("Alice's status never reached Bob's board")?;
        ensure!(seen.location == WorkLocation::BusinessTrip, "{seen:?}");
        ensure!(
            seen.tomorrow.as_ref().map(|p| p.location) == Some(WorkLocation::Home),
            "tomorrow's plan: {seen:?}"
        );

        // Bob comes to the office; Alice's open board follows without a reload.
        status::set_my_status(
            &bob_peer.session,
            WorkStatus::at(WorkLocation::Office, Availability::Busy),
            now_ms(),
            None,
        )
        .await?;
        app.wait_for(&format!("{bob_card}[data-location=office]"))
            .await?;
        // Only people available now: Bob (busy) is filtered out.
        click(app, "input[name=board-available]").await?;
        app.wait_until(
            "Bob filtered out",
            &format!(
                "!document.querySelector('{}')",
                bob_card.replace('\'', "\\'")
            ),
        )
        .await?;
        app.screenshot("-board").await?;

        // The month's report: a day with any telework counts as telework, so
        // Bob has one, though he is in the office now; Alice has a trip day.
        click(app, "[data-testid=view-report]").await?;
        let alice_row = format!(
            "[data-testid=report-people] tr[data-user=\"{}\"]",
            alice.user_id
        );
        app.wait_for(&format!("{alice_row} td[data-kind=businessTrip]"))
            .await?;
        let trip = app
            .wait_for(&format!("{alice_row} td[data-kind=businessTrip]"))
            .await?
            .text()
            .await?;
        ensure!(trip == "1", "Alice's business-trip days: {trip}");
        let bob_row = format!(
            "[data-testid=report-people] tr[data-user=\"{}\"]",
            bob.user_id
        );
        let telework = app
            .wait_for(&format!("{bob_row} td[data-kind=telework]"))
            .await?
            .text()
            .await?;
        ensure!(telework == "1", "Bob's telework days: {telework}");
        let summary = app
            .wait_for("[data-testid=report-summary]")
            .await?
            .text()
            .await?;
        ensure!(summary.contains("1 所属のうち"), "summary: {summary}");
        app.screenshot("-report").await?;
        click(app, "[data-testid=report-export]").await?;
        app.wait_for("[data-testid=report-saved]").await?;
        let exports = data.path().join("exports");
        let csv_path = std::fs::read_dir(&exports)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "csv"))
            .context("no CSV in the export folder")?;
        let csv = std::fs::read_to_string(&csv_path)?;
        ensure!(csv.starts_with('\u{feff}'), "the CSV has no BOM for Excel");
        // A header, one line per person, one total for the department.
        ensure!(csv.lines().count() == 4, "{csv}");
        let bob_cells: Vec<&str> = csv
            .lines()
            .find(|l| l.contains(&bob.user_id))
            .context("Bob's line")?
            .split(',')
            .map(|c| c.trim_matches('"'))
            .collect();
        ensure!(
            bob_cells[1] == "人事課" && bob_cells[4..] == ["1", "0", "0", "0"],
            "Bob's line: {bob_cells:?}"
        );
        Ok(())
    })
    .await
}
