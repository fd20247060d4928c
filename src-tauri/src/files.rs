//! Disk access for buffers: bounded reads, atomic saves, the crash-recovery area and the
//! list of recent workspaces.

use crate::types::Recovered;
use crate::workspace::MAX_TEXT;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

pub fn read_text(path: &Path) -> Result<String, String> {
    let meta = fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if meta.len() as usize > MAX_TEXT {
        return Err(format!(
            "{} is {} bytes; the studio opens files up to {MAX_TEXT} bytes",
            path.display(),
            meta.len()
        ));
    }
    let bytes = fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", path.display()))
}

/// Writes a file so that a crash leaves either the old or the new content, never half:
/// write a temporary file beside it, flush it to disk, then rename over the target.
pub fn atomic_write(path: &Path, text: &str) -> Result<(), String> {
    let dir = path.parent().ok_or("no parent folder")?;
    let name = path
        .file_name()
        .ok_or("no file name")?
        .to_string_lossy()
        .into_owned();
    // Hidden and not .yaml/.json, so the watcher and the tree ignore it.
    let tmp = dir.join(format!(".{name}.{}.specwright-tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        // Keep the original file's permissions.
        if let Ok(meta) = fs::metadata(path) {
            fs::set_permissions(&tmp, meta.permissions())?;
        }
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(format!("cannot save {}: {e}", path.display()));
    }
    Ok(())
}

/// FNV-1a: a stable file name for a path (the std hasher is not stable across releases).
fn fnv(s: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

#[derive(Serialize, Deserialize)]
struct RecoveryEntry {
    root: String,
    path: String,
    text: String,
    saved_at_ms: u64,
}

/// Unsaved buffers copied here every few seconds, so a crash loses at most those seconds.
pub struct Recovery {
    pub dir: PathBuf,
}

impl Recovery {
    fn file(&self, root: &Path, rel: &str) -> PathBuf {
        let root = root.to_string_lossy();
        self.dir.join(format!("{}-{}.json", fnv(&root), fnv(rel)))
    }

    pub fn save(&self, root: &Path, rel: &str, text: &str) -> Result<(), String> {
        fs::create_dir_all(&self.dir).map_err(|e| format!("recovery area: {e}"))?;
        let entry = RecoveryEntry {
            root: root.to_string_lossy().into_owned(),
            path: rel.to_string(),
            text: text.to_string(),
            saved_at_ms: now_ms(),
        };
        let json = serde_json::to_string(&entry).map_err(|e| e.to_string())?;
        atomic_write(&self.file(root, rel), &json)
    }

    pub fn discard(&self, root: &Path, rel: &str) {
        let _ = fs::remove_file(self.file(root, rel));
    }

    /// Buffers autosaved for this workspace whose text differs from the file on disk.
    pub fn list(&self, root: &Path) -> Vec<Recovered> {
        let prefix = format!("{}-", fnv(&root.to_string_lossy()));
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with(&prefix) || !name.ends_with(".json") {
                continue;
            }
            let Ok(text) = fs::read_to_string(e.path()) else {
                continue;
            };
            let Ok(entry) = serde_json::from_str::<RecoveryEntry>(&text) else {
                continue;
            };
            if entry.root != root.to_string_lossy() {
                continue;
            }
            let on_disk = fs::read_to_string(root.join(&entry.path)).ok();
            if on_disk.as_deref() == Some(entry.text.as_str()) {
                let _ = fs::remove_file(e.path());
                continue;
            }
            out.push(Recovered {
                path: entry.path,
                text: entry.text,
                saved_at_ms: entry.saved_at_ms,
            });
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }
}

/// Recently opened workspaces, newest first.
pub struct Recents {
    pub file: PathBuf,
}

const MAX_RECENT: usize = 10;

impl Recents {
    pub fn load(&self) -> Vec<String> {
        fs::read_to_string(&self.file)
            .ok()
            .and_then(|t| serde_json::from_str::<Vec<String>>(&t).ok())
            .unwrap_or_default()
    }

    pub fn push(&self, root: &Path) -> Vec<String> {
        let root = root.to_string_lossy().into_owned();
        let mut list = self.load();
        list.retain(|r| *r != root);
        list.insert(0, root);
        list.truncate(MAX_RECENT);
        if let Some(dir) = self.file.parent() {
            let _ = fs::create_dir_all(dir);
        }
        if let Ok(json) = serde_json::to_string_pretty(&list) {
            let _ = atomic_write(&self.file, &json);
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_content_and_leaves_no_temp_file() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("openapi.yaml");
        fs::write(&p, "old").unwrap();
        atomic_write(&p, "new: text\n").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new: text\n");
        let names: Vec<_> = fs::read_dir(d.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn read_text_refuses_non_utf8() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("bad.yaml");
        fs::write(&p, [0xff, 0xfe, 0x00]).unwrap();
        assert!(read_text(&p).unwrap_err().contains("not UTF-8"));
    }

    #[test]
    fn recovery_keeps_only_buffers_that_differ_from_disk() {
        let ws = tempfile::tempdir().unwrap();
        let state = tempfile::tempdir().unwrap();
        fs::write(ws.path().join("a.yaml"), "a: 1\n").unwrap();
        fs::write(ws.path().join("b.yaml"), "b: 1\n").unwrap();
        let r = Recovery {
            dir: state.path().join("recovery"),
        };
        r.save(ws.path(), "a.yaml", "a: 2\n").unwrap();
        r.save(ws.path(), "b.yaml", "b: 1\n").unwrap();
        let list = r.list(ws.path());
        assert_eq!(list.len(), 1);
        assert_eq!(
            (list[0].path.as_str(), list[0].text.as_str()),
            ("a.yaml", "a: 2\n")
        );
        r.discard(ws.path(), "a.yaml");
        assert!(r.list(ws.path()).is_empty());
        let other = tempfile::tempdir().unwrap();
        r.save(other.path(), "a.yaml", "x").unwrap();
        assert!(
            r.list(ws.path()).is_empty(),
            "another workspace's buffers stay out"
        );
    }

    #[test]
    fn recents_are_newest_first_without_duplicates() {
        let state = tempfile::tempdir().unwrap();
        let r = Recents {
            file: state.path().join("recent.json"),
        };
        r.push(Path::new("/a"));
        r.push(Path::new("/b"));
        assert_eq!(r.push(Path::new("/a")), vec!["/a", "/b"]);
        assert_eq!(r.load(), vec!["/a", "/b"]);
    }
}
