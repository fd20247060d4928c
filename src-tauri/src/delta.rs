//! Lint answers sent as a change to an answer the page already holds. A Stripe-sized spec
//! has about 500 findings (130 KB of JSON) and a keystroke changes a few of them; sending
//! them all made the round trip, not the engine, the slow part of some keystrokes. The page
//! says which answer it shows (`have`); the new answer keeps that one's first `head` and
//! last `tail` findings and carries only those between. A keystroke that adds or removes a
//! line moves every later finding of the buffer by that many lines, so the kept tail may be
//! moved by `tail_lines`.

use crate::types::{Finding, FindingsDelta, RuleInfo};
use std::collections::{HashSet, VecDeque};

/// Answers the page may still hold. It shows the newest answer it accepted, which is behind
/// the newest one sent only when it dropped some as superseded: a few suffice.
const KEPT: usize = 4;

struct Sent {
    path: String,
    seq: u64,
    findings: Vec<Finding>,
    rules: HashSet<String>,
}

/// The findings of the last few answers, to encode the next one against.
#[derive(Default)]
pub struct SentAnswers {
    recent: VecDeque<Sent>,
}

/// What an answer carries: all findings, or (with `delta`) the ones replacing the middle of
/// the base answer's; and the rules the page has not been told about.
#[derive(Debug, PartialEq)]
pub struct Encoded {
    pub findings: Vec<Finding>,
    pub delta: Option<FindingsDelta>,
    pub rules: Vec<RuleInfo>,
}

impl SentAnswers {
    /// Encodes answer `seq` for the buffer `path` against the answer `have` when it is one of
    /// the last few sent for that buffer, else whole; and remembers it.
    pub fn encode(
        &mut self,
        path: &str,
        have: Option<u64>,
        seq: u64,
        findings: Vec<Finding>,
        rules: Vec<RuleInfo>,
    ) -> Encoded {
        let base =
            have.and_then(|have| self.recent.iter().find(|s| s.seq == have && s.path == path));
        let encoded = match base {
            Some(base) => {
                let kept = Kept::between(&base.findings, &findings, path);
                Encoded {
                    findings: findings[kept.head..findings.len() - kept.tail].to_vec(),
                    delta: Some(FindingsDelta {
                        base: base.seq,
                        file: path.to_string(),
                        head: kept.head as u32,
                        tail: kept.tail as u32,
                        tail_lines: kept.tail_lines,
                    }),
                    // The page keeps every rule it was told about.
                    rules: rules
                        .iter()
                        .filter(|r| !base.rules.contains(&r.id))
                        .cloned()
                        .collect(),
                }
            }
            None => Encoded {
                findings: findings.clone(),
                delta: None,
                rules: rules.clone(),
            },
        };
        self.recent.push_back(Sent {
            path: path.to_string(),
            seq,
            findings,
            rules: rules.into_iter().map(|r| r.id).collect(),
        });
        while self.recent.len() > KEPT {
            self.recent.pop_front();
        }
        encoded
    }

    /// Forgets every answer (another workspace was opened).
    pub fn clear(&mut self) {
        self.recent.clear();
    }
}

/// How much of an earlier list of findings a new one keeps.
#[derive(Debug, PartialEq)]
struct Kept {
    head: usize,
    tail: usize,
    /// Lines the kept tail moved by, in the edited file only.
    tail_lines: i32,
}

impl Kept {
    fn between(old: &[Finding], new: &[Finding], file: &str) -> Kept {
        let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        // Head and tail never overlap: what is left of the shorter list after the head.
        let room = old.len().min(new.len()) - head;
        // Read off the edited file's last finding: other files' findings do not move.
        let last_in_file = |list: &[Finding]| list.iter().rposition(|f| f.file == file);
        let tail_lines = match (last_in_file(old), last_in_file(new)) {
            (Some(a), Some(b)) => line_shift(&old[a], &new[b]).unwrap_or(0),
            _ => 0,
        };
        let tail = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(room)
            .take_while(|(a, b)| moved_to(a, b, tail_lines, file))
            .count();
        Kept {
            head,
            tail,
            tail_lines,
        }
    }
}

/// The lines `b` is below `a` when it is the same finding moved by whole lines.
fn line_shift(a: &Finding, b: &Finding) -> Option<i32> {
    let lines = b.range.start.line as i64 - a.range.start.line as i64;
    let lines = i32::try_from(lines).ok()?;
    moved_to(a, b, lines, &b.file).then_some(lines)
}

/// Whether `new` is `old` moved down by `lines` lines (only findings in `file` move).
fn moved_to(old: &Finding, new: &Finding, lines: i32, file: &str) -> bool {
    // Every field by name: a field added to `Finding` must be compared here too, or a
    // changed finding would be kept as it was.
    let Finding {
        file: old_file,
        rule,
        severity,
        message,
        range,
        path,
    } = old;
    let lines = if old_file == file { lines as i64 } else { 0 };
    let moved = |old: u32, new: u32| old as i64 + lines == new as i64;
    moved(range.start.line, new.range.start.line)
        && moved(range.end.line, new.range.end.line)
        && range.start.character == new.range.start.character
        && range.end.character == new.range.end.character
        && *old_file == new.file
        && *rule == new.rule
        && *severity == new.severity
        && *message == new.message
        && *path == new.path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Pos, Severity, TextRange};

    fn finding(file: &str, line: u32, character: u32, rule: &str) -> Finding {
        Finding {
            file: file.into(),
            rule: rule.into(),
            severity: Severity::Warning,
            message: format!("{rule} at {character}"),
            range: TextRange {
                start: Pos { line, character },
                end: Pos {
                    line: line + 1,
                    character: 2,
                },
            },
            path: vec!["paths".into(), rule.into()],
        }
    }

    fn rule(id: &str) -> RuleInfo {
        RuleInfo {
            id: id.into(),
            description: format!("about {id}"),
            documentation_url: None,
        }
    }

    /// What the page does with an answer (ui/src/findings.ts `expandFindings`).
    fn expand(base: &[Finding], e: &Encoded) -> Vec<Finding> {
        let Some(d) = &e.delta else {
            return e.findings.clone();
        };
        let mut out = base[..d.head as usize].to_vec();
        out.extend(e.findings.iter().cloned());
        for f in &base[base.len() - d.tail as usize..] {
            let mut f = f.clone();
            if f.file == d.file {
                f.range.start.line = (f.range.start.line as i64 + d.tail_lines as i64) as u32;
                f.range.end.line = (f.range.end.line as i64 + d.tail_lines as i64) as u32;
            }
            out.push(f);
        }
        out
    }

    fn send(sent: &mut SentAnswers, have: Option<u64>, seq: u64, findings: &[Finding]) -> Encoded {
        sent.encode("a.yaml", have, seq, findings.to_vec(), vec![rule("r")])
    }

    #[test]
    fn an_unknown_base_gets_every_finding() {
        let mut sent = SentAnswers::default();
        let list = vec![finding("a.yaml", 1, 0, "r")];
        let first = send(&mut sent, None, 1, &list);
        assert_eq!(first.delta, None);
        assert_eq!(first.findings, list);
        assert_eq!(first.rules, vec![rule("r")]);
        // A base the studio never sent, or sent for another buffer.
        assert_eq!(send(&mut sent, Some(7), 2, &list).delta, None);
        assert_eq!(
            sent.encode("b.yaml", Some(2), 3, list.clone(), vec![])
                .delta,
            None
        );
    }

    #[test]
    fn an_unchanged_list_sends_nothing_but_its_base() {
        let mut sent = SentAnswers::default();
        let list: Vec<_> = (0..5).map(|i| finding("a.yaml", i * 3, 1, "r")).collect();
        send(&mut sent, None, 1, &list);
        let again = send(&mut sent, Some(1), 2, &list);
        assert!(again.findings.is_empty());
        assert!(again.rules.is_empty(), "the page knows rule r already");
        let d = again.delta.as_ref().unwrap();
        assert_eq!((d.base, d.head + d.tail), (1, 5));
        assert_eq!(expand(&list, &again), list);
    }

    #[test]
    fn a_changed_middle_is_all_that_is_sent() {
        let mut sent = SentAnswers::default();
        let old: Vec<_> = (0..6).map(|i| finding("a.yaml", i * 3, 1, "r")).collect();
        let mut new = old.clone();
        new[2] = finding("a.yaml", 6, 4, "r");
        new.insert(3, finding("a.yaml", 7, 0, "s"));
        send(&mut sent, None, 1, &old);
        let e = sent.encode(
            "a.yaml",
            Some(1),
            2,
            new.clone(),
            vec![rule("r"), rule("s")],
        );
        assert_eq!(e.findings, new[2..4].to_vec());
        assert_eq!(
            e.rules,
            vec![rule("s")],
            "only the rule the page has not seen"
        );
        assert_eq!(expand(&old, &e), new);
    }

    #[test]
    fn a_new_line_moves_the_kept_tail_in_the_edited_file_only() {
        let mut sent = SentAnswers::default();
        let mut old: Vec<_> = (0..4).map(|i| finding("a.yaml", i * 3, 1, "r")).collect();
        old.push(finding("b.yaml", 2, 0, "r"));
        // Two lines typed after the second finding: the later ones of a.yaml move down.
        let mut new = old.clone();
        for f in &mut new[2..4] {
            f.range.start.line += 2;
            f.range.end.line += 2;
        }
        send(&mut sent, None, 1, &old);
        let e = send(&mut sent, Some(1), 2, &new);
        assert!(e.findings.is_empty(), "{:?}", e.findings);
        let d = e.delta.as_ref().unwrap();
        assert_eq!((d.head, d.tail, d.tail_lines), (2, 3, 2));
        assert_eq!(expand(&old, &e), new);
    }

    #[test]
    fn lines_removed_move_the_tail_up_and_head_and_tail_never_overlap() {
        let mut sent = SentAnswers::default();
        let old: Vec<_> = (0..4).map(|i| finding("a.yaml", 10 + i, 1, "r")).collect();
        let new: Vec<_> = old[1..]
            .iter()
            .map(|f| {
                let mut f = f.clone();
                f.range.start.line -= 1;
                f.range.end.line -= 1;
                f
            })
            .collect();
        send(&mut sent, None, 1, &old);
        let e = send(&mut sent, Some(1), 2, &new);
        assert_eq!(expand(&old, &e), new);
        // A list of copies: the tail may only take what the head left.
        let same: Vec<_> = (0..3).map(|_| finding("a.yaml", 1, 1, "r")).collect();
        send(&mut sent, None, 3, &same);
        let e = send(&mut sent, Some(3), 4, &same[..2]);
        let d = e.delta.as_ref().unwrap();
        assert_eq!(d.head + d.tail, 2);
        assert_eq!(expand(&same, &e), same[..2].to_vec());
    }

    #[test]
    fn only_the_last_few_answers_are_kept() {
        let mut sent = SentAnswers::default();
        let list = vec![finding("a.yaml", 1, 0, "r")];
        for seq in 1..=(KEPT as u64 + 1) {
            send(&mut sent, None, seq, &list);
        }
        assert_eq!(send(&mut sent, Some(1), 10, &list).delta, None);
        assert!(send(&mut sent, Some(3), 11, &list).delta.is_some());
        sent.clear();
        assert_eq!(send(&mut sent, Some(11), 12, &list).delta, None);
    }
}
