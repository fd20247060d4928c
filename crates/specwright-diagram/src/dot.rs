//! Graphviz DOT: nodes as HTML-like tables (one cell per row), each node, row and edge
//! linked to its source with `URL`/`HREF` (`file#pointer`) and carrying it as `comment`.

use crate::model::{Direction, EdgeKind, Graph, Mark, Node, NodeKind};
use crate::svg::PALETTE;
use std::fmt::Write;

/// A double-quoted DOT string.
fn q(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' | '\r' => o.push(' '),
            c if c.is_control() => {}
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// Text inside an HTML-like label.
fn h(s: &str) -> String {
    crate::svg::esc(&crate::schemas::truncate(s, 64))
}

pub fn to_dot(graph: &Graph) -> String {
    let mut o = String::new();
    let rankdir = match graph.direction {
        Direction::TopDown => "TB",
        Direction::LeftRight => "LR",
    };
    let _ = writeln!(
        o,
        "digraph {} {{",
        q(&format!("{} · {} view", graph.title, graph.view.name()))
    );
    for n in &graph.notes {
        let _ = writeln!(o, "  // {}", n.replace('\n', " "));
    }
    let _ = writeln!(
        o,
        "  graph [rankdir={rankdir}, fontname=\"DejaVu Sans Mono\", label={}, labelloc=t];",
        q(&format!("{} · {} view", graph.title, graph.view.name()))
    );
    o.push_str("  node [shape=plaintext, fontname=\"DejaVu Sans Mono\", fontsize=11];\n");
    o.push_str("  edge [fontname=\"DejaVu Sans Mono\", fontsize=9, color=\"#7d8590\"];\n");
    let clustered: Vec<bool> = (0..graph.groups.len())
        .map(|g| graph.nodes.iter().filter(|n| n.group == Some(g)).count() > 1)
        .collect();
    for (i, n) in graph.nodes.iter().enumerate() {
        if n.group.is_some_and(|g| clustered[g]) {
            continue;
        }
        node(&mut o, i, n, "  ");
    }
    for (g, group) in graph.groups.iter().enumerate() {
        if !clustered[g] {
            continue;
        }
        let _ = writeln!(o, "  subgraph cluster_{g} {{");
        let _ = writeln!(o, "    label={};", q(&group.label));
        if let Some(s) = &group.source {
            let _ = writeln!(o, "    URL={}; comment={};", q(&s.link()), q(&s.pointer));
        }
        for (i, n) in graph.nodes.iter().enumerate() {
            if n.group == Some(g) {
                node(&mut o, i, n, "    ");
            }
        }
        o.push_str("  }\n");
    }
    for (k, e) in graph.edges.iter().enumerate() {
        let mut attrs = vec![
            format!("id={}", q(&format!("edge:{k}"))),
            format!("URL={}", q(&e.source.link())),
            format!("comment={}", q(&e.source.pointer)),
        ];
        let label = match (&e.cardinality, e.label.is_empty()) {
            (Some(c), false) => format!("{} {c}", e.label),
            (Some(c), true) => c.clone(),
            (None, _) => e.label.clone(),
        };
        if !label.is_empty() {
            attrs.push(format!("label={}", q(&label)));
        }
        match e.kind {
            EdgeKind::Inherits => attrs.push("arrowhead=empty, color=\"#2f4b7c\"".into()),
            EdgeKind::Union => attrs.push("style=dashed, arrowhead=open, color=\"#7b4fa0\"".into()),
            EdgeKind::Contains => attrs.push("arrowsize=0.6".into()),
            _ => {}
        }
        if e.cycle {
            attrs.push("color=\"#e67e22\"".into());
        }
        let _ = writeln!(o, "  n{} -> n{} [{}];", e.from, e.to, attrs.join(", "));
    }
    o.push_str("}\n");
    o
}

fn node(o: &mut String, i: usize, n: &Node, indent: &str) {
    let accent = n
        .color
        .map(|c| format!("{}40", PALETTE[c % PALETTE.len()]))
        .unwrap_or_else(|| "#e8edf4".into());
    let border = if n.has(&Mark::Cycle) {
        "#e67e22"
    } else {
        "#8a8f98"
    };
    let style = if n.has(&Mark::Unused) {
        " STYLE=\"DASHED\""
    } else {
        ""
    };
    let mut t = format!(
        "<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\" COLOR=\"{border}\"{style}>"
    );
    let mut head = format!("<B>{}</B>", h(&n.label));
    let marks: Vec<&str> = n
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Cycle => Some("cycle"),
            Mark::Unused => Some("unused"),
            Mark::Deprecated => Some("deprecated"),
            Mark::Broken => Some("broken $ref"),
            Mark::Secured(_) => None,
        })
        .collect();
    if !marks.is_empty() {
        head.push_str(&format!(" <I>«{}»</I>", marks.join(", ")));
    }
    if let Some(b) = n.badge {
        head.push_str(&format!(" <FONT COLOR=\"#c0392b\">[{b} lint]</FONT>"));
    }
    let _ = write!(
        t,
        "<TR><TD BGCOLOR=\"{accent}\" ALIGN=\"LEFT\">{head}</TD></TR>"
    );
    if let Some(s) = &n.subtitle {
        let _ = write!(t, "<TR><TD BGCOLOR=\"{accent}\" ALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\">{}</FONT></TD></TR>", h(s));
    }
    for r in &n.rows {
        let mut cell = String::new();
        let chips: Vec<String> = r
            .chips
            .iter()
            .map(|c| format!("<B>{}</B>", h(&c.text)))
            .collect();
        if n.kind == NodeKind::Collection {
            cell.push_str(&h(&r.name));
            if !chips.is_empty() {
                cell.push(' ');
                cell.push_str(&chips.join(" "));
            }
        } else {
            if !chips.is_empty() {
                cell.push_str(&chips.join(" "));
                cell.push(' ');
            }
            if n.kind == NodeKind::Schema {
                cell.push_str(if r.required { "● " } else { "○ " });
            }
            cell.push_str(&h(&r.name));
            if !r.detail.is_empty() {
                let sep = if n.kind == NodeKind::Schema {
                    ": "
                } else {
                    " "
                };
                let _ = write!(cell, "{sep}<FONT COLOR=\"#5a6270\">{}</FONT>", h(&r.detail));
            }
        }
        for m in &r.marks {
            match m {
                Mark::Deprecated => cell.push_str(" <I>deprecated</I>"),
                Mark::Secured(s) if s.is_empty() => cell.push_str(" <I>public</I>"),
                Mark::Secured(s) => cell.push_str(&format!(" <I>auth:{}</I>", h(&s.join(",")))),
                _ => {}
            }
        }
        if cell.is_empty() {
            cell.push(' ');
        }
        let _ = write!(
            t,
            "<TR><TD ALIGN=\"LEFT\" HREF=\"{}\" TITLE=\"{}\">{cell}</TD></TR>",
            crate::svg::esc(&r.source.link()),
            crate::svg::esc(&r.source.pointer)
        );
    }
    t.push_str("</TABLE>");
    let _ = writeln!(
        o,
        "{indent}n{i} [id={}, URL={}, comment={}, tooltip={}, label=<{t}>];",
        q(&format!("node:{}", n.id)),
        q(&n.source.link()),
        q(&n.source.pointer),
        q(&n.id)
    );
}
