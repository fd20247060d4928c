//! Freeing large trees off the caller's thread.

/// Trees built from this many bytes of spec text or more are freed on a thread of their own.
pub const LARGE_TEXT_BYTES: usize = 1 << 20;

/// Drops `value` on a new thread when it was built from `text_bytes` of text or more:
/// freeing a 4 MB spec's tree node by node takes milliseconds nobody waits for. Smaller
/// values, and any value whose thread cannot be started, are dropped here.
pub fn drop_large<T: Send + 'static>(value: T, text_bytes: usize) {
    if text_bytes < LARGE_TEXT_BYTES {
        return;
    }
    // On a spawn failure the closure, and with it `value`, is dropped here.
    let _ = std::thread::Builder::new()
        .name("drop-large-tree".into())
        .spawn(move || drop(value));
}

impl crate::Spec {
    /// Bytes of text across the spec's files.
    pub fn text_bytes(&self) -> usize {
        self.files.iter().map(|f| f.text.len()).sum()
    }
}
