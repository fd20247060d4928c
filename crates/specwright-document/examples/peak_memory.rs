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
        // Where the retained heap goes, for memory work: drop each part and measure.
        let nodes: usize = spec.files.iter().map(|f| f.root.count_nodes()).sum();
        let ref_count = spec.refs.len();
        let file_count = spec.files.len();
        let before = CURRENT.load(Ordering::Relaxed);
        let mut spec = spec;
        drop(std::mem::take(&mut spec.refs));
        let after_refs = CURRENT.load(Ordering::Relaxed);
        let texts: usize = spec.files.iter().map(|f| f.text.capacity()).sum();
        drop(std::mem::take(&mut spec.files));
        let after_files = CURRENT.load(Ordering::Relaxed);
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
