//! Which links from messages may leave the app: only web links, opened in the
//! system browser after the user confirms.

use super::ChatError;

/// The link as it will be opened, when it is an http(s) link with a host.
/// `javascript:`, `file:`, `data:` and every other scheme are refused.
pub fn web_link(text: &str) -> Result<url::Url, ChatError> {
    let refuse = || ChatError::UnsafeLink(text.chars().take(200).collect());
    let url = url::Url::parse(text.trim()).map_err(|_| refuse())?;
    let web =
        matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty());
    if web { Ok(url) } else { Err(refuse()) }
}

#[cfg(test)]
mod tests {
    use super::web_link;

    #[test]
    fn only_web_links_pass() {
        assert_eq!(
            web_link(" https://www.pref.example.jp/a?b=1 ")
                .unwrap()
                .as_str(),
            "https://www.pref.example.jp/a?b=1"
        );
        assert!(web_link("http://127.0.0.1:8008/").is_ok());
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "vbscript:msgbox",
            "kaigi-page://localhost/1",
            "mailto:a@example.jp",
            "//example.jp/relative",
            "not a link",
            "",
        ] {
            assert!(web_link(bad).is_err(), "{bad} must be refused");
        }
    }
}
