// Typed wrappers over the Rust commands (types generated from Rust by ts-rs).
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { WorkspaceInfo } from "./bindings/WorkspaceInfo";
import type { WorkspaceFile } from "./bindings/WorkspaceFile";
import type { LintResult } from "./bindings/LintResult";
import type { SpecStatus } from "./bindings/SpecStatus";
import type { RefTarget } from "./bindings/RefTarget";
import type { DiskChange } from "./bindings/DiskChange";
import type { LintBody } from "./edits";

export const ipc = {
  startup: () => invoke<WorkspaceInfo | null>("startup"),
  pickWorkspace: () => invoke<WorkspaceInfo | null>("pick_workspace"),
  openRecent: (path: string) => invoke<WorkspaceInfo>("open_recent", { path }),
  listFiles: () => invoke<WorkspaceFile[]>("list_files"),
  readFile: (path: string) => invoke<string>("read_file", { path }),
  saveFile: (path: string, text: string) => invoke<void>("save_file", { path, text }),
  saveAs: (path: string, text: string) => invoke<string | null>("save_as", { path, text }),
  autosave: (path: string, text: string) => invoke<void>("autosave", { path, text }),
  discardRecovery: (path: string) => invoke<void>("discard_recovery", { path }),
  /** `have`: the answer whose findings the page shows; the answer may be a change to them. */
  lint: (path: string, body: LintBody, seq: number, have: number | null) =>
    invoke<LintResult>("lint", { path, text: body.text ?? null, edits: body.edits ?? null, seq, have }),
  workspaceStatus: () => invoke<SpecStatus[]>("workspace_status"),
  refTargets: (path: string, text: string) => invoke<RefTarget[]>("ref_targets", { path, text }),
  setDirty: (path: string | null, dirty: boolean) => invoke<void>("set_dirty", { path, dirty }),
  closeWindow: () => invoke<void>("close_window"),
};

export const events = {
  diskChanged: (f: (c: DiskChange) => void): Promise<UnlistenFn> =>
    listen<DiskChange>("disk-changed", (e) => f(e.payload)),
  closeRequested: (f: () => void): Promise<UnlistenFn> => listen("close-requested", () => f()),
};
