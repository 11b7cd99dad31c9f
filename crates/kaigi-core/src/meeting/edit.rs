//! Editing a meeting after it was created: details, agenda and more
//! participants. Agenda items keep their ids through renames and moves, so
//! the materials and votes attached to them stay attached.

use matrix_sdk::ruma::UserId;

use super::create::{MeetingForm, meeting_room, new_id};
use super::event::AgendaItem;
use super::{MeetingError, validated};
use crate::session::Session;

/// The new agenda from `titles`, keeping ids: an item whose title is
/// unchanged keeps its id wherever it moved; the remaining old items are
/// taken as renamed, in order; any titles left over are new items.
pub fn carry_ids(old: &[AgendaItem], titles: &[String]) -> Vec<AgendaItem> {
    let mut unused: Vec<Option<&AgendaItem>> = old.iter().map(Some).collect();
    let mut ids: Vec<Option<String>> = titles
        .iter()
        .map(|t| {
            let slot = unused
                .iter_mut()
                .find(|o| o.is_some_and(|item| item.title == t.trim()))?;
            slot.take().map(|item| item.id.clone())
        })
        .collect();
    let mut renamed = unused.into_iter().flatten();
    for id in ids.iter_mut().filter(|id| id.is_none()) {
        *id = renamed.next().map(|item| item.id.clone());
    }
    titles
        .iter()
        .zip(ids)
        .map(|(title, id)| AgendaItem {
            id: id.unwrap_or_else(|| new_id("item")),
            title: title.clone(),
        })
        .collect()
}

/// Saves the organiser's changes and invites the added participants.
pub async fn edit_meeting(
    session: &Session,
    room_id: &str,
    edit: MeetingForm,
) -> Result<(), MeetingError> {
    let room = meeting_room(session, room_id)?;
    let current = super::list::current_details(session, &room)
        .await?
        .ok_or_else(|| MeetingError::NotAMeeting(room_id.to_owned()))?;
    let invite = edit
        .invite
        .iter()
        .map(|u| UserId::parse(u.trim()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| MeetingError::Homeserver(matrix_sdk::Error::Identifier(e)))?;
    let meeting = validated(super::Meeting {
        title: edit.title,
        starts_at: edit.starts_at,
        ends_at: edit.ends_at,
        place: edit.place,
        online_url: edit.online_url,
        agenda: carry_ids(&current.agenda, &edit.agenda),
        ..current
    })?;
    super::lifecycle::publish(session, &room, meeting).await?;
    for user in invite {
        room.invite_user_by_id(&user).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, title: &str) -> AgendaItem {
        AgendaItem {
            id: id.into(),
            title: title.into(),
        }
    }

    #[test]
    fn items_keep_their_ids_through_moves_and_renames() {
        let old = [item("a", "開会"), item("b", "予算案"), item("c", "閉会")];
        let titles: Vec<String> = ["予算案（修正）", "開会", "質疑", "閉会", "その他"]
            .map(String::from)
            .to_vec();
        let new = carry_ids(&old, &titles);
        let ids: Vec<&str> = new.iter().map(|i| i.id.as_str()).collect();
        // 開会 and 閉会 moved; 予算案 was renamed; two items are new.
        assert_eq!(&ids[..2], ["b", "a"]);
        assert_eq!(ids[3], "c");
        assert!(ids[2].starts_with("item-") && ids[4].starts_with("item-"));
        assert_ne!(ids[2], ids[4]);
        assert_eq!(new[0].title, "予算案（修正）");
    }

    #[test]
    fn removed_items_are_dropped() {
        let old = [item("a", "開会"), item("b", "予算案")];
        let new = carry_ids(&old, &["開会".to_owned()]);
        assert_eq!(new, [item("a", "開会")]);
    }
}
