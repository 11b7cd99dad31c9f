//! Votes on agenda items, as Matrix polls (MSC3381, the form Element and
//! other clients show): a poll start bound to the item by `jp.kaigi.vote`,
//! one response per participant (the latest before the end counts), and an
//! end that records the tally in the meeting's timeline.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Value, json};

use super::MeetingError;
use super::create::meeting_room;
use super::local::{Incoming, Kind};
use crate::session::Session;

pub const POLL_START: &str = "org.matrix.msc3381.poll.start";
pub const POLL_RESPONSE: &str = "org.matrix.msc3381.poll.response";
pub const POLL_END: &str = "org.matrix.msc3381.poll.end";
/// The same, in the form the Matrix spec (v1.7+) settled on.
pub const STABLE_POLL_START: &str = "m.poll.start";
pub const STABLE_POLL_RESPONSE: &str = "m.poll.response";
pub const STABLE_POLL_END: &str = "m.poll.end";
/// Binds a poll to an agenda item.
pub const VOTE_KEY: &str = "jp.kaigi.vote";
const TEXT: &str = "org.matrix.msc1767.text";

/// The choices of a vote, in order.
pub const CHOICES: [(&str, &str); 3] = [("yes", "賛成"), ("no", "反対"), ("abstain", "保留")];

/// One choice and how many chose it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Choice {
    pub id: String,
    pub text: String,
    pub count: u32,
}

/// A vote on an agenda item and its tally.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Vote {
    /// The poll's start event.
    pub event_id: String,
    pub item: String,
    pub question: String,
    pub choices: Vec<Choice>,
    /// My current choice, if I voted.
    pub mine: Option<String>,
    pub started_by: String,
    /// Closed: the tally is final.
    pub ended: bool,
}

/// The text of a poll part (`question` or an answer), in either form.
fn text_of(value: &Value) -> Option<String> {
    value[TEXT]
        .as_str()
        .or_else(|| value["m.text"][0]["body"].as_str())
        .or_else(|| value["m.text"].as_str())
        .map(str::to_owned)
}

/// The poll body of a start content, in either form.
fn poll_of(content: &Value) -> &Value {
    if content[POLL_START].is_object() {
        &content[POLL_START]
    } else {
        &content["m.poll"]
    }
}

/// The poll a response or end refers to.
pub(crate) fn poll_ref(content: &Value) -> Option<&str> {
    content["m.relates_to"]["event_id"].as_str()
}

/// Starts a vote on agenda item `item` with the three choices.
pub async fn start_vote(
    session: &Session,
    room_id: &str,
    item: &str,
    question: &str,
) -> Result<String, MeetingError> {
    let room = meeting_room(session, room_id)?;
    let question = question.trim();
    if question.is_empty() || question.chars().count() > 300 {
        return Err(MeetingError::BadQuestion);
    }
    let answers: Vec<Value> = CHOICES
        .iter()
        .map(|(id, text)| json!({ "id": id, TEXT: text }))
        .collect();
    let fallback = format!(
        "{question}\n{}",
        CHOICES
            .iter()
            .enumerate()
            .map(|(i, (_, t))| format!("{}. {t}", i + 1))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let content = json!({
        POLL_START: {
            "kind": "org.matrix.msc3381.poll.disclosed",
            "max_selections": 1,
            "question": { TEXT: question },
            "answers": answers,
        },
        TEXT: fallback,
        VOTE_KEY: { "item": item },
    });
    send(
        session,
        room_id,
        &room,
        POLL_START,
        Kind::PollStart,
        content,
    )
    .await
}

/// Casts (or changes) my vote.
pub async fn cast_vote(
    session: &Session,
    room_id: &str,
    poll: &str,
    choice: &str,
) -> Result<(), MeetingError> {
    let room = meeting_room(session, room_id)?;
    if !CHOICES.iter().any(|(id, _)| *id == choice) {
        return Err(MeetingError::BadQuestion);
    }
    let content = json!({
        "m.relates_to": { "rel_type": "m.reference", "event_id": poll },
        POLL_RESPONSE: { "answers": [choice] },
    });
    send(
        session,
        room_id,
        &room,
        POLL_RESPONSE,
        Kind::PollResponse,
        content,
    )
    .await?;
    Ok(())
}

/// Closes the vote; its tally is recorded in the meeting's timeline.
pub async fn end_vote(session: &Session, room_id: &str, poll: &str) -> Result<Vote, MeetingError> {
    let room = meeting_room(session, room_id)?;
    let me = session.user_id().as_str();
    let mut vote = session
        .meetings()
        .votes(room_id, me)?
        .into_iter()
        .find(|v| v.event_id == poll)
        .ok_or_else(|| MeetingError::NoSuchMaterial(poll.to_owned()))?;
    let tally: Vec<String> = vote
        .choices
        .iter()
        .map(|c| format!("{} {}", c.text, c.count))
        .collect();
    let content = json!({
        "m.relates_to": { "rel_type": "m.reference", "event_id": poll },
        POLL_END: {},
        TEXT: format!("採決結果 / Result: {} — {}", vote.question, tally.join("、")),
        "jp.kaigi.tally": vote.choices.iter().map(|c| (c.id.clone(), c.count)).collect::<HashMap<_, _>>(),
    });
    send(session, room_id, &room, POLL_END, Kind::PollEnd, content).await?;
    vote.ended = true;
    Ok(vote)
}

async fn send(
    session: &Session,
    room_id: &str,
    room: &matrix_sdk::Room,
    event_type: &str,
    kind: Kind,
    content: Value,
) -> Result<String, MeetingError> {
    let sent = room.send_raw(event_type, content.clone()).await?;
    let event_id = sent.response.event_id.to_string();
    session.meetings().apply(
        room_id,
        &Incoming {
            event_id: event_id.clone(),
            kind,
            sender: session.user_id().to_string(),
            ts_ms: crate::now_ms(),
            content,
        },
    )?;
    Ok(event_id)
}

/// A logged poll event: who sent it, when, and its content.
pub(crate) struct PollEvent {
    pub event_id: String,
    pub sender: String,
    pub ts_ms: i64,
    pub content: Value,
}

/// Tallies the votes from the room's poll events (each list oldest first).
/// The latest response of each person before the poll's end counts; only
/// the organiser or the poll's starter may end it.
pub(crate) fn tally(
    starts: &[PollEvent],
    responses: &[PollEvent],
    ends: &[PollEvent],
    me: &str,
    may_end: impl Fn(&str, &PollEvent) -> bool,
) -> Vec<Vote> {
    starts
        .iter()
        .filter_map(|start| {
            let item = start.content[VOTE_KEY]["item"].as_str()?.to_owned();
            let poll = poll_of(&start.content);
            let question = text_of(&poll["question"])?;
            let ids: Vec<(String, String)> = poll["answers"]
                .as_array()?
                .iter()
                .filter_map(|a| Some((a["id"].as_str()?.to_owned(), text_of(a)?)))
                .collect();
            let end = ends
                .iter()
                .filter(|e| poll_ref(&e.content) == Some(&start.event_id))
                .find(|e| may_end(&e.sender, start));
            let mut latest: HashMap<&str, (i64, String)> = HashMap::new();
            for r in responses {
                if poll_ref(&r.content) != Some(&start.event_id)
                    || end.is_some_and(|e| r.ts_ms > e.ts_ms)
                {
                    continue;
                }
                let answers = if r.content[POLL_RESPONSE].is_object() {
                    &r.content[POLL_RESPONSE]["answers"]
                } else {
                    &r.content["m.selections"]
                };
                // An empty or unknown choice withdraws the vote.
                let choice = answers[0]
                    .as_str()
                    .filter(|c| ids.iter().any(|(id, _)| id == c))
                    .unwrap_or_default()
                    .to_owned();
                let entry = latest
                    .entry(r.sender.as_str())
                    .or_insert((i64::MIN, String::new()));
                if r.ts_ms >= entry.0 {
                    *entry = (r.ts_ms, choice);
                }
            }
            let choices = ids
                .iter()
                .map(|(id, text)| Choice {
                    id: id.clone(),
                    text: text.clone(),
                    count: latest.values().filter(|(_, c)| c == id).count() as u32,
                })
                .collect();
            Some(Vote {
                event_id: start.event_id.clone(),
                item,
                question,
                choices,
                mine: latest
                    .get(me)
                    .map(|(_, c)| c.clone())
                    .filter(|c| !c.is_empty()),
                started_by: start.sender.clone(),
                ended: end.is_some(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str, sender: &str, ts: i64, content: Value) -> PollEvent {
        PollEvent {
            event_id: id.into(),
            sender: sender.into(),
            ts_ms: ts,
            content,
        }
    }

    fn response(sender: &str, ts: i64, choice: &str) -> PollEvent {
        event(
            &format!("$r{ts}"),
            sender,
            ts,
            json!({ "m.relates_to": { "event_id": "$poll" }, POLL_RESPONSE: { "answers": [choice] } }),
        )
    }

    fn start() -> PollEvent {
        let answers: Vec<Value> = CHOICES
            .iter()
            .map(|(id, t)| json!({ "id": id, TEXT: t }))
            .collect();
        event(
            "$poll",
            "@org:hs",
            1,
            json!({ POLL_START: { "question": { TEXT: "予算案に賛成ですか" }, "answers": answers }, VOTE_KEY: { "item": "item-1" } }),
        )
    }

    #[test]
    fn the_latest_choice_before_the_end_counts_once_per_person() {
        let responses = [
            response("@a:hs", 2, "yes"),
            response("@b:hs", 3, "no"),
            response("@b:hs", 4, "yes"),
            response("@c:hs", 5, "abstain"),
            response("@d:hs", 6, "maybe"),
            // After the end: not counted.
            response("@a:hs", 20, "no"),
            response("@e:hs", 21, "no"),
        ];
        let end = event(
            "$end",
            "@org:hs",
            10,
            json!({ "m.relates_to": { "event_id": "$poll" } }),
        );
        let votes = tally(&[start()], &responses, &[end], "@b:hs", |sender, _| {
            sender == "@org:hs"
        });
        let counts: Vec<(String, u32)> = votes[0]
            .choices
            .iter()
            .map(|c| (c.id.clone(), c.count))
            .collect();
        assert_eq!(
            counts,
            [("yes".into(), 2), ("no".into(), 0), ("abstain".into(), 1)]
        );
        assert_eq!(votes[0].mine.as_deref(), Some("yes"));
        assert!(votes[0].ended);
        assert_eq!(votes[0].item, "item-1");
        assert_eq!(votes[0].question, "予算案に賛成ですか");
    }

    #[test]
    fn an_end_by_someone_without_the_right_is_ignored() {
        let end = event(
            "$end",
            "@mallory:hs",
            10,
            json!({ "m.relates_to": { "event_id": "$poll" } }),
        );
        let votes = tally(
            &[start()],
            &[response("@a:hs", 12, "no")],
            &[end],
            "@x:hs",
            |s, _| s == "@org:hs",
        );
        assert!(!votes[0].ended);
        assert_eq!(votes[0].choices[1].count, 1);
        assert_eq!(votes[0].mine, None);
    }
}
