//! One schema's or one path's neighbourhood: the nodes within `depth` edges of it, in
//! either direction, so a large spec still gives a picture a reader can take in.

use crate::model::{EdgeKind, Graph};
use crate::DiagramError;
use std::collections::VecDeque;

/// The sub-graph around the node named `name` (a schema name, a path such as
/// `/pets/{id}`, a tag in compact mode, or a gateway entity name). In a path tree the
/// chain of parent segments up to `/` is kept too, so the focused path keeps its context.
pub fn focus(graph: &Graph, name: &str, depth: usize) -> Result<Graph, DiagramError> {
    let start = find(graph, name)?;
    let n = graph.nodes.len();
    let mut adj = vec![Vec::new(); n];
    let mut parent = vec![None; n];
    for e in &graph.edges {
        adj[e.from].push(e.to);
        adj[e.to].push(e.from);
        if e.kind == EdgeKind::Contains {
            parent[e.to] = Some(e.from);
        }
    }
    let mut dist = vec![usize::MAX; n];
    dist[start] = 0;
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        if dist[v] == depth {
            continue;
        }
        for &w in &adj[v] {
            if dist[w] == usize::MAX {
                dist[w] = dist[v] + 1;
                queue.push_back(w);
            }
        }
    }
    let mut keep: Vec<bool> = dist.iter().map(|&d| d != usize::MAX).collect();
    let mut at = start;
    for _ in 0..n {
        match parent[at] {
            Some(p) if p != start => {
                keep[p] = true;
                at = p;
            }
            _ => break,
        }
    }
    let mut index = vec![usize::MAX; n];
    let mut out = Graph::new(graph.view, graph.title.clone(), graph.direction);
    out.legend = graph.legend.clone();
    out.groups = graph.groups.clone();
    for (i, node) in graph.nodes.iter().enumerate() {
        if keep[i] {
            index[i] = out.nodes.len();
            out.nodes.push(node.clone());
        }
    }
    for e in &graph.edges {
        if keep[e.from] && keep[e.to] {
            let mut e = e.clone();
            e.from = index[e.from];
            e.to = index[e.to];
            out.edges.push(e);
        }
    }
    out.notes.push(format!(
        "focus: {} (depth {depth}): {} of {} nodes",
        graph.nodes[start].label,
        out.nodes.len(),
        graph.nodes.len()
    ));
    out.notes.extend(graph.notes.iter().cloned());
    Ok(out)
}

fn find(graph: &Graph, name: &str) -> Result<usize, DiagramError> {
    let exact = graph
        .nodes
        .iter()
        .position(|n| n.id == name || n.label == name)
        .or_else(|| {
            graph
                .nodes
                .iter()
                .position(|n| n.id.eq_ignore_ascii_case(name) || n.label.eq_ignore_ascii_case(name))
        })
        .or_else(|| {
            // Compact resource groups are named `group:<tag>`.
            graph
                .nodes
                .iter()
                .position(|n| n.id == format!("group:{name}"))
        });
    if let Some(i) = exact {
        return Ok(i);
    }
    let lower = name.to_lowercase();
    let mut near: Vec<&str> = graph
        .nodes
        .iter()
        .filter(|n| n.id.to_lowercase().contains(&lower))
        .map(|n| n.id.as_str())
        .take(5)
        .collect();
    near.sort_unstable();
    Err(DiagramError::NotFound {
        name: name.to_string(),
        view: graph.view.name(),
        near: near.into_iter().map(str::to_string).collect(),
    })
}
