//! The telework report, counted from a status room's history on a real
//! Synapse.

use kaigi_core::session::Session;
use kaigi_core::status::{self, Availability, WorkLocation, WorkStatus, report};

use crate::eventually;
use crate::signed_in;
use crate::status::{HOUR, JST, MORNING, department};

#[tokio::test(flavor = "multi_thread")]
async fn the_report_counts_a_seeded_month_from_the_rooms_history() {
    let (_a, _ap, sato) = signed_in("sato").await;
    let (_b, _bp, suzuki) = signed_in("suzuki").await;
    department(&sato, "総務課", &[&suzuki]).await;
    let day = |d: i64| MORNING + (d - 2) * 24 * HOUR; // 09:00 JST on 2026-11-d
    let at = |l| WorkStatus::at(l, Availability::Available);
    use WorkLocation::*;
    for (who, d, location) in [
        (&sato, 2, Home),
        (&sato, 3, Office),
        (&sato, 4, Satellite),
        (&sato, 5, BusinessTrip),
        (&sato, 6, Leave),
        (&suzuki, 2, Office),
        (&suzuki, 9, Mobile),
        (&suzuki, 10, Home),
    ] {
        status::set_my_status(who, at(location), day(d), None)
            .await
            .unwrap();
    }
    // Two changes on one day count once, as telework.
    status::set_my_status(&sato, at(Home), day(3) + 4 * HOUR, None)
        .await
        .unwrap();
    // October is not November.
    status::set_my_status(&suzuki, at(Home), day(-5), None)
        .await
        .unwrap();

    let month: report::Month = "2026-11".parse().unwrap();
    let report = eventually(30, "every status in the room's history", async || {
        let r = report::telework_report(&sato, month, JST).await.ok()?;
        let suzuki_row = r
            .people
            .iter()
            .find(|p| p.user_id == suzuki.user_id().as_str())?;
        (suzuki_row.telework_days == 2).then_some(r)
    })
    .await;
    let row = |s: &Session| {
        report
            .people
            .iter()
            .find(|p| p.user_id == s.user_id().as_str())
            .unwrap()
    };
    let a = row(&sato);
    assert_eq!(
        (
            a.telework_days,
            a.office_days,
            a.business_trip_days,
            a.leave_days
        ),
        (3, 0, 1, 1)
    );
    let b = row(&suzuki);
    assert_eq!((b.telework_days, b.office_days), (2, 1));
    assert_eq!(report.departments.len(), 1);
    let d = &report.departments[0];
    assert_eq!(
        (d.members, d.telework_days, d.people_teleworking),
        (2, 5, 2)
    );
    assert_eq!(report.departments_using_telework, 1);
    let csv = report::to_csv(&report);
    assert!(
        csv.contains(&format!("2026-11,総務課,'{},", sato.user_id())),
        "{csv}"
    );
}
