// What to do with the open buffer when its file changes on disk.

export type DiskAction = "ignore" | "reload" | "prompt" | "mark-clean";

/**
 * `saved` is the text last read from or written to disk; `disk` is null when the file was
 * removed. The saved text coming back is our own save echoing; a clean buffer follows the
 * disk; a dirty one asks, so no edit is ever thrown away silently.
 */
export function onDiskChange(buffer: string, saved: string, disk: string | null): DiskAction {
  if (disk === null) return "prompt";
  if (disk === saved) return "ignore";
  if (disk === buffer) return "mark-clean";
  return buffer === saved ? "reload" : "prompt";
}
