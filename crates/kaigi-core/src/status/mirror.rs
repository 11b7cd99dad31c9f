//! Mirroring my work status to Matrix presence, for clients that only know presence.

use matrix_sdk::ruma::api::client::presence::set_presence;
use matrix_sdk::ruma::presence::PresenceState;

use super::{Availability, WorkLocation, WorkStatus};
use crate::session::Session;

pub(super) async fn to_presence(
    session: &Session,
    status: &WorkStatus,
) -> Result<(), matrix_sdk::HttpError> {
    let mut request =
        set_presence::v3::Request::new(session.user_id().to_owned(), presence(status));
    request.status_msg = Some(status_message(status));
    session.client().send(request).await?;
    Ok(())
}

fn presence(status: &WorkStatus) -> PresenceState {
    match status.availability {
        Availability::Available => PresenceState::Online,
        Availability::Busy | Availability::InMeeting | Availability::Away => {
            PresenceState::Unavailable
        }
        Availability::Offline => PresenceState::Offline,
    }
}

/// A readable line for other clients, in Japanese and English, e.g.
/// "在宅勤務・対応可 / Home · Available — 午後は会議".
pub(super) fn status_message(status: &WorkStatus) -> String {
    let (loc_ja, loc_en) = match status.location {
        WorkLocation::Office => ("出社", "Office"),
        WorkLocation::Home => ("在宅勤務", "Home"),
        WorkLocation::Satellite => ("サテライト", "Satellite office"),
        WorkLocation::Mobile => ("モバイル", "Mobile"),
        WorkLocation::BusinessTrip => ("出張", "Business trip"),
        WorkLocation::Leave => ("休暇", "Leave"),
        WorkLocation::OffDuty => ("退勤", "Off duty"),
    };
    let (av_ja, av_en) = match status.availability {
        Availability::Available => ("対応可", "Available"),
        Availability::Busy => ("取込中", "Busy"),
        Availability::InMeeting => ("会議中", "In a meeting"),
        Availability::Away => ("離席中", "Away"),
        Availability::Offline => ("オフライン", "Offline"),
    };
    let mut line = format!("{loc_ja}・{av_ja} / {loc_en} · {av_en}");
    if let Some(note) = &status.note {
        line.push_str(" — ");
        line.push_str(note);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_message_reads_in_both_languages() {
        let status = WorkStatus {
            note: Some("15時まで".into()),
            ..WorkStatus::at(WorkLocation::Home, Availability::InMeeting)
        };
        assert_eq!(
            status_message(&status),
            "在宅勤務・会議中 / Home · In a meeting — 15時まで"
        );
        assert_eq!(presence(&status), PresenceState::Unavailable);
    }
}
