// The studio's front end: workspace tree, editor, findings panel and the engine views,
// all talking to Rust through typed IPC. Every prompt is in the page (testable over
// WebDriver); native dialogs are only used to pick files and folders.
import { ipc, events } from "./ipc";
import { invoke } from "@tauri-apps/api/core";
import { $, h } from "./dom";
import { banner, clearBanner } from "./banners";
import { Editor } from "./editor";
import { LintScheduler } from "./scheduler";
import { buildTree, type TreeNode } from "./tree";
import { onDiskChange } from "./buffer";
import { toPos } from "./positions";
import {
  applyFilter, countBySeverity, distinct, expandFindings, sortFindings, stepFinding, SEVERITIES,
  type Filter, type SortKey,
} from "./findings";
import type { WorkspaceInfo } from "./bindings/WorkspaceInfo";
import type { WorkspaceFile } from "./bindings/WorkspaceFile";
import type { Finding } from "./bindings/Finding";
import type { LintResult } from "./bindings/LintResult";
import type { RuleInfo } from "./bindings/RuleInfo";
import type { SpecStatus } from "./bindings/SpecStatus";
import type { Severity } from "./bindings/Severity";
import type { RefTarget } from "./bindings/RefTarget";
import type { ViewProblem } from "./bindings/ViewProblem";
import { KongPanel, MockPanel, type Host } from "./views";
import { DiagramPanel } from "./diagram";
import { PushPanel } from "./push";
import { KeyedRows, setChildren } from "./rows";

const LINT_DEBOUNCE_MS = 60;
const AUTOSAVE_MS = 2000;
const MAX_ROWS = 500;

interface OpenFile {
  path: string;
  /** The text last read from or written to disk. */
  saved: string;
}

const app = {
  ws: null as WorkspaceInfo | null,
  files: [] as WorkspaceFile[],
  current: null as OpenFile | null,
  findings: [] as Finding[],
  rules: new Map<string, RuleInfo>(),
  statuses: new Map<string, SpecStatus>(),
  filter: { severities: new Set<Severity>(SEVERITIES), rule: "", file: "", text: "" } as Filter,
  sort: "location" as SortKey,
  scope: "file" as "file" | "all",
  selectedFinding: null as Finding | null,
  /** The applied lint answer, its findings in full. */
  lastLint: null as LintAnswer | null,
  refCache: null as { text: string; targets: RefTarget[] } | null,
  autosaveTimer: 0 as number | ReturnType<typeof setTimeout>,
  collapsed: new Set<string>(),
};

const editor = new Editor($("editor"), {
  onChange: () => {
    if (!bench.keyAt) bench.keyChanged(performance.now());
    markDirty();
    lints.schedule();
    scheduleAutosave();
    scheduleViews();
  },
  onCursor: showCursorSoon,
  refTargets: async () => {
    if (!app.current) return [];
    const text = editor.text;
    if (app.refCache?.text !== text) {
      app.refCache = { text, targets: await ipc.refTargets(app.current.path, text) };
    }
    return app.refCache.targets;
  },
  keys: { save: () => void save(), next: () => step(1), prev: () => step(-1) },
});

/** A lint answer with its findings in full (`delta` says how they came) and its file. */
type LintAnswer = LintResult & { path: string };

const lints = new LintScheduler<LintAnswer>(
  (seq) => {
    const path = app.current?.path;
    if (!path) return Promise.reject(new Error("no file"));
    const t0 = performance.now();
    const { body, wholeText } = editor.beginRequest(seq);
    // The answer may come as a change to the findings shown for this file.
    const shown = app.lastLint?.path === path ? app.lastLint : null;
    const have = shown ? shown.seq : null;
    return ipc.lint(path, body, seq, have).catch((e: unknown) => {
      // The studio's copy of the text the edits apply to is gone: send the whole text.
      if (body.edits && String(e).startsWith("resend:")) return ipc.lint(path, { text: wholeText() }, seq, have);
      throw e;
    }).then((r) => {
      const t1 = performance.now();
      lintStatus = `lint ${r.elapsed_ms.toFixed(0)} ms (round trip ${(t1 - t0).toFixed(0)} ms)`;
      bench.request = { seq, sent: t0, answered: t1 };
      try {
        return { ...r, findings: expandFindings(shown, r), path };
      } catch {
        // Not a change to what the page holds (never expected): ask for every finding.
        return ipc.lint(path, { text: wholeText() }, seq, null).then((whole) => ({ ...whole, path }));
      }
    });
  },
  (r) => applyLint(r),
  LINT_DEBOUNCE_MS,
);
let lintStatus = "";
/** Benchmark marks (no-ops unless the app runs with SPECWRIGHT_BENCH). */
const bench = {
  /** Until the first mark comes back saying the app is not benchmarked. */
  enabled: true,
  openedAt: 0,
  /** When the page got the key whose edit is being measured (its keydown). */
  keyAt: 0,
  /** When the editor reported that edit: the page's own handling of the key ends here. */
  inputAt: 0,
  /** The newest keydown in the editor, until an edit takes it. */
  keyDownAt: 0,
  keyChanged: (now: number) => {
    // An edit without a key of its own (paste from a menu, drop) counts from the change.
    const down = bench.keyDownAt;
    bench.keyAt = down > 0 && down <= now && now - down < 1000 ? down : now;
    bench.inputAt = now;
    bench.keyDownAt = 0;
  },
  readySent: false,
  /** The lint request whose answer is being applied: when it was sent and answered. */
  request: { seq: 0, sent: 0, answered: 0 },
  mark: (name: string, ms = 0) => {
    if (!bench.enabled) return;
    invoke<boolean>("bench_mark", { name, ms }).then((on) => { if (!on) bench.enabled = false; }, () => undefined);
  },
};
// A keystroke is measured from its keydown: the editor reports the edit only after the
// input events and its own update, which are part of what the user waits for.
editor.view.dom.addEventListener("keydown", () => {
  if (bench.enabled) bench.keyDownAt = performance.now();
}, true);

// --- status bar, title ---------------------------------------------------------------

function isDirty(): boolean {
  if (!app.current) return false;
  // The length settles most keystrokes without copying a big buffer into a string.
  const doc = editor.view.state.doc;
  return doc.length !== app.current.saved.length || editor.text !== app.current.saved;
}

let lastDirty: boolean | null = null;
let lastTitlePath: string | null = null;
function markDirty(): void {
  const dirty = isDirty();
  const path = app.current?.path ?? null;
  ($("save") as HTMLButtonElement).disabled = !app.current || !dirty;
  ($("save-as") as HTMLButtonElement).disabled = !app.current;
  // Runs on every keystroke: writing even an equal text repaints the title, and without GPU
  // compositing WebKit repaints the bounding box of everything dirty in a frame, here from
  // the title down to the edited line.
  const title = $("current-file");
  setText(title, path ? `${path}${dirty ? " ●" : ""}` : "No file open");
  if (title.dataset.dirty !== String(dirty)) title.dataset.dirty = String(dirty);
  // Same title as the native window's (set by Rust), for the page and WebDriver.
  const windowTitle = ["Specwright", app.ws ? ` — ${app.ws.name}` : "", path ? ` / ${path}` : "", dirty ? " ●" : ""].join("");
  if (document.title !== windowTitle) document.title = windowTitle;
  if (dirty !== lastDirty || path !== lastTitlePath) {
    lastDirty = dirty;
    lastTitlePath = path;
    void ipc.setDirty(path, dirty).catch(() => undefined);
  }
}

function showCursor(): void {
  const sel = editor.view.state.selection.main;
  const p = toPos(editor.view.state.doc, sel.head);
  const len = Math.abs(sel.to - sel.from);
  const el = $("status-cursor");
  el.textContent = `Ln ${p.line + 1}, Col ${p.character + 1}${len ? ` (${len} selected)` : ""}`;
  el.dataset.from = String(sel.from);
  el.dataset.to = String(sel.to);
}

// The status bar's caret position is written a frame after the editor's update. Written in
// the same frame, WebKit has two separate parts of the page to lay out (the editor's
// scroller is contained) and then lays out the whole page instead: about 1.5 ms more per
// keystroke.
let cursorPending = false;
function showCursorSoon(): void {
  if (cursorPending) return;
  cursorPending = true;
  requestAnimationFrame(() => setTimeout(() => {
    cursorPending = false;
    showCursor();
  }));
}

function message(text: string, error = false): void {
  const el = $("status-message");
  el.textContent = text;
  el.className = error ? "error" : "";
}

// --- banners and modal ---------------------------------------------------------------

function ask(title: string, text: string, choices: [string, string][]): Promise<string> {
  const modal = $("modal");
  return new Promise((resolve) => {
    modal.replaceChildren(
      h("div", { class: "dialog", role: "dialog", "aria-label": title },
        h("h2", {}, title),
        h("p", {}, text),
        h("div", { class: "actions" },
          ...choices.map(([value, label]) =>
            h("button", { "data-choice": value, onclick: () => { modal.hidden = true; resolve(value); } }, label)),
        ),
      ),
    );
    modal.hidden = false;
  });
}

/** Before the open buffer is replaced: save, discard or cancel when it has changes. */
async function settleDirty(action: string): Promise<boolean> {
  if (!isDirty() || !app.current) return true;
  const choice = await ask("Unsaved changes", `${app.current.path} has unsaved changes. Save them before ${action}?`, [
    ["save", "Save"], ["discard", "Don't save"], ["cancel", "Cancel"],
  ]);
  if (choice === "cancel") return false;
  if (choice === "save") return save();
  await ipc.discardRecovery(app.current.path).catch(() => undefined);
  return true;
}

// --- workspace -----------------------------------------------------------------------

async function showWorkspace(info: WorkspaceInfo): Promise<void> {
  app.ws = info;
  app.files = info.files;
  app.statuses.clear();
  app.current = null;
  app.findings = [];
  $("workspace-name").textContent = info.root;
  renderRecent(info.recent);
  renderTree();
  const first = info.initial ?? info.files.find((f) => f.spec)?.path ?? info.files[0]?.path;
  if (first) await openFile(first);
  for (const r of info.recovered) {
    banner(`recover:${r.path}`, `Unsaved changes to ${r.path} from ${new Date(r.saved_at_ms).toLocaleString()} were recovered.`, [
      ["Restore", "restore", () => void restore(r.path, r.text)],
      ["Discard", "discard", () => void ipc.discardRecovery(r.path)],
    ]);
  }
  void refreshStatus();
}

async function restore(path: string, text: string): Promise<void> {
  if (app.current?.path !== path && !(await openFile(path))) return;
  editor.load(text, path, true);
  markDirty();
  void lints.now();
  message(`Restored unsaved changes to ${path}`);
}

async function refreshStatus(): Promise<void> {
  try {
    const list = await ipc.workspaceStatus();
    app.statuses = new Map(list.map((s) => [s.path, s]));
    renderTree();
  } catch (e) {
    message(String(e), true);
  }
}

function renderRecent(recent: string[]): void {
  const sel = $("recent") as HTMLSelectElement;
  sel.replaceChildren(h("option", { value: "" }, "Recent…"), ...recent.map((r) => h("option", { value: r }, r)));
}

function renderTree(): void {
  const root = buildTree(app.files);
  const ul = $("file-tree");
  ul.replaceChildren(...root.children.map((n) => treeItem(n)));
  if (app.files.length === 0) ul.append(h("li", { class: "muted" }, "No YAML or JSON files"));
}

function treeItem(node: TreeNode): HTMLElement {
  if (!node.file) {
    const open = !app.collapsed.has(node.path);
    const li = h("li", { class: "folder", "data-path": node.path },
      h("div", { class: "row", onclick: () => { open ? app.collapsed.add(node.path) : app.collapsed.delete(node.path); renderTree(); } },
        `${open ? "▾" : "▸"} ${node.name}`));
    if (open) li.append(h("ul", {}, ...node.children.map((c) => treeItem(c))));
    return li;
  }
  const file = node.file;
  const status = app.statuses.get(file.path);
  let badge: HTMLElement | null = null;
  if (file.spec) {
    badge = status
      ? status.errors
        ? h("span", { class: "badge error", title: `${status.errors} errors, ${status.warnings} warnings` }, `${status.errors}`)
        : status.warnings
          ? h("span", { class: "badge warning", title: `${status.warnings} warnings` }, `${status.warnings}`)
          : h("span", { class: "badge ok", title: "no findings" }, "✓")
      : h("span", { class: "badge pending", title: "checking…" }, "…");
  }
  return h("li", {
    class: `file${file.path === app.current?.path ? " current" : ""}${file.spec ? " spec" : ""}`,
    "data-path": file.path,
    "data-errors": status?.errors ?? "",
    "data-warnings": status?.warnings ?? "",
  }, h("div", { class: "row", title: file.path, onclick: () => void openFile(file.path) },
    h("span", { class: "name" }, node.name), badge));
}

async function openFile(path: string): Promise<boolean> {
  if (app.current?.path === path) return true;
  if (!(await settleDirty("opening another file"))) return false;
  bench.openedAt = performance.now();
  let text: string;
  try {
    text = await ipc.readFile(path);
  } catch (e) {
    message(String(e), true);
    return false;
  }
  app.current = { path, saved: text };
  app.refCache = null;
  app.findings = [];
  app.selectedFinding = null;
  editor.load(text, path);
  clearBanner("disk");
  markDirty();
  renderTree();
  renderFindings();
  showCursor();
  scheduleViews();
  await lints.now();
  return true;
}

async function save(): Promise<boolean> {
  if (!app.current) return false;
  const { path } = app.current;
  const text = editor.text;
  try {
    await ipc.saveFile(path, text);
  } catch (e) {
    message(String(e), true);
    return false;
  }
  app.current.saved = text;
  clearBanner("disk");
  markDirty();
  scheduleViews();
  message(`Saved ${path}`);
  void refreshStatus();
  return true;
}

async function saveAs(): Promise<void> {
  if (!app.current) return;
  const text = editor.text;
  try {
    const rel = await ipc.saveAs(app.current.path, text);
    if (!rel) return;
    app.current = { path: rel, saved: text };
    app.files = await ipc.listFiles();
    markDirty();
    renderTree();
    message(`Saved as ${rel}`);
    void lints.now();
    void refreshStatus();
  } catch (e) {
    message(String(e), true);
  }
}

function scheduleAutosave(): void {
  clearTimeout(app.autosaveTimer);
  app.autosaveTimer = setTimeout(() => {
    if (app.current && isDirty()) void ipc.autosave(app.current.path, editor.text).catch(() => undefined);
  }, AUTOSAVE_MS);
}

// --- files changed on disk -------------------------------------------------------------

async function diskChanged(path: string, kind: string): Promise<void> {
  if (kind !== "modified") {
    app.files = await ipc.listFiles();
    renderTree();
  }
  if (path !== app.current?.path) {
    void refreshStatus();
    return;
  }
  const current = app.current;
  const disk = kind === "removed" ? null : await ipc.readFile(path).catch(() => null);
  if (app.current !== current) return;
  const action = onDiskChange(editor.text, current.saved, disk);
  if (action === "ignore") return;
  if (action === "mark-clean" && disk !== null) {
    current.saved = disk;
    markDirty();
    return;
  }
  if (action === "reload" && disk !== null) {
    current.saved = disk;
    editor.load(disk, path, true);
    markDirty();
    message(`Reloaded ${path}: it changed on disk`);
    void lints.now();
    void refreshStatus();
    return;
  }
  const text = disk === null
    ? `${path} was removed from disk. Your text is still here.`
    : `${path} changed on disk while you have unsaved changes.`;
  const actions: [string, string, () => void][] = [];
  if (disk !== null) {
    actions.push(["Reload from disk (drop my changes)", "reload", () => {
      current.saved = disk;
      editor.load(disk, path, true);
      markDirty();
      void lints.now();
    }]);
  }
  actions.push(["Keep my changes", "keep", () => {
    // Saving now would overwrite the disk version; the user decides when.
    if (disk !== null) current.saved = disk;
    markDirty();
  }]);
  banner("disk", text, actions);
}

// --- findings ------------------------------------------------------------------------

function applyLint(r: LintAnswer): void {
  app.lastLint = r;
  const applyAt = performance.now();
  let appliedAt = applyAt;
  const req = bench.request;
  const keyAt = bench.keyAt;
  requestAnimationFrame(() => {
    // Measured once the findings are painted.
    const now = performance.now();
    if (bench.openedAt) bench.mark("open_to_findings", now - bench.openedAt);
    // A keystroke counts once findings of a text that includes it are painted.
    if (keyAt && bench.keyAt === keyAt && req.seq === Number(r.seq) && req.sent >= keyAt) {
      bench.mark("keystroke_to_findings", now - keyAt);
      // Where that time went: the page handling the key until the editor reports the edit
      // (input events, the editor's update), waiting to send (debounce, or a request in
      // flight), the engine, the rest of the round trip (IPC both ways, serialization, JSON parse),
      // applying the findings (decorations, panel) and the paint.
      bench.mark("key_input", bench.inputAt - keyAt);
      bench.mark("key_wait", req.sent - bench.inputAt);
      bench.mark("key_engine", r.elapsed_ms);
      bench.mark("key_ipc", req.answered - req.sent - r.elapsed_ms);
      bench.mark("key_apply", appliedAt - applyAt);
      bench.mark("key_paint", now - appliedAt);
      bench.keyAt = 0;
    }
    if (!bench.readySent) bench.mark("ready");
    bench.readySent = true;
    bench.openedAt = 0;
  });
  app.findings = r.findings;
  for (const rule of r.rules) app.rules.set(rule.id, rule);
  const here = app.current ? r.findings.filter((f) => f.file === app.current!.path) : [];
  editor.showFindings(here);
  renderFindings();
  setText($("status-lint"), `${lintStatus} · ${r.engines.join(", ")}`);
  if (app.current) {
    const c = countBySeverity(r.findings);
    const s = app.statuses.get(app.current.path);
    const changed = !s || s.errors !== c.error || s.warnings !== c.warning || s.infos !== c.info + c.hint;
    if (s && changed && app.files.find((f) => f.path === app.current!.path)?.spec) {
      app.statuses.set(app.current.path, { ...s, errors: c.error, warnings: c.warning, infos: c.info + c.hint });
      renderTree();
    }
  }
  appliedAt = performance.now();
}

function visibleFindings(): Finding[] {
  const scoped = app.scope === "file" && app.current
    ? app.findings.filter((f) => f.file === app.current!.path)
    : app.findings;
  return sortFindings(applyFilter(scoped, app.filter), app.sort);
}

/** What the panel's chips and controls show: they are rebuilt only when it changes. */
let panelKey = "";

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

function renderFindings(): void {
  const panel = $("panel-findings");
  const all = app.scope === "file" && app.current ? app.findings.filter((f) => f.file === app.current!.path) : app.findings;
  const counts = countBySeverity(all);
  setText($("status-counts"), `${counts.error} errors · ${counts.warning} warnings · ${counts.info + counts.hint} info`);
  const rules = distinct(all, "rule");
  const files = app.scope === "all" ? distinct(all, "file") : [];
  const key = JSON.stringify([counts, app.scope, [...app.filter.severities].sort(), app.filter.rule, app.filter.file, app.sort, rules, files]);
  if (key !== panelKey || !panel.querySelector("#findings-list")) {
    panelKey = key;
    buildFindingsPanel(panel, counts, rules, files);
  }
  renderList();
  renderRuleDetail();
}

function buildFindingsPanel(panel: HTMLElement, counts: ReturnType<typeof countBySeverity>, rules: string[], files: string[]): void {
  const chips = h("div", { class: "chips" }, ...SEVERITIES.filter((s) => s !== "hint").map((s) => {
    const n = s === "info" ? counts.info + counts.hint : counts[s];
    const on = app.filter.severities.has(s);
    return h("button", {
      class: `chip ${s}${on ? " on" : ""}`, "data-severity": s, "aria-pressed": String(on),
      onclick: () => {
        const set = new Set(app.filter.severities);
        const group: Severity[] = s === "info" ? ["info", "hint"] : [s];
        for (const g of group) on ? set.delete(g) : set.add(g);
        app.filter = { ...app.filter, severities: set };
        renderFindings();
      },
    }, `${n} ${s === "error" ? "errors" : s === "warning" ? "warnings" : "info"}`);
  }));
  const select = (id: string, value: string, options: string[], all: string, on: (v: string) => void) =>
    h("select", { id, onchange: (e: Event) => on((e.target as HTMLSelectElement).value) },
      h("option", { value: "" }, all),
      ...options.map((o) => { const el = h("option", { value: o }, o); if (o === value) el.selected = true; return el; }));
  const controls = h("div", { class: "controls" },
    select("filter-scope", app.scope, ["all"], "This file", (v) => { app.scope = v === "all" ? "all" : "file"; renderFindings(); }),
    select("filter-rule", app.filter.rule, rules, "All rules", (v) => { app.filter = { ...app.filter, rule: v }; renderFindings(); }),
    app.scope === "all" ? select("filter-file", app.filter.file, files, "All files", (v) => { app.filter = { ...app.filter, file: v }; renderFindings(); }) : null,
    select("sort", app.sort === "location" ? "" : app.sort, ["severity", "rule", "file"], "Sort: location", (v) => { app.sort = (v || "location") as SortKey; renderFindings(); }),
  );
  const search = h("input", { id: "filter-text", type: "search", placeholder: "Filter messages", value: app.filter.text });
  search.addEventListener("input", () => {
    app.filter = { ...app.filter, text: (search as HTMLInputElement).value };
    renderList();
  });
  const list = h("ol", { id: "findings-list" });
  const detail = h("div", { id: "rule-detail" });
  findingRows.clear();
  listTail = null;
  panel.replaceChildren(chips, controls, search, list, detail);
}

/** The finding each row of the list stands for (rows outlive relints that keep them). */
const rowFinding = new WeakMap<Element, Finding>();
const findingRows = new KeyedRows<Finding>(
  (f) => [
    f.severity, f.rule, f.file, f.range.start.line, f.range.start.character, f.message,
    f.path.join("\u0001"), f === app.selectedFinding ? "selected" : "",
  ].join("\u0000"),
  (f) => {
    const li = h("li", {
      class: `finding ${f.severity}${f === app.selectedFinding ? " selected" : ""}`,
      "data-rule": f.rule, "data-file": f.file, "data-line": f.range.start.line + 1,
      title: f.path.length ? f.path.join(" › ") : "",
    },
    h("span", { class: "sev" }, f.severity === "error" ? "●" : f.severity === "warning" ? "▲" : "○"),
    h("span", { class: "msg" }, f.message),
    h("span", { class: "where" }, `${f.rule} · ${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`));
    li.addEventListener("click", () => void goTo(rowFinding.get(li) ?? f));
    return li;
  },
);
/** The note after the rows ("… more", "No findings"), kept while its text stays. */
let listTail: HTMLElement | null = null;

function renderList(): void {
  const list = $("findings-list");
  const shown = visibleFindings();
  const page = shown.slice(0, MAX_ROWS);
  const rows: HTMLElement[] = findingRows.rows(page);
  page.forEach((f, i) => rowFinding.set(rows[i], f));
  let tail: [string, string] | null = null;
  if (shown.length > MAX_ROWS) tail = ["more muted", `${shown.length - MAX_ROWS} more: narrow the filter`];
  if (shown.length === 0) {
    const linted = app.lastLint !== null;
    tail = ["empty muted", !app.current ? "No file open" : linted ? "No findings" : "Linting…"];
  }
  if (tail && (listTail?.className !== tail[0] || listTail.textContent !== tail[1])) {
    listTail = h("li", { class: tail[0] }, tail[1]);
  }
  setChildren(list, tail ? [...rows, listTail!] : rows);
}

function renderRuleDetail(): void {
  const el = document.getElementById("rule-detail");
  if (!el) return;
  const f = app.selectedFinding;
  const rule = f ? app.rules.get(f.rule) : undefined;
  if (!f || !rule) {
    el.replaceChildren();
    return;
  }
  el.replaceChildren(
    h("div", { class: "rule-id" }, rule.id),
    h("p", {}, rule.description),
  );
  if (rule.documentation_url) {
    el.append(h("div", { class: "doc" }, "Documentation: ", h("code", { class: "url" }, rule.documentation_url)));
  }
}

async function goTo(f: Finding): Promise<void> {
  if (f.file !== app.current?.path && !(await openFile(f.file))) return;
  app.selectedFinding = f;
  editor.select(f.range);
  renderList();
  renderRuleDetail();
}

function step(direction: 1 | -1): void {
  if (!app.current) return;
  const cursor = toPos(editor.view.state.doc, editor.view.state.selection.main.from);
  const f = stepFinding(applyFilter(app.findings, app.filter), app.current.path, cursor, direction);
  if (f) void goTo(f);
  else message("No findings in this file");
}

// --- side panels -----------------------------------------------------------------------

interface Panel {
  id: string;
  title: string;
  /** Recomputes the panel from the current buffer (engine views only). */
  refresh?: () => void;
}

const host: Host = {
  buffer: () => (app.current ? { path: app.current.path, text: editor.text } : null),
  reveal: (p: ViewProblem) => void reveal(p),
  select: (file, range) => void (async () => {
    if (file !== app.current?.path && !(await openFile(file))) return;
    editor.select(range);
  })(),
  message,
  dirty: () => isDirty(),
  save: () => save(),
};

async function reveal(p: ViewProblem): Promise<void> {
  if (!p.file || !p.position) return;
  if (p.file !== app.current?.path && !(await openFile(p.file))) return;
  editor.select({ start: p.position, end: p.position });
}

const panels: Panel[] = [{ id: "findings", title: "Findings" }];
/** Full text of each engine view's code (the DOM holds only the visible lines). */
const panelTexts: Record<string, () => string> = {};
let activePanel = "findings";
const VIEW_DEBOUNCE_MS = 250;
let viewTimer: ReturnType<typeof setTimeout> | undefined;

/** Engine views follow the buffer while shown; hidden ones refresh when opened. */
function scheduleViews(): void {
  clearTimeout(viewTimer);
  viewTimer = setTimeout(() => panels.find((p) => p.id === activePanel)?.refresh?.(), VIEW_DEBOUNCE_MS);
}

function renderPanels(active = activePanel): void {
  activePanel = active;
  const tabs = $("side-tabs");
  const body = $("side-panels");
  tabs.replaceChildren(...panels.map((p) => h("button", {
    role: "tab", id: `tab-${p.id}`, class: p.id === active ? "active" : "", "aria-selected": String(p.id === active),
    onclick: () => renderPanels(p.id),
  }, p.title)));
  for (const p of panels) {
    let el = document.getElementById(`panel-${p.id}`);
    if (!el) {
      el = h("div", { id: `panel-${p.id}`, class: "panel", role: "tabpanel" });
      body.append(el);
    }
    el.hidden = p.id !== active;
  }
  panels.find((p) => p.id === active)?.refresh?.();
}

function addEnginePanels(): void {
  const make = (id: string) => h("div", { id: `panel-${id}`, class: "panel", role: "tabpanel", hidden: true });
  const kongEl = make("kong");
  const mockEl = make("mock");
  const diagramEl = make("diagram");
  const pushEl = make("push");
  $("side-panels").append(kongEl, mockEl, diagramEl, pushEl);
  const diagram = new DiagramPanel(diagramEl, host);
  const kong = new KongPanel(kongEl, host);
  const mock = new MockPanel(mockEl, host);
  panelTexts.kong = () => kong.text;
  panelTexts.mock = () => mock.bodyText;
  panels.push({ id: "kong", title: "Kong", refresh: () => kong.refresh() });
  panels.push({ id: "mock", title: "Mock", refresh: () => mock.refresh() });
  panels.push({ id: "diagram", title: "Diagram", refresh: () => diagram.refresh() });
  const push = new PushPanel(pushEl, host);
  panels.push({ id: "push", title: "Approve & push", refresh: () => push.refresh() });
}

// --- start ---------------------------------------------------------------------------

function wire(): void {
  $("open-folder").addEventListener("click", async () => {
    if (!(await settleDirty("opening another workspace"))) return;
    try {
      const info = await ipc.pickWorkspace();
      if (info) await showWorkspace(info);
    } catch (e) {
      message(String(e), true);
    }
  });
  $("recent").addEventListener("change", async (e) => {
    const sel = e.target as HTMLSelectElement;
    const path = sel.value;
    sel.value = "";
    if (!path || !(await settleDirty("opening another workspace"))) return;
    try {
      await showWorkspace(await ipc.openRecent(path));
    } catch (err) {
      message(String(err), true);
    }
  });
  $("save").addEventListener("click", () => void save());
  $("save-as").addEventListener("click", () => void saveAs());
  $("next-finding").addEventListener("click", () => step(1));
  $("prev-finding").addEventListener("click", () => step(-1));
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "s") {
      e.preventDefault();
      void save();
    } else if ((e.ctrlKey || e.metaKey) && e.key === "o") {
      e.preventDefault();
      $("open-folder").click();
    }
  });
  void events.diskChanged((c) => void diskChanged(c.path, c.kind));
  void events.closeRequested(async () => {
    if (await settleDirty("closing")) await ipc.closeWindow();
  });
}

async function start(): Promise<void> {
  renderPanels();
  addEnginePanels();
  renderPanels();
  renderFindings();
  wire();
  markDirty();
  try {
    const info = await ipc.startup();
    if (info) await showWorkspace(info);
    else message("Open a folder of OpenAPI specs to start");
  } catch (e) {
    message(String(e), true);
  }
  document.body.dataset.ready = "true";
}

// Read-only handle for end-to-end tests and debugging from the inspector.
Object.defineProperty(window, "specwright", {
  value: Object.freeze({
    text: () => editor.text,
    selection: () => ({ from: editor.view.state.selection.main.from, to: editor.view.state.selection.main.to }),
    offsetOf: (line: number, character: number) => editor.view.state.doc.line(line + 1).from + character,
    cursorTo: (offset: number) => { editor.view.dispatch({ selection: { anchor: offset } }); editor.view.focus(); },
    lintSeq: () => app.lastLint?.seq ?? 0,
    // How the shown findings came: whole (null) or as a change to the previous answer's.
    lintDelta: () => app.lastLint?.delta ?? null,
    // No lint waiting, queued or in flight: the findings shown are those of the current text.
    lintIdle: () => lints.idle,
    current: () => app.current?.path ?? null,
    dirty: () => isDirty(),
    panelText: (id: string) => panelTexts[id]?.() ?? null,
  }),
});

void start();
