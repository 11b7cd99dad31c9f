//! The report as CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel
//! reads the Japanese right), one row per person, then one total per
//! department. Cells that a spreadsheet would run as a formula are quoted
//! with a leading apostrophe.

use super::TeleworkReport;

const HEADER: [&str; 8] = [
    "月 (month)",
    "所属 (department)",
    "ユーザーID (user id)",
    "氏名 (name)",
    "テレワーク日数 (telework days)",
    "出社日数 (office days)",
    "出張日数 (business trip days)",
    "休暇日数 (leave days)",
];
const DEPARTMENT_TOTAL: &str = "所属合計 (department total)";

pub fn to_csv(report: &TeleworkReport) -> String {
    let mut out = String::from("\u{feff}");
    line(&mut out, HEADER.iter().map(|s| (*s).to_owned()));
    for p in &report.people {
        line(
            &mut out,
            [
                report.month.clone(),
                p.department.clone(),
                p.user_id.clone(),
                p.name.clone(),
                p.telework_days.to_string(),
                p.office_days.to_string(),
                p.business_trip_days.to_string(),
                p.leave_days.to_string(),
            ],
        );
    }
    for d in &report.departments {
        line(
            &mut out,
            [
                report.month.clone(),
                d.name.clone(),
                String::new(),
                DEPARTMENT_TOTAL.to_owned(),
                d.telework_days.to_string(),
                String::new(),
                String::new(),
                String::new(),
            ],
        );
    }
    out
}

fn line(out: &mut String, cells: impl IntoIterator<Item = String>) {
    let cells: Vec<String> = cells.into_iter().map(|c| cell(&c)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

fn cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DepartmentDays, PersonDays};
    use super::*;

    #[test]
    fn rows_are_escaped_and_formulas_defused() {
        let report = TeleworkReport {
            month: "2026-11".into(),
            departments: vec![DepartmentDays {
                space_id: "!s:x".into(),
                name: "総務課, 庶務係".into(),
                members: 1,
                telework_days: 3,
                people_teleworking: 1,
            }],
            people: vec![PersonDays {
                user_id: "@a:x".into(),
                name: "=HYPERLINK(\"http://evil\")".into(),
                department: "総務課, 庶務係".into(),
                telework_days: 3,
                office_days: 2,
                business_trip_days: 1,
                leave_days: 0,
            }],
            departments_using_telework: 1,
        };
        let csv = to_csv(&report);
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert!(csv.starts_with('\u{feff}'));
        assert!(lines[0].starts_with("月 (month),所属 (department)"));
        assert_eq!(
            lines[1],
            "2026-11,\"総務課, 庶務係\",'@a:x,\"'=HYPERLINK(\"\"http://evil\"\")\",3,2,1,0"
        );
        assert_eq!(
            lines[2],
            "2026-11,\"総務課, 庶務係\",,所属合計 (department total),3,,,"
        );
        assert_eq!(lines[3], "");
    }
}
