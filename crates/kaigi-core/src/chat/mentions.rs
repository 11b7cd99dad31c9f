//! Mentions written as Matrix user ids (`@sato:example.jp`), or as links to
//! them (`[佐藤](https://matrix.to/#/@sato:example.jp)`, what the composer's
//! suggestions insert), become intentional mentions (`m.mentions`), which push rules turn into
//! notifications for exactly those people.

use matrix_sdk::ruma::UserId;
use matrix_sdk::ruma::events::Mentions;

const MATRIX_TO: &str = "https://matrix.to/#/";

/// The users `body` mentions by id; `@room` mentions the whole room.
pub fn of(body: &str) -> Mentions {
    let mut users = Vec::new();
    let mut room = false;
    for word in body.split(|c: char| c.is_whitespace() || "、。,()（）「」<>\"'".contains(c))
    {
        let word = word.trim_end_matches(['.', '!', '?', ':', ';', '！', '？']);
        let word = word.strip_prefix(MATRIX_TO).unwrap_or(word);
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
        let linked = of("[佐藤 花子](https://matrix.to/#/@sato:example.jp) さん");
        assert_eq!(linked.user_ids.len(), 1);
        assert!(
            of("[会議](https://matrix.to/#/!room:example.jp)")
                .user_ids
                .is_empty()
        );
        assert!(of("メール a@b.jp と @ だけ").user_ids.is_empty());
    }
}
