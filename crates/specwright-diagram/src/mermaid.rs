//! Mermaid text for GitHub and GitLab Markdown: schemas as a `classDiagram`, resources and
//! gateway as a `flowchart`. Each node's and edge's source is a `%%` comment beside it.

use crate::model::{EdgeKind, Graph, Mark, Node, NodeKind, View};
use crate::svg::PALETTE;
use std::fmt::Write;

pub fn to_mermaid(graph: &Graph) -> String {
    match graph.view {
        View::Schemas => class_diagram(graph),
        View::Resources | View::Gateway => flowchart(graph),
    }
}

/// Mermaid ids: plain, so no schema name can break the syntax; names go in labels.
fn id(i: usize) -> String {
    format!("n{i}")
}

/// Text in a class diagram (class label, member, relation label): braces would open or
/// close a class body and parentheses would turn a property into a method.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' => '\'',
            '{' | '(' => '‹',
            '}' | ')' => '›',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// Text inside a quoted flowchart label: quotes and angle brackets as Mermaid entity codes
/// (the label is HTML).
fn flow(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => o.push_str("#quot;"),
            '<' => o.push_str("#lt;"),
            '>' => o.push_str("#gt;"),
            '#' => o.push_str("#35;"),
            c if c.is_control() => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

/// A `%%` comment: one line.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn header(o: &mut String, graph: &Graph) {
    let _ = writeln!(
        o,
        "---\ntitle: \"{} · {} view\"\n---",
        comment(&graph.title).replace('"', "'"),
        graph.view.name()
    );
}

fn comments(o: &mut String, graph: &Graph) {
    for n in &graph.notes {
        let _ = writeln!(o, "  %% {}", comment(n));
    }
}

fn marks(node: &Node) -> Vec<String> {
    let mut v: Vec<String> = node
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Cycle => Some("cycle".to_string()),
            Mark::Unused => Some("unused".into()),
            Mark::Deprecated => Some("deprecated".into()),
            Mark::Broken => Some("broken ref".into()),
            Mark::Secured(_) => None,
        })
        .collect();
    if let Some(b) = node.badge {
        v.push(format!("{b} lint"));
    }
    v
}

fn class_diagram(graph: &Graph) -> String {
    let mut o = String::new();
    header(&mut o, graph);
    o.push_str("classDiagram\n  direction TB\n");
    comments(&mut o, graph);
    for (i, n) in graph.nodes.iter().enumerate() {
        let _ = writeln!(o, "  %% {}: {}", id(i), comment(&n.source.link()));
        let _ = writeln!(o, "  class {}[\"{}\"] {{", id(i), clean(&n.label));
        let m = marks(n);
        if !m.is_empty() {
            let _ = writeln!(o, "    <<{}>>", m.join(", "));
        }
        if let Some(s) = &n.subtitle {
            let _ = writeln!(o, "    {}", clean(s));
        }
        for r in &n.rows {
            let req = if r.required { "*" } else { "" };
            let _ = writeln!(o, "    +{}{req}: {}", clean(&r.name), clean(&r.detail));
        }
        o.push_str("  }\n");
    }
    for e in &graph.edges {
        let _ = writeln!(
            o,
            "  %% {} -> {}: {}",
            id(e.from),
            id(e.to),
            comment(&e.source.link())
        );
        let label = if e.label.is_empty() {
            String::new()
        } else {
            format!(" : {}", clean(&e.label))
        };
        match e.kind {
            EdgeKind::Inherits => {
                let _ = writeln!(o, "  {} <|-- {}{label}", id(e.to), id(e.from));
            }
            EdgeKind::Union => {
                let _ = writeln!(o, "  {} ..> {}{label}", id(e.from), id(e.to));
            }
            _ => {
                let card = e
                    .cardinality
                    .as_ref()
                    .map(|c| format!(" \"{c}\""))
                    .unwrap_or_default();
                let _ = writeln!(o, "  {} -->{card} {}{label}", id(e.from), id(e.to));
            }
        }
    }
    o
}

fn flowchart(graph: &Graph) -> String {
    let mut o = String::new();
    header(&mut o, graph);
    let dir = match graph.direction {
        crate::model::Direction::LeftRight => "LR",
        crate::model::Direction::TopDown => "TB",
    };
    let _ = writeln!(o, "flowchart {dir}");
    comments(&mut o, graph);
    for (c, color) in PALETTE.iter().enumerate() {
        let _ = writeln!(o, "  classDef c{c} fill:{color}33,stroke:{color}");
    }
    o.push_str("  classDef deprecated stroke-dasharray:4 3,color:#888\n");
    for (i, n) in graph.nodes.iter().enumerate() {
        let _ = writeln!(o, "  %% {}: {}", id(i), comment(&n.source.link()));
        let mut lines = vec![format!("<b>{}</b>", flow(&n.label))];
        if let Some(s) = &n.subtitle {
            lines.push(format!("<i>{}</i>", flow(s)));
        }
        let m = marks(n);
        if !m.is_empty() {
            lines.push(format!("‹{}›", m.join(", ")));
        }
        for r in &n.rows {
            lines.push(row_line(n, r));
        }
        let shape = match n.kind {
            NodeKind::Plugin => ("([\"", "\"])"),
            NodeKind::Upstream | NodeKind::Target => ("[(\"", "\")]"),
            _ => ("[\"", "\"]"),
        };
        let _ = writeln!(
            o,
            "  {}{}{}{}",
            id(i),
            shape.0,
            lines.join("<br/>"),
            shape.1
        );
        let color = n.color.or_else(|| n.rows.iter().find_map(|r| r.color));
        if let Some(c) = color {
            let _ = writeln!(o, "  class {} c{}", id(i), c % PALETTE.len());
        }
        if n.has(&Mark::Deprecated) {
            let _ = writeln!(o, "  class {} deprecated", id(i));
        }
    }
    for e in &graph.edges {
        let _ = writeln!(
            o,
            "  %% {} -> {}: {}",
            id(e.from),
            id(e.to),
            comment(&e.source.link())
        );
        if e.label.is_empty() {
            let _ = writeln!(o, "  {} --> {}", id(e.from), id(e.to));
        } else {
            let _ = writeln!(
                o,
                "  {} -->|\"{}\"| {}",
                id(e.from),
                flow(&e.label),
                id(e.to)
            );
        }
    }
    o
}

fn row_line(n: &Node, r: &crate::model::Row) -> String {
    let chips: Vec<String> = r.chips.iter().map(|c| flow(&c.text)).collect();
    let mut parts = Vec::new();
    if n.kind == NodeKind::Collection {
        parts.push(flow(&r.name));
        parts.push(chips.join(" "));
    } else {
        if !chips.is_empty() {
            parts.push(format!("<b>{}</b>", chips.join(" ")));
        }
        if !r.name.is_empty() {
            parts.push(flow(&r.name));
        }
        if !r.detail.is_empty() {
            parts.push(format!("‹{}›", flow(&r.detail)));
        }
    }
    for m in &r.marks {
        match m {
            Mark::Secured(s) if s.is_empty() => parts.push("public".into()),
            Mark::Secured(s) => parts.push(format!("auth:{}", flow(&s.join(",")))),
            Mark::Deprecated => parts.push("deprecated".into()),
            _ => {}
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" ")
}
