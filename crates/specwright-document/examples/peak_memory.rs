//! Loads a spec and prints wall time and peak heap bytes (a counting allocator), so the
//! loader's memory can be compared with the input size. Used by bench/load.sh.

use specwright_document::{LoadOptions, Spec, Stats};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size > layout.size() {
                let now = CURRENT.fetch_add(new_size - layout.size(), Ordering::Relaxed)
                    + (new_size - layout.size());
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: peak_memory SPEC");
        std::process::exit(2);
    };
    let start = std::time::Instant::now();
    let spec = match Spec::load(std::path::Path::new(&path), &LoadOptions::default()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let elapsed = start.elapsed();
    if std::env::var_os("SPECWRIGHT_MEM_DETAIL").is_some() {
        let nodes: usize = spec.files.iter().map(|f| f.root.count_nodes()).sum();
        let lines: usize = spec.files.iter().map(|f| f.lines.line_count()).sum();
        let ref_path_segs: usize = spec.refs.iter().map(|r| r.path.len()).sum();
        let mut heap_str = 0usize;
        let mut members = 0usize;
        let mut arrays = 0usize;
        for f in &spec.files {
            let mut stack = vec![&f.root];
            while let Some(n) = stack.pop() {
                match &n.value {
                    specwright_document::Value::String(s) if s.is_heap_allocated() => {
                        heap_str += s.capacity()
                    }
                    specwright_document::Value::Array(a) => {
                        arrays += 1;
                        stack.extend(a.iter())
                    }
                    specwright_document::Value::Object(o) => {
                        members += o.members.len();
                        for m in o.members.iter() {
                            if m.key.is_heap_allocated() {
                                heap_str += m.key.capacity();
                            }
                            stack.push(&m.value);
                        }
                    }
                    _ => {}
                }
            }
        }
        eprintln!("heap strings {heap_str} B, members {members}, arrays {arrays}");
        let before = CURRENT.load(Ordering::Relaxed);
        let mut spec2 = spec;
        let refs = std::mem::take(&mut spec2.refs);
        drop(refs);
        let after_refs = CURRENT.load(Ordering::Relaxed);
        let texts: usize = spec2.files.iter().map(|f| f.text.capacity()).sum();
        let files = std::mem::take(&mut spec2.files);
        drop(files);
        let after_files = CURRENT.load(Ordering::Relaxed);
        eprintln!(
            "refs take {} B, files take {} B (texts {texts}), rest {}",
            before - after_refs,
            after_refs - after_files,
            after_files
        );
        eprintln!(
            "nodes {nodes} (~{} B), lines {lines} (~{} B), refs {} (path segments {ref_path_segs}), RefSite {} B",
            nodes * 72,
            lines * 5,
            0,
            std::mem::size_of::<specwright_document::RefSite>()
        );
        return;
    }
    let stats = Stats::of(&spec);
    let peak = PEAK.load(Ordering::Relaxed);
    let retained = CURRENT.load(Ordering::Relaxed);
    println!(
        "{{\"spec\":{:?},\"files\":{},\"input_bytes\":{},\"ms\":{:.1},\"retained_heap_bytes\":{},\"peak_heap_bytes\":{},\"ratio\":{:.2}}}",
        path,
        stats.files,
        stats.bytes,
        elapsed.as_secs_f64() * 1000.0,
        retained,
        peak,
        peak as f64 / stats.bytes as f64
    );
}
