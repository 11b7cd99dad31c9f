use super::*;
use crate::status::{Availability, WorkStatus};

const JST: i32 = 9 * 60;
const HOUR: i64 = 3_600_000;

/// 09:00 JST on `day` of November 2026.
fn nov(day: i64) -> i64 {
    let (first, _) = "2026-11".parse::<Month>().unwrap().days();
    (first + day - 1) * 24 * HOUR
}

fn set(user: &str, at: i64, location: WorkLocation) -> (String, StatusEventContent) {
    (
        user.to_owned(),
        StatusEventContent {
            status: WorkStatus::at(location, Availability::Available),
            set_at: at,
            auto: None,
        },
    )
}

/// A seeded month: two departments, three people, statuses across the month
/// boundary, several changes on one day, and a day set only as off duty.
fn history() -> Vec<DepartmentHistory> {
    use WorkLocation::*;
    let (a, b, c) = ("@sato:x", "@suzuki:x", "@tanaka:x");
    vec![
        DepartmentHistory {
            space_id: "!soumu:x".into(),
            name: "総務課".into(),
            members: vec![(a.into(), "佐藤".into()), (b.into(), "鈴木".into())],
            events: vec![
                set(a, nov(0), Home),              // 31 October: not November
                set(a, nov(2), Home),              // telework
                set(a, nov(3), Office),            // office ...
                set(a, nov(3) + 4 * HOUR, Mobile), // ... then mobile: telework
                set(a, nov(4), Satellite),         // telework
                set(a, nov(5), BusinessTrip),      // trip
                set(a, nov(6), Leave),             // leave
                set(a, nov(7), OffDuty),           // not counted
                set(a, nov(30) + 14 * HOUR, Home), // 23:00 JST on the 30th: November
                set(a, nov(30) + 15 * HOUR, Home), // 00:00 JST 1 December: not
                set(b, nov(2), Office),
                set(b, nov(2) + HOUR, Office), // same day: one office day
                set(b, nov(9), Office),
            ],
        },
        DepartmentHistory {
            space_id: "!kikaku:x".into(),
            name: "企画課".into(),
            members: vec![(c.into(), "田中".into())],
            events: vec![
                set(c, nov(10), Office),
                // Someone who has left the department still counts, by id.
                set("@gone:x", nov(11), Home),
            ],
        },
    ]
}

#[test]
fn a_seeded_month_counts_exactly() {
    let report = compute("2026-11".parse().unwrap(), JST, &history());
    let person = |id: &str| report.people.iter().find(|p| p.user_id == id).unwrap();
    let sato = person("@sato:x");
    assert_eq!(
        (
            sato.telework_days,
            sato.office_days,
            sato.business_trip_days,
            sato.leave_days
        ),
        (4, 0, 1, 1)
    );
    assert_eq!(sato.name, "佐藤");
    let suzuki = person("@suzuki:x");
    assert_eq!((suzuki.telework_days, suzuki.office_days), (0, 2));
    let gone = person("@gone:x");
    assert_eq!(
        (
            gone.name.as_str(),
            gone.department.as_str(),
            gone.telework_days
        ),
        ("gone", "企画課", 1)
    );
    assert_eq!(person("@tanaka:x").office_days, 1);

    let soumu = &report.departments[0];
    assert_eq!(
        (
            soumu.name.as_str(),
            soumu.members,
            soumu.telework_days,
            soumu.people_teleworking
        ),
        ("総務課", 2, 4, 1)
    );
    let kikaku = &report.departments[1];
    assert_eq!((kikaku.telework_days, kikaku.people_teleworking), (1, 1));
    assert_eq!(report.departments_using_telework, 2);
    assert_eq!(report.month, "2026-11");
}

#[test]
fn days_follow_the_local_time_zone() {
    // In UTC, 23:00 JST on 30 November is still 30 November, and 00:00 JST on
    // 1 December is 15:00 UTC on 30 November: both count.
    let utc = compute("2026-11".parse().unwrap(), 0, &history());
    let sato = utc.people.iter().find(|p| p.user_id == "@sato:x").unwrap();
    assert_eq!(sato.telework_days, 4);
    let december = compute("2026-12".parse().unwrap(), JST, &history());
    let sato = december
        .people
        .iter()
        .find(|p| p.user_id == "@sato:x")
        .unwrap();
    assert_eq!(sato.telework_days, 1);
    assert_eq!(december.departments_using_telework, 1);
}
