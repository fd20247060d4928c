//! Keeping credentials out of messages: `https://user:token@host/x` is shown as
//! `https://***@host/x` wherever a URL may appear (our messages and git's stderr).

/// Replaces the user-info part of every `scheme://user[:password]@host` in `text`.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        // The authority ends at the first `/`, `?`, `#` or whitespace.
        let end = tail
            .find(|c: char| c == '/' || c == '?' || c == '#' || c.is_whitespace())
            .unwrap_or(tail.len());
        let authority = &tail[..end];
        match authority.rfind('@') {
            Some(at) => {
                out.push_str("***");
                out.push_str(&authority[at..]);
            }
            None => out.push_str(authority),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn hides_user_info_only() {
        assert_eq!(
            redact("fatal: unable to access 'https://bob:s3cr3t@git.example.com/a.git/': 403"),
            "fatal: unable to access 'https://***@git.example.com/a.git/': 403"
        );
        assert_eq!(
            redact("https://ghp_token@h/x https://h/y"),
            "https://***@h/x https://h/y"
        );
        assert_eq!(
            redact("git@host:repo.git /plain/path"),
            "git@host:repo.git /plain/path"
        );
        assert_eq!(redact("ssh://git@host/r"), "ssh://***@host/r");
    }
}
