//! Loads a spec and prints wall time and peak heap bytes (a counting allocator), so the
//! loader's memory can be compared with the input size. Used by bench/load.sh.
//!
//! The spec is loaded twice: first timed with counting off, because the counters are atomics
//! that every allocation of every loader thread would contend on; then with counting on, for
//! the memory figures.

use specwright_document::{LoadOptions, Spec, Stats};
// Counts over the allocator the binaries use, so the times match theirs.
use mimalloc::MiMalloc as System;
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};

struct Counting;
static COUNTING: AtomicBool = AtomicBool::new(false);
// Signed: a block allocated before counting started may be freed after.
static CURRENT: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn counting() -> bool {
    COUNTING.load(Ordering::Relaxed)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && counting() {
            let size = layout.size() as isize;
            let now = CURRENT.fetch_add(size, Ordering::Relaxed) + size;
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        if counting() {
            CURRENT.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() && counting() {
            let grow = new_size as isize - layout.size() as isize;
            let now = CURRENT.fetch_add(grow, Ordering::Relaxed) + grow;
            PEAK.fetch_max(now, Ordering::Relaxed);
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
    let load = || match Spec::load(std::path::Path::new(&path), &LoadOptions::default()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let start = std::time::Instant::now();
    let timed = load();
    let elapsed = start.elapsed();
    drop(timed);
    COUNTING.store(true, Ordering::Relaxed);
    let spec = load();
    if std::env::var_os("SPECWRIGHT_MEM_DETAIL").is_some() {
        // Where the retained heap goes, for memory work: drop each part and measure.
        let nodes: usize = spec.files.iter().map(|f| f.root.count_nodes()).sum();
        let ref_count = spec.refs.len();
        let file_count = spec.files.len();
        let current = || CURRENT.load(Ordering::Relaxed);
        let before = current();
        let mut spec = spec;
        drop(std::mem::take(&mut spec.refs));
        let after_refs = current();
        let texts: usize = spec.files.iter().map(|f| f.text.capacity()).sum();
        drop(std::mem::take(&mut spec.files));
        let after_files = current();
        eprintln!(
            "{ref_count} refs take {} B; {} files with {nodes} nodes take {} B (text {texts} B); the rest {} B",
            before - after_refs,
            file_count,
            after_refs - after_files,
            after_files
        );
        return;
    }
    let stats = Stats::of(&spec);
    let peak = PEAK.load(Ordering::Relaxed).max(0) as usize;
    let retained = CURRENT.load(Ordering::Relaxed).max(0) as usize;
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
