//! A layered (Sugiyama-style) layout: break cycles, assign layers with a width bound,
//! order each layer by barycenters, place nodes, route edges through dummy points; then
//! pack connected components.
//!
//! Hand-written because no maintained Rust crate lays out a graph without also owning its
//! rendering: `layout-rs` draws through a backend that receives bare shapes, so nodes and
//! edges could not carry their `data-pointer` attributes, and it has no width bound for
//! graphs with hundreds of leaves.

/// What the layout needs to know of a graph.
pub struct Input<'a> {
    /// Node sizes (width, height).
    pub sizes: &'a [(f64, f64)],
    /// Directed edges (from, to); several may join the same pair.
    pub edges: &'a [(usize, usize)],
    /// Edges run top to bottom (`false`) or left to right (`true`).
    pub left_right: bool,
}

#[derive(Clone, Debug)]
pub struct Layout {
    /// Top-left corner of every node.
    pub pos: Vec<(f64, f64)>,
    /// Per input edge: the points it passes, from its source to its target.
    pub routes: Vec<Vec<(f64, f64)>>,
    pub width: f64,
    pub height: f64,
}

const NODE_GAP: f64 = 28.0;
const RANK_GAP: f64 = 70.0;
const DUMMY: f64 = 6.0;
const COMPONENT_GAP: f64 = 48.0;
const SWEEPS: usize = 8;

pub fn layout(input: &Input<'_>) -> Layout {
    let n = input.sizes.len();
    // Work in (breadth, depth) space: breadth runs along a layer, depth across layers.
    let sizes: Vec<(f64, f64)> = input
        .sizes
        .iter()
        .map(|&(w, h)| if input.left_right { (h, w) } else { (w, h) })
        .collect();
    let comps = components(n, input.edges);
    let mut pos = vec![(0.0, 0.0); n];
    let mut routes = vec![Vec::new(); input.edges.len()];
    let mut boxes: Vec<(f64, f64)> = Vec::new();
    let mut placed: Vec<ComponentLayout> = Vec::new();
    for comp in &comps {
        let c = layout_component(comp, &sizes, input.edges);
        boxes.push((c.width, c.height));
        placed.push(c);
    }
    let singles: Vec<bool> = comps.iter().map(|c| c.len() == 1).collect();
    let offsets = pack(&boxes, &singles);
    let (mut width, mut height) = (0.0f64, 0.0f64);
    for (c, &(ox, oy)) in placed.iter().zip(&offsets) {
        for &(v, (x, y)) in &c.pos {
            pos[v] = (x + ox, y + oy);
        }
        for (e, pts) in &c.routes {
            routes[*e] = pts.iter().map(|&(x, y)| (x + ox, y + oy)).collect();
        }
        width = width.max(ox + c.width);
        height = height.max(oy + c.height);
    }
    if input.left_right {
        for p in &mut pos {
            *p = (p.1, p.0);
        }
        for r in &mut routes {
            for p in r.iter_mut() {
                *p = (p.1, p.0);
            }
        }
        std::mem::swap(&mut width, &mut height);
    }
    Layout {
        pos,
        routes,
        width,
        height,
    }
}

struct ComponentLayout {
    pos: Vec<(usize, (f64, f64))>,
    routes: Vec<(usize, Vec<(f64, f64)>)>,
    width: f64,
    height: f64,
}

/// Weakly connected components, each in node order; components in order of their first node.
fn components(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for &(a, b) in edges {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut index = vec![usize::MAX; n];
    let mut out: Vec<Vec<usize>> = Vec::new();
    for v in 0..n {
        let r = find(&mut parent, v);
        if index[r] == usize::MAX {
            index[r] = out.len();
            out.push(Vec::new());
        }
        out[index[r]].push(v);
    }
    out
}

fn layout_component(
    comp: &[usize],
    sizes: &[(f64, f64)],
    all_edges: &[(usize, usize)],
) -> ComponentLayout {
    if comp.len() == 1 {
        let v = comp[0];
        let routes = all_edges
            .iter()
            .enumerate()
            .filter(|(_, &(a, b))| a == v && b == v)
            .map(|(e, _)| (e, self_loop((0.0, 0.0), sizes[v])))
            .collect();
        return ComponentLayout {
            pos: vec![(v, (0.0, 0.0))],
            routes,
            width: sizes[v].0,
            height: sizes[v].1,
        };
    }
    // Local indices.
    let mut local = std::collections::HashMap::with_capacity(comp.len());
    for (i, &v) in comp.iter().enumerate() {
        local.insert(v, i);
    }
    let n = comp.len();
    let mut edges: Vec<(usize, usize, usize)> = Vec::new(); // (edge index, from, to)
    for (e, &(a, b)) in all_edges.iter().enumerate() {
        if let (Some(&la), Some(&lb)) = (local.get(&a), local.get(&b)) {
            edges.push((e, la, lb));
        }
    }
    let size: Vec<(f64, f64)> = comp.iter().map(|&v| sizes[v]).collect();

    // 1. Break cycles: edges that close a cycle in a DFS are laid out reversed.
    let mut out_adj = vec![Vec::new(); n];
    for (k, &(_, a, b)) in edges.iter().enumerate() {
        if a != b {
            out_adj[a].push((b, k));
        }
    }
    let reversed = back_edges(n, &out_adj, edges.len());
    let dag: Vec<(usize, usize)> = edges
        .iter()
        .enumerate()
        .filter(|(_, &(_, a, b))| a != b)
        .map(|(k, &(_, a, b))| if reversed[k] { (b, a) } else { (a, b) })
        .collect();

    // 2. Layers: longest path from the sources, but a layer that is full pushes nodes down,
    // so a schema referenced by hundreds does not make one layer kilometres wide.
    let mut preds = vec![Vec::new(); n];
    let mut succs = vec![Vec::new(); n];
    for &(a, b) in &dag {
        succs[a].push(b);
        preds[b].push(a);
    }
    let total: f64 = size
        .iter()
        .map(|&(w, h)| (w + NODE_GAP) * (h + RANK_GAP))
        .sum();
    let widest = size.iter().map(|s| s.0).fold(0.0, f64::max);
    let limit = (total.sqrt() * 1.2).max(widest);
    let mut indeg: Vec<usize> = preds.iter().map(Vec::len).collect();
    let mut ready: std::collections::VecDeque<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut layer = vec![0usize; n];
    let mut used: Vec<f64> = Vec::new();
    while let Some(v) = ready.pop_front() {
        let mut l = preds[v].iter().map(|&p| layer[p] + 1).max().unwrap_or(0);
        loop {
            if used.len() <= l {
                used.resize(l + 1, 0.0);
            }
            if used[l] == 0.0 || used[l] + size[v].0 <= limit {
                break;
            }
            l += 1;
        }
        used[l] += size[v].0 + NODE_GAP;
        layer[v] = l;
        for &s in &succs[v] {
            indeg[s] -= 1;
            if indeg[s] == 0 {
                ready.push_back(s);
            }
        }
    }
    let layers_n = layer.iter().max().map_or(1, |m| m + 1);

    // 3. Dummy nodes for edges that span layers; parallel edges share one chain.
    let mut breadth: Vec<f64> = size.iter().map(|s| s.0).collect();
    let mut vlayer = layer.clone();
    let mut chains: std::collections::HashMap<(usize, usize), Vec<usize>> =
        std::collections::HashMap::new();
    for &(a, b) in &dag {
        if chains.contains_key(&(a, b)) {
            continue;
        }
        let mut chain = vec![a];
        for l in layer[a] + 1..layer[b] {
            breadth.push(DUMMY);
            vlayer.push(l);
            chain.push(breadth.len() - 1);
        }
        chain.push(b);
        chains.insert((a, b), chain);
    }
    let total_v = breadth.len();
    let mut up = vec![Vec::new(); total_v];
    let mut down = vec![Vec::new(); total_v];
    for chain in chains.values() {
        for w in chain.windows(2) {
            down[w[0]].push(w[1]);
            up[w[1]].push(w[0]);
        }
    }

    // 4. Order: initial order by a depth-first walk (keeps subtrees together), then
    // barycenter sweeps down and up.
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layers_n];
    let mut seen = vec![false; total_v];
    for start in 0..n {
        if seen[start] || !up[start].is_empty() {
            continue;
        }
        let mut stack = vec![start];
        while let Some(v) = stack.pop() {
            if seen[v] {
                continue;
            }
            seen[v] = true;
            layers[vlayer[v]].push(v);
            for &s in down[v].iter().rev() {
                if !seen[s] {
                    stack.push(s);
                }
            }
        }
    }
    for (v, s) in seen.iter().enumerate() {
        if !s {
            layers[vlayer[v]].push(v);
        }
    }
    let mut index = vec![0usize; total_v];
    let reindex = |layers: &Vec<Vec<usize>>, index: &mut Vec<usize>| {
        for l in layers {
            for (i, &v) in l.iter().enumerate() {
                index[v] = i;
            }
        }
    };
    reindex(&layers, &mut index);
    for sweep in 0..SWEEPS {
        let downward = sweep % 2 == 0;
        let order: Vec<usize> = if downward {
            (1..layers_n).collect()
        } else {
            (0..layers_n.saturating_sub(1)).rev().collect()
        };
        for l in order {
            let adj = if downward { &up } else { &down };
            let mut keyed: Vec<(f64, usize)> = layers[l]
                .iter()
                .map(|&v| {
                    let nb = &adj[v];
                    let key = if nb.is_empty() {
                        index[v] as f64
                    } else {
                        nb.iter().map(|&u| index[u] as f64).sum::<f64>() / nb.len() as f64
                    };
                    (key, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            layers[l] = keyed.into_iter().map(|(_, v)| v).collect();
            for (i, &v) in layers[l].iter().enumerate() {
                index[v] = i;
            }
        }
    }

    // 5. Breadth coordinates: pack, then pull each node towards its neighbours' centres,
    // averaging a left-biased and a right-biased placement so order and gaps hold.
    // Dummies (edge bends) pack closer than boxes, or long edges would spread the layers.
    let gap = |a: usize, b: usize| match (a >= n, b >= n) {
        (true, true) => 3.0,
        (false, false) => NODE_GAP,
        _ => 10.0,
    };
    let mut x = vec![0.0f64; total_v];
    for l in &layers {
        let mut at = 0.0;
        let mut prev = None;
        for &v in l {
            if let Some(p) = prev {
                at += gap(p, v);
            }
            x[v] = at;
            at += breadth[v];
            prev = Some(v);
        }
    }
    // Each layer may spread to a little more than its packed width around a common centre:
    // unbounded barycenter pulls stretch big graphs to many times their size.
    let packed: Vec<f64> = layers
        .iter()
        .map(|l| l.last().map_or(0.0, |&v| x[v] + breadth[v]))
        .collect();
    let centre = packed.iter().copied().fold(0.0, f64::max) / 2.0;
    for pass in 0..6 {
        let downward = pass % 2 == 0;
        let order: Vec<usize> = if downward {
            (0..layers_n).collect()
        } else {
            (0..layers_n).rev().collect()
        };
        for l in order {
            let adj = if downward { &up } else { &down };
            let row = &layers[l];
            if row.is_empty() {
                continue;
            }
            let half = packed[l] * 0.6;
            let desired: Vec<f64> = row
                .iter()
                .map(|&v| {
                    let nb = &adj[v];
                    let want = if nb.is_empty() {
                        x[v]
                    } else {
                        nb.iter().map(|&u| x[u] + breadth[u] / 2.0).sum::<f64>() / nb.len() as f64
                            - breadth[v] / 2.0
                    };
                    want.clamp(
                        centre - half,
                        (centre + half - breadth[v]).max(centre - half),
                    )
                })
                .collect();
            let mut left = vec![0.0; row.len()];
            for i in 0..row.len() {
                left[i] = if i == 0 {
                    desired[0]
                } else {
                    desired[i].max(left[i - 1] + breadth[row[i - 1]] + gap(row[i - 1], row[i]))
                };
            }
            let mut right = vec![0.0; row.len()];
            for i in (0..row.len()).rev() {
                right[i] = if i + 1 == row.len() {
                    desired[i]
                } else {
                    desired[i].min(right[i + 1] - breadth[row[i]] - gap(row[i], row[i + 1]))
                };
            }
            for (i, &v) in row.iter().enumerate() {
                x[v] = (left[i] + right[i]) / 2.0;
            }
        }
    }
    let min_x = x.iter().copied().fold(f64::INFINITY, f64::min);
    for xv in &mut x {
        *xv -= min_x;
    }

    // 6. Depth coordinates: each layer as deep as its deepest node.
    let mut depth_of = vec![0.0f64; layers_n];
    for v in 0..n {
        depth_of[layer[v]] = depth_of[layer[v]].max(size[v].1);
    }
    let mut y_of = vec![0.0f64; layers_n];
    let mut at = 0.0;
    for l in 0..layers_n {
        y_of[l] = at;
        at += depth_of[l] + RANK_GAP;
    }
    let height = at - RANK_GAP;
    let width = (0..total_v).map(|v| x[v] + breadth[v]).fold(0.0, f64::max);

    // 7. Routes: from the source's far side through the dummies to the target's near side,
    // each chain with its own port, ordered by where the chain goes, so edges fan out.
    let mut port_out: std::collections::HashMap<(usize, usize), f64> = Default::default();
    let mut port_in: std::collections::HashMap<(usize, usize), f64> = Default::default();
    {
        let mut outs: Vec<Vec<(f64, (usize, usize))>> = vec![Vec::new(); n];
        let mut ins: Vec<Vec<(f64, (usize, usize))>> = vec![Vec::new(); n];
        for (&(s, t), chain) in &chains {
            let next = chain[1];
            let prev = chain[chain.len() - 2];
            outs[s].push((x[next] + breadth[next] / 2.0, (s, t)));
            ins[t].push((x[prev] + breadth[prev] / 2.0, (s, t)));
        }
        for (v, list) in outs.iter_mut().enumerate() {
            list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let m = list.len() as f64;
            for (i, &(_, key)) in list.iter().enumerate() {
                port_out.insert(key, x[v] + breadth[v] * (i as f64 + 1.0) / (m + 1.0));
            }
        }
        for (v, list) in ins.iter_mut().enumerate() {
            list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let m = list.len() as f64;
            for (i, &(_, key)) in list.iter().enumerate() {
                port_in.insert(key, x[v] + breadth[v] * (i as f64 + 1.0) / (m + 1.0));
            }
        }
    }
    let mut routes = Vec::new();
    for (k, &(e, a, b)) in edges.iter().enumerate() {
        if a == b {
            routes.push((e, self_loop((x[a], y_of[layer[a]]), size[a])));
            continue;
        }
        let (s, t) = if reversed[k] { (b, a) } else { (a, b) };
        let chain = &chains[&(s, t)];
        let mut pts = Vec::with_capacity(chain.len() + 1);
        pts.push((port_out[&(s, t)], y_of[layer[s]] + size[s].1));
        for &d in &chain[1..chain.len() - 1] {
            let y = y_of[vlayer[d]];
            // Through the whole layer, so the line does not cross the layer's nodes.
            pts.push((x[d] + DUMMY / 2.0, y));
            pts.push((x[d] + DUMMY / 2.0, y + depth_of[vlayer[d]]));
        }
        pts.push((port_in[&(s, t)], y_of[layer[t]]));
        if reversed[k] {
            pts.reverse();
        }
        routes.push((e, pts));
    }
    ComponentLayout {
        pos: (0..n).map(|v| (comp[v], (x[v], y_of[layer[v]]))).collect(),
        routes,
        width,
        height,
    }
}

/// A small loop on the right of a node (breadth/depth space).
fn self_loop(at: (f64, f64), size: (f64, f64)) -> Vec<(f64, f64)> {
    let (x, y) = (at.0 + size.0, at.1 + size.1 / 2.0);
    vec![
        (x, y - 8.0),
        (x + 24.0, y - 8.0),
        (x + 24.0, y + 8.0),
        (x, y + 8.0),
    ]
}

/// Edges that close a cycle in an iterative depth-first search.
fn back_edges(n: usize, out_adj: &[Vec<(usize, usize)>], m: usize) -> Vec<bool> {
    let mut reversed = vec![false; m];
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (v, ref mut i)) = stack.last_mut() {
            if *i < out_adj[v].len() {
                let (w, k) = out_adj[v][*i];
                *i += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => reversed[k] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    reversed
}

/// Places component boxes: the large ones in shelves (rows) as wide as the whole drawing
/// should be, then the small ones (single nodes: unused schemas, compact groups) in
/// columns, each box going to the shortest column.
fn pack(boxes: &[(f64, f64)], singles: &[bool]) -> Vec<(f64, f64)> {
    let area: f64 = boxes
        .iter()
        .map(|&(w, h)| (w + COMPONENT_GAP) * (h + COMPONENT_GAP))
        .sum();
    let widest = boxes.iter().map(|b| b.0).fold(0.0, f64::max);
    let target = (area.sqrt() * 1.4).max(widest);
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    // Big components first; equal ones keep their order.
    order.sort_by(|&a, &b| (boxes[b].0 * boxes[b].1).total_cmp(&(boxes[a].0 * boxes[a].1)));
    let mut out = vec![(0.0, 0.0); boxes.len()];
    let (mut x, mut y, mut shelf_h) = (0.0f64, 0.0f64, 0.0f64);
    let mut small = Vec::new();
    for &i in &order {
        let (w, h) = boxes[i];
        if singles[i] || w < target / 6.0 {
            small.push(i);
            continue;
        }
        if x > 0.0 && x + w > target {
            x = 0.0;
            y += shelf_h + COMPONENT_GAP;
            shelf_h = 0.0;
        }
        out[i] = (x, y);
        x += w + COMPONENT_GAP;
        shelf_h = shelf_h.max(h);
    }
    let top = if shelf_h > 0.0 {
        y + shelf_h + COMPONENT_GAP
    } else {
        y
    };
    if small.is_empty() {
        return out;
    }
    // Columns as wide as the widest small box, filled in the graph's order.
    small.sort();
    let col_w = small.iter().map(|&i| boxes[i].0).fold(0.0, f64::max) + COMPONENT_GAP;
    let cols = ((target / col_w).floor() as usize).max(1);
    let mut col_h = vec![top; cols];
    for &i in &small {
        let c = (0..cols)
            .min_by(|&a, &b| col_h[a].total_cmp(&col_h[b]))
            .expect("at least one column");
        out[i] = (c as f64 * col_w, col_h[c]);
        col_h[c] += boxes[i].1 + COMPONENT_GAP;
    }
    out
}

/// Strongly connected components (iterative Tarjan): a component id per node.
pub fn scc(adj: &[Vec<usize>]) -> Vec<usize> {
    let n = adj.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut ncomp = 0;
    for s in 0..n {
        if index[s] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(s, 0)];
        index[s] = next;
        low[s] = next;
        next += 1;
        stack.push(s);
        on_stack[s] = true;
        while let Some(&mut (v, ref mut i)) = call.last_mut() {
            if *i < adj[v].len() {
                let w = adj[v][*i];
                *i += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(p, _)) = call.last() {
                    low[p] = low[p].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = ncomp;
                        if w == v {
                            break;
                        }
                    }
                    ncomp += 1;
                }
            }
        }
    }
    comp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlap(a: ((f64, f64), (f64, f64)), b: ((f64, f64), (f64, f64))) -> bool {
        let ((ax, ay), (aw, ah)) = a;
        let ((bx, by), (bw, bh)) = b;
        ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah
    }

    #[test]
    fn nodes_never_overlap_and_edges_point_down() {
        // A diamond, a cycle, a long edge, a self loop and two isolated nodes.
        let sizes = vec![(80.0, 40.0); 9];
        let edges = vec![
            (0, 1),
            (0, 2),
            (1, 3),
            (2, 3),
            (3, 4),
            (4, 2),
            (0, 4),
            (5, 5),
        ];
        let l = layout(&Input {
            sizes: &sizes,
            edges: &edges,
            left_right: false,
        });
        for i in 0..sizes.len() {
            for j in i + 1..sizes.len() {
                assert!(
                    !overlap((l.pos[i], sizes[i]), (l.pos[j], sizes[j])),
                    "{i} and {j} overlap: {:?} {:?}",
                    l.pos[i],
                    l.pos[j]
                );
            }
            assert!(l.pos[i].0 + sizes[i].0 <= l.width + 0.01);
            assert!(l.pos[i].1 + sizes[i].1 <= l.height + 0.01);
        }
        assert!(l.pos[1].1 > l.pos[0].1 && l.pos[3].1 > l.pos[1].1);
        for (e, r) in edges.iter().zip(&l.routes) {
            assert!(r.len() >= 2, "edge {e:?} has a route");
        }
        // The long edge 0 -> 4 passes through dummy points, one pair per skipped layer.
        assert!(l.routes[6].len() > 2);
    }

    #[test]
    fn left_right_swaps_axes() {
        let sizes = vec![(100.0, 20.0), (100.0, 20.0)];
        let l = layout(&Input {
            sizes: &sizes,
            edges: &[(0, 1)],
            left_right: true,
        });
        assert!(l.pos[1].0 >= l.pos[0].0 + 100.0);
        assert_eq!(l.pos[0].1, l.pos[1].1);
    }

    #[test]
    fn tarjan_finds_cycles() {
        let adj = vec![vec![1], vec![2], vec![0], vec![3], vec![]];
        let c = scc(&adj);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[3]);
    }
}
