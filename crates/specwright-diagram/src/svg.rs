//! Self-contained SVG: the graph laid out by [`crate::layout`], drawn with a monospace font
//! so text widths are known without a font engine. Every node, row, chip and edge carries
//! `data-pointer` and `data-file` so the studio can jump to the spec.

use crate::layout::{layout, Input};
use crate::model::{Edge, EdgeKind, Graph, Mark, Node, NodeKind, Row, View};
use std::collections::HashMap;
use std::fmt::Write;

const FONT: &str = "DejaVu Sans Mono, Menlo, Consolas, monospace";
/// Advance of one monospace glyph, in em (DejaVu Sans Mono, Menlo and Consolas are 0.60).
const ADVANCE: f64 = 0.602;
const TEXT: f64 = 12.0;
const SMALL: f64 = 10.5;
const TITLE: f64 = 13.0;
const PAD: f64 = 8.0;
const ROW_H: f64 = 17.0;
const HEAD_H: f64 = 24.0;
const SUB_H: f64 = 15.0;
const MARGIN: f64 = 24.0;
/// Longest name or detail shown in full; the rest is in the hover title.
const MAX_CHARS: usize = 56;

/// Tag and group colours: distinct at a glance and legible behind dark text.
pub const PALETTE: [&str; 12] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#2f4b7c", "#a05195", "#17becf",
];

fn text_w(chars: usize, size: f64) -> f64 {
    chars as f64 * size * ADVANCE
}

fn chars(s: &str) -> usize {
    s.chars().count().min(MAX_CHARS)
}

fn method_color(m: &str) -> &'static str {
    match m {
        "GET" => "#2f6fb0",
        "POST" => "#2e8b57",
        "PUT" => "#c77c0e",
        "PATCH" => "#138f8f",
        "DELETE" => "#c0392b",
        _ => "#6b6b6b",
    }
}

/// Column positions inside one node, shared by all its rows so they line up.
struct Columns {
    chips: f64,
    name: f64,
    detail: f64,
    marks: f64,
}

fn chip_w(text: &str) -> f64 {
    text_w(chars(text), SMALL) + 8.0
}

fn mark_text(m: &Mark) -> String {
    match m {
        Mark::Cycle => "cycle".into(),
        Mark::Unused => "unused".into(),
        Mark::Deprecated => "deprecated".into(),
        Mark::Secured(s) if s.is_empty() => "public".into(),
        Mark::Secured(s) => format!("auth:{}", s.join(",")),
        Mark::Broken => "broken $ref".into(),
    }
}

fn marks_w(marks: &[Mark]) -> f64 {
    marks.iter().map(|m| chip_w(&mark_text(m)) + 4.0).sum()
}

fn columns(node: &Node) -> Columns {
    let chips_w = node
        .rows
        .iter()
        .map(|r| r.chips.iter().map(|c| chip_w(&c.text) + 4.0).sum::<f64>())
        .fold(0.0, f64::max);
    let bullet = if node.kind == NodeKind::Schema {
        14.0
    } else {
        0.0
    };
    let name_w = node
        .rows
        .iter()
        .map(|r| text_w(chars(&r.name), TEXT))
        .fold(0.0, f64::max);
    let detail_w = node
        .rows
        .iter()
        .map(|r| text_w(chars(&r.detail), TEXT))
        .fold(0.0, f64::max);
    // Compact rows read path first, then methods; others read chip (method) first.
    if node.kind == NodeKind::Collection {
        let name = PAD;
        let chips = name + name_w + 12.0;
        Columns {
            chips,
            name,
            detail: chips + chips_w,
            marks: chips + chips_w + 4.0,
        }
    } else {
        let chips = PAD;
        let name = chips + chips_w + bullet;
        let detail = name + name_w + if detail_w > 0.0 { 12.0 } else { 0.0 };
        Columns {
            chips,
            name,
            detail,
            marks: detail + detail_w + 8.0,
        }
    }
}

fn node_size(node: &Node) -> (f64, f64) {
    let cols = columns(node);
    let rows_w = node
        .rows
        .iter()
        .map(|r| cols.marks + marks_w(&r.marks))
        .fold(0.0, f64::max)
        + PAD;
    let head_w = PAD * 2.0
        + text_w(chars(&node.label), TITLE)
        + marks_w(&node.marks)
        + if node.badge.is_some() { 28.0 } else { 0.0 };
    let sub_w = node.subtitle.as_ref().map_or(0.0, |s| {
        PAD * 2.0 + text_w(s.chars().count().min(SUB_CHARS), SMALL)
    });
    let w = rows_w.max(head_w).max(sub_w).max(90.0).ceil();
    let h = HEAD_H
        + if node.subtitle.is_some() { SUB_H } else { 0.0 }
        + node.rows.len() as f64 * ROW_H
        + if node.rows.is_empty() { 0.0 } else { 6.0 };
    (w, h.ceil())
}

/// XML text and attribute escaping; characters XML 1.0 forbids are dropped.
pub(crate) fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\t' | '\n' | '\r' => o.push(' '),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => o.push(c),
        }
    }
    o
}

fn shown(s: &str) -> String {
    esc(&crate::schemas::truncate(s, MAX_CHARS))
}

/// Subtitles hold a path prefix and counts: allowed longer than names.
const SUB_CHARS: usize = 96;

fn src_attrs(out: &mut String, s: &crate::model::Source) {
    let _ = write!(
        out,
        r#" data-pointer="{}" data-file="{}""#,
        esc(&s.pointer),
        esc(&s.file)
    );
}

pub fn to_svg(graph: &Graph) -> String {
    let sizes: Vec<(f64, f64)> = graph.nodes.iter().map(node_size).collect();
    let edges: Vec<(usize, usize)> = graph.edges.iter().map(|e| (e.from, e.to)).collect();
    let left_right = graph.direction == crate::model::Direction::LeftRight;
    let lay = layout(&Input {
        sizes: &sizes,
        edges: &edges,
        left_right,
    });
    let legend = legend_lines(graph);
    let head = 30.0 + 16.0 * graph.notes.len() as f64 + legend_height(&legend);
    let (ox, oy) = (MARGIN, MARGIN + head);
    let width = (lay.width + 2.0 * MARGIN).max(legend_width(graph, &legend) + 2.0 * MARGIN);
    let height = lay.height + oy + MARGIN;
    let mut o = String::with_capacity(512 * graph.nodes.len() + 256 * graph.edges.len() + 4096);
    let _ = write!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="{FONT}" font-size="{TEXT}" data-view="{v}">"#,
        w = width,
        h = height,
        v = graph.view.name()
    );
    let _ = write!(
        o,
        "<title>{} · {} view</title><desc>{}</desc>",
        esc(&graph.title),
        graph.view.name(),
        esc(&graph.notes.join("; "))
    );
    o.push_str(STYLE);
    o.push_str(DEFS);
    let _ = write!(
        o,
        r##"<rect width="100%" height="100%" fill="#ffffff"/><text class="title" x="{MARGIN}" y="{}">{} · {} view</text>"##,
        MARGIN + 8.0,
        esc(&graph.title),
        graph.view.name()
    );
    for (i, n) in graph.notes.iter().enumerate() {
        let _ = write!(
            o,
            r#"<text class="note" x="{MARGIN}" y="{}">{}</text>"#,
            MARGIN + 26.0 + 16.0 * i as f64,
            esc(n)
        );
    }
    draw_legend(
        &mut o,
        graph,
        &legend,
        MARGIN + 30.0 + 16.0 * graph.notes.len() as f64,
    );

    // Edges first so nodes sit on top of them; parallel edges share one label.
    o.push_str(r#"<g class="edges">"#);
    let mut label_of: HashMap<(usize, usize), Vec<String>> = HashMap::new();
    for e in &graph.edges {
        let l = edge_label(e);
        if !l.is_empty() {
            let v = label_of.entry((e.from, e.to)).or_default();
            if !v.contains(&l) {
                v.push(l);
            }
        }
    }
    let mut labelled = std::collections::HashSet::new();
    for (k, e) in graph.edges.iter().enumerate() {
        let route = &lay.routes[k];
        if route.len() < 2 {
            continue;
        }
        let pts: Vec<(f64, f64)> = route.iter().map(|&(x, y)| (x + ox, y + oy)).collect();
        let class = match e.kind {
            EdgeKind::Ref => "ref",
            EdgeKind::Inherits => "inherits",
            EdgeKind::Union => "union",
            EdgeKind::Contains => "contains",
            EdgeKind::Uses => "uses",
        };
        let _ = write!(
            o,
            r#"<g class="edge {class}{}" data-from="{}" data-to="{}" data-kind="{class}""#,
            if e.cycle { " cycle" } else { "" },
            esc(&graph.nodes[e.from].id),
            esc(&graph.nodes[e.to].id),
        );
        src_attrs(&mut o, &e.source);
        o.push('>');
        let _ = write!(
            o,
            "<title>{} → {}{}</title>",
            esc(&graph.nodes[e.from].label),
            esc(&graph.nodes[e.to].label),
            if edge_label(e).is_empty() {
                String::new()
            } else {
                format!(": {}", esc(&edge_label(e)))
            }
        );
        let marker = match e.kind {
            EdgeKind::Inherits => "url(#inherit)",
            EdgeKind::Union => "url(#open)",
            _ => "url(#arrow)",
        };
        let _ = write!(
            o,
            r#"<path d="{}" marker-end="{marker}"/>"#,
            curve(&pts, left_right)
        );
        if labelled.insert((e.from, e.to)) {
            if let Some(labels) = label_of.get(&(e.from, e.to)) {
                let text = crate::schemas::truncate(&labels.join(", "), 40);
                let w = text_w(text.chars().count(), SMALL) + 6.0;
                let (mut lx, mut ly) = label_point(&pts);
                if e.from == e.to {
                    // Right of the loop, not over the node.
                    lx = pts[1].0 + 6.0 + w / 2.0;
                } else if labelled.contains(&(e.to, e.from)) {
                    // The opposite edge of a pair shares the route; keep both labels legible.
                    ly += 16.0;
                }
                let _ = write!(
                    o,
                    r#"<rect class="lbg" x="{:.1}" y="{:.1}" width="{w:.1}" height="14" rx="3"/><text class="elabel" x="{lx:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                    lx - w / 2.0,
                    ly - 8.0,
                    ly + 3.5,
                    esc(&text)
                );
            }
        }
        o.push_str("</g>");
    }
    o.push_str("</g><g class=\"nodes\">");
    for (i, n) in graph.nodes.iter().enumerate() {
        let (x, y) = (lay.pos[i].0 + ox, lay.pos[i].1 + oy);
        draw_node(&mut o, graph, n, x, y, sizes[i]);
    }
    o.push_str("</g></svg>\n");
    o
}

fn edge_label(e: &Edge) -> String {
    match (&e.cardinality, e.label.is_empty()) {
        (Some(c), false) => format!("{} {c}", e.label),
        (Some(c), true) => c.clone(),
        (None, _) => e.label.clone(),
    }
}

/// A smooth path through the route: straight through dummy columns, curved between layers.
fn curve(pts: &[(f64, f64)], left_right: bool) -> String {
    let mut d = format!("M{:.1},{:.1}", pts[0].0, pts[0].1);
    for w in pts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let straight = if left_right { a.1 == b.1 } else { a.0 == b.0 };
        if straight {
            let _ = write!(d, " L{:.1},{:.1}", b.0, b.1);
        } else if left_right {
            let m = (b.0 - a.0) / 2.0;
            let _ = write!(
                d,
                " C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                a.0 + m,
                a.1,
                b.0 - m,
                b.1,
                b.0,
                b.1
            );
        } else {
            let m = (b.1 - a.1) / 2.0;
            let _ = write!(
                d,
                " C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                a.0,
                a.1 + m,
                b.0,
                b.1 - m,
                b.0,
                b.1
            );
        }
    }
    d
}

fn label_point(pts: &[(f64, f64)]) -> (f64, f64) {
    let k = pts.len() / 2;
    let (a, b) = (pts[k - 1], pts[k]);
    ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)
}

fn draw_node(o: &mut String, graph: &Graph, n: &Node, x: f64, y: f64, (w, h): (f64, f64)) {
    let kind = serde_json::to_value(n.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut classes = format!("node {kind}");
    for m in &n.marks {
        match m {
            Mark::Cycle => classes.push_str(" cycle"),
            Mark::Unused => classes.push_str(" unused"),
            Mark::Deprecated => classes.push_str(" deprecated"),
            Mark::Broken => classes.push_str(" broken"),
            Mark::Secured(_) => {}
        }
    }
    let _ = write!(
        o,
        r#"<g class="{classes}" data-id="{}" data-kind="{kind}""#,
        esc(&n.id)
    );
    src_attrs(o, &n.source);
    o.push('>');
    let _ = write!(o, "<title>{}</title>", esc(&n.id));
    let accent = n.color.map(|c| PALETTE[c % PALETTE.len()]);
    let _ = write!(
        o,
        r#"<rect class="box" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="4"/>"#
    );
    let head_h = HEAD_H + if n.subtitle.is_some() { SUB_H } else { 0.0 };
    let _ = write!(
        o,
        r#"<rect class="head" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{head_h:.1}" rx="4"{}/>"#,
        accent
            .map(|c| format!(r#" style="fill:{c};fill-opacity:0.25""#))
            .unwrap_or_default()
    );
    let _ = write!(
        o,
        r#"<text class="label" x="{:.1}" y="{:.1}">{}</text>"#,
        x + PAD,
        y + 16.5,
        shown(&n.label)
    );
    let mut mx = x + PAD + text_w(chars(&n.label), TITLE) + 6.0;
    for m in &n.marks {
        mx += pill(o, &mark_text(m), mark_class(m), mx, y + 5.0) + 4.0;
    }
    if let Some(b) = n.badge {
        let class = if b == 0 { "badge ok" } else { "badge" };
        let _ = write!(
            o,
            r#"<g class="{class}"><title>{b} lint findings</title><circle cx="{:.1}" cy="{:.1}" r="10"/><text x="{:.1}" y="{:.1}" text-anchor="middle">{b}</text></g>"#,
            x + w - 4.0,
            y + 4.0,
            x + w - 4.0,
            y + 7.5
        );
    }
    if let Some(s) = &n.subtitle {
        let _ = write!(
            o,
            r#"<text class="sub" x="{:.1}" y="{:.1}">{}</text>"#,
            x + PAD,
            y + HEAD_H + 8.0,
            esc(&crate::schemas::truncate(s, SUB_CHARS))
        );
    }
    let cols = columns(n);
    for (k, r) in n.rows.iter().enumerate() {
        let ry = y + head_h + 3.0 + k as f64 * ROW_H;
        draw_row(o, graph, n, r, &cols, x, ry, w);
    }
    o.push_str("</g>");
}

fn mark_class(m: &Mark) -> &'static str {
    match m {
        Mark::Cycle => "m-cycle",
        Mark::Unused => "m-unused",
        Mark::Deprecated => "m-deprecated",
        Mark::Secured(s) if s.is_empty() => "m-public",
        Mark::Secured(_) => "m-auth",
        Mark::Broken => "m-broken",
    }
}

/// A rounded label; returns its width.
fn pill(o: &mut String, text: &str, class: &str, x: f64, y: f64) -> f64 {
    let w = chip_w(text);
    let _ = write!(
        o,
        r#"<g class="pill {class}"><rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="14" rx="7"/><text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text></g>"#,
        x + w / 2.0,
        y + 10.5,
        shown(text)
    );
    w
}

#[allow(clippy::too_many_arguments)]
fn draw_row(
    o: &mut String,
    graph: &Graph,
    n: &Node,
    r: &Row,
    cols: &Columns,
    x: f64,
    y: f64,
    w: f64,
) {
    let deprecated = r.marks.contains(&Mark::Deprecated);
    let _ = write!(
        o,
        r#"<g class="row{}""#,
        if deprecated { " deprecated" } else { "" }
    );
    src_attrs(o, &r.source);
    o.push('>');
    if let Some(c) = r.color {
        if graph.view == View::Resources {
            let _ = write!(
                o,
                r#"<rect x="{:.1}" y="{:.1}" width="3" height="{:.1}" style="fill:{}"/>"#,
                x + 1.5,
                y + 1.0,
                ROW_H - 2.0,
                PALETTE[c % PALETTE.len()]
            );
        }
    }
    let base = y + 12.5;
    let mut cx = x + cols.chips;
    for c in &r.chips {
        let cw = chip_w(&c.text);
        let _ = write!(o, r#"<g class="chip""#);
        src_attrs(o, &c.source);
        let _ = write!(
            o,
            r#"><title>{}</title><rect x="{cx:.1}" y="{:.1}" width="{cw:.1}" height="14" rx="3" style="fill:{}"/><text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text></g>"#,
            esc(&c.title),
            y + 1.5,
            method_color(&c.text),
            cx + cw / 2.0,
            y + 12.0,
            esc(&c.text)
        );
        cx += cw + 4.0;
    }
    if n.kind == NodeKind::Schema {
        let _ = write!(
            o,
            r#"<circle class="{}" cx="{:.1}" cy="{:.1}" r="3.5"><title>{}</title></circle>"#,
            if r.required { "req" } else { "opt" },
            x + cols.name - 8.0,
            y + 8.5,
            if r.required { "required" } else { "optional" }
        );
    }
    let title = if r.name.chars().count() > MAX_CHARS || r.detail.chars().count() > MAX_CHARS {
        format!("<title>{} {}</title>", esc(&r.name), esc(&r.detail))
    } else {
        String::new()
    };
    let _ = write!(
        o,
        r#"<text class="name" x="{:.1}" y="{base:.1}">{title}{}</text>"#,
        x + cols.name,
        shown(&r.name)
    );
    if !r.detail.is_empty() {
        let _ = write!(
            o,
            r#"<text class="detail" x="{:.1}" y="{base:.1}">{}</text>"#,
            x + cols.detail,
            shown(&r.detail)
        );
    }
    let mut mx = x + cols.marks;
    for m in &r.marks {
        if mx + chip_w(&mark_text(m)) > x + w {
            break;
        }
        mx += pill(o, &mark_text(m), mark_class(m), mx, y + 1.5) + 4.0;
    }
    o.push_str("</g>");
}

fn legend_lines(graph: &Graph) -> Vec<(String, Option<usize>)> {
    match graph.view {
        View::Resources => graph
            .legend
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), Some(i)))
            .collect(),
        _ => Vec::new(),
    }
}

const LEGEND_COL: f64 = 210.0;

fn legend_width(graph: &Graph, legend: &[(String, Option<usize>)]) -> f64 {
    let title = text_w(graph.title.chars().count() + 20, 15.0);
    let notes = graph
        .notes
        .iter()
        .map(|n| text_w(n.chars().count(), TEXT))
        .fold(0.0, f64::max);
    let keys = if graph.view == View::Schemas {
        900.0
    } else {
        0.0
    };
    let tags = if legend.is_empty() {
        0.0
    } else {
        6.0 * LEGEND_COL
    };
    title.max(notes).max(keys).max(tags)
}

fn legend_height(legend: &[(String, Option<usize>)]) -> f64 {
    // Schema key line, or tag swatches in rows of up to eight.
    if legend.is_empty() {
        26.0
    } else {
        (legend.len().div_ceil(8) as f64) * 16.0 + 10.0
    }
}

fn draw_legend(o: &mut String, graph: &Graph, legend: &[(String, Option<usize>)], y: f64) {
    o.push_str(r#"<g class="legend">"#);
    if graph.view == View::Schemas {
        let items: [(&str, &str); 4] = [
            ("ref", "property $ref (label: property, cardinality)"),
            ("inherits", "allOf"),
            ("union", "oneOf / anyOf"),
            ("cycle", "cycle"),
        ];
        let mut x = MARGIN;
        for (class, text) in items {
            let marker = match class {
                "inherits" => "url(#inherit)",
                "union" => "url(#open)",
                _ => "url(#arrow)",
            };
            let _ = write!(
                o,
                r#"<g class="edge {class}"><path d="M{x:.1},{:.1} L{:.1},{:.1}" marker-end="{marker}"/></g><text class="note" x="{:.1}" y="{:.1}">{}</text>"#,
                y + 6.0,
                x + 36.0,
                y + 6.0,
                x + 42.0,
                y + 10.0,
                esc(text)
            );
            x += 50.0 + text_w(text.chars().count(), TEXT) + 16.0;
        }
        let _ = write!(
            o,
            r#"<circle class="req" cx="{:.1}" cy="{:.1}" r="3.5"/><text class="note" x="{:.1}" y="{:.1}">required</text>"#,
            x,
            y + 6.0,
            x + 8.0,
            y + 10.0
        );
    }
    for (k, (name, color)) in legend.iter().enumerate() {
        let (col, row) = (k % 8, k / 8);
        let (lx, ly) = (MARGIN + col as f64 * LEGEND_COL, y + row as f64 * 16.0);
        let c = color.map_or("#999999", |c| PALETTE[c % PALETTE.len()]);
        let _ = write!(
            o,
            r#"<rect x="{lx:.1}" y="{:.1}" width="10" height="10" style="fill:{c}"/><text class="note" x="{:.1}" y="{:.1}">{}</text>"#,
            ly,
            lx + 14.0,
            ly + 9.5,
            esc(&crate::schemas::truncate(name, 26))
        );
    }
    o.push_str("</g>");
}

const STYLE: &str = r#"<style>
.title{font-size:15px;font-weight:bold;fill:#222}
.note{font-size:11px;fill:#555}
.box{fill:#ffffff;stroke:#8a8f98;stroke-width:1}
.head{fill:#e8edf4}
.label{font-size:13px;font-weight:bold;fill:#1a1a1a}
.sub{font-size:10.5px;fill:#555}
.name{fill:#1a1a1a}
.detail{fill:#5a6270}
.row.deprecated .name{fill:#999;text-decoration:line-through}
.req{fill:#c0392b}
.opt{fill:none;stroke:#888;stroke-width:1}
.chip text{font-size:10.5px;fill:#ffffff;font-weight:bold}
.pill rect{fill:#eee;stroke:#bbb}
.pill text{font-size:10.5px;fill:#333}
.m-cycle rect{fill:#fde2c8;stroke:#e67e22}
.m-unused rect{fill:#eeeeee;stroke:#999}
.m-deprecated rect{fill:#f7d6d6;stroke:#c0392b}
.m-auth rect{fill:#dcefdc;stroke:#2e8b57}
.m-public rect{fill:#fff6cc;stroke:#c9a300}
.m-broken rect{fill:#f7d6d6;stroke:#c0392b}
.node.unused .box{stroke-dasharray:4 3;stroke:#aaa}
.node.cycle .box{stroke:#e67e22;stroke-width:2}
.node.deprecated .label{text-decoration:line-through}
.node.segment .head{fill:#f3f3f3}
.badge circle{fill:#c0392b}
.badge.ok circle{fill:#2e8b57}
.badge text{font-size:10.5px;fill:#fff;font-weight:bold}
.edge path{fill:none;stroke:#7d8590;stroke-width:1.2}
.edge.inherits path{stroke:#2f4b7c;stroke-width:1.6}
.edge.union path{stroke:#7b4fa0;stroke-dasharray:6 4}
.edge.contains path{stroke:#b0b6bf}
.edge.cycle path{stroke:#e67e22}
.elabel{font-size:10.5px;fill:#333}
.lbg{fill:#ffffff;fill-opacity:0.85}
</style>"#;

const DEFS: &str = r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#7d8590"/></marker><marker id="inherit" viewBox="0 0 12 12" refX="12" refY="6" markerWidth="12" markerHeight="12" orient="auto"><path d="M0,0 L12,6 L0,12 z" fill="#ffffff" stroke="#2f4b7c" stroke-width="1.2"/></marker><marker id="open" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" orient="auto"><path d="M0,0 L10,5 L0,10" fill="none" stroke="#7b4fa0" stroke-width="1.4"/></marker></defs>"##;
