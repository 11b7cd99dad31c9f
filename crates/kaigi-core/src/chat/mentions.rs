//! Mentions written as Matrix user ids (`@sato:example.jp`) in a message
//! become intentional mentions (`m.mentions`), which push rules turn into
//! notifications for exactly those people.

use matrix_sdk::ruma::UserId;
use matrix_sdk::ruma::events::Mentions;

/// The users `body` mentions by id; `@room` mentions the whole room.
pub fn of(body: &str) -> Mentions {
    let mut users = Vec::new();
    let mut room = false;
    for word in body.split(|c: char| c.is_whitespace() || "、。,()（）「」<>\"'".contains(c))
    {
        let word = word.trim_end_matches(['.', '!', '?', ':', ';', '！', '？']);
        if word == "@room" {
            room = true;
        } else if word.starts_with('@')
            && let Ok(user) = UserId::parse(word)
            && !users.contains(&user)
        {
            users.push(user);
        }
    }
    let mut mentions = Mentions::with_user_ids(users);
    mentions.room = room;
    mentions
}

#[cfg(test)]
mod tests {
    use super::of;

    #[test]
    fn finds_user_ids_and_at_room() {
        let m = of("@sato:example.jp さん、@suzuki:example.jp:8448 と確認を。@sato:example.jp!");
        let ids: Vec<String> = m.user_ids.iter().map(ToString::to_string).collect();
        assert_eq!(ids, ["@sato:example.jp", "@suzuki:example.jp:8448"]);
        assert!(!m.room);
        assert!(of("@room 全員確認").room);
        assert!(of("メール a@b.jp と @ だけ").user_ids.is_empty());
    }
}
