//! Reports: plain text for terminals, JSON for tools and the studio, Markdown for PRs.

use crate::{Change, Level, Report};

fn counts(r: &Report) -> String {
    format!(
        "{} breaking, {} warning(s), {} info",
        r.count(Level::Breaking),
        r.count(Level::Warning),
        r.count(Level::Info)
    )
}

fn versions(r: &Report) -> String {
    format!(
        "{} -> {}",
        r.old_version.as_deref().unwrap_or("?"),
        r.new_version.as_deref().unwrap_or("?")
    )
}

/// One change per block: level, id, endpoint, message, then both locations.
pub fn text(r: &Report) -> String {
    let mut out = String::new();
    for c in &r.changes {
        out.push_str(&format!(
            "{:<8} {}{}: {}\n",
            c.level.label(),
            c.id,
            c.operation
                .as_deref()
                .map(|o| format!(" [{o}]"))
                .unwrap_or_default(),
            c.message
        ));
        if let Some(l) = &c.old {
            out.push_str(&format!("         old: {}\n", l.short()));
        }
        if let Some(l) = &c.new {
            out.push_str(&format!("         new: {}\n", l.short()));
        }
    }
    out.push_str(&format!("{} ({})\n", counts(r), versions(r)));
    out
}

pub fn json(r: &Report) -> String {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    v["summary"] = serde_json::json!({
        "breaking": r.count(Level::Breaking),
        "warning": r.count(Level::Warning),
        "info": r.count(Level::Info),
    });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn md_loc(c: &Change, old: bool) -> String {
    let l = if old { &c.old } else { &c.new };
    l.as_ref()
        .map(|l| format!("`{}`", md_cell(&l.short())))
        .unwrap_or_default()
}

pub fn markdown(r: &Report) -> String {
    let mut out = format!("### API changes ({})\n\n**{}**\n\n", versions(r), counts(r));
    if r.changes.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    out.push_str("| Level | Rule | Endpoint | Change | Old | New |\n|---|---|---|---|---|---|\n");
    for c in &r.changes {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} | {} |\n",
            c.level.label(),
            c.id,
            md_cell(c.operation.as_deref().unwrap_or("")),
            md_cell(&c.message),
            md_loc(c, true),
            md_loc(c, false)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn every_format_names_the_change_and_locations() {
        let old = with_schema("{type: string}", "{type: string}");
        let new = with_schema("{type: integer}", "{type: string}");
        let r = crate::diff(&load(&old), &load(&new));
        let t = text(&r);
        assert!(
            t.contains("breaking request-type-changed [POST /items]"),
            "{t}"
        );
        assert!(t.contains("old: "), "{t}");
        assert!(
            t.contains("1 breaking, 0 warning(s), 0 info (1.0.0 -> 1.0.0)"),
            "{t}"
        );
        let j: serde_json::Value = serde_json::from_str(&json(&r)).unwrap();
        assert_eq!(j["summary"]["breaking"], 1);
        assert_eq!(j["changes"][0]["level"], "breaking");
        assert_eq!(j["changes"][0]["new"]["range"]["start"]["line"], 8);
        let m = markdown(&r);
        assert!(
            m.contains("| breaking | `request-type-changed` | POST /items |"),
            "{m}"
        );
    }
}
