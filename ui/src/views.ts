// The engine views beside the editor: Kong decK config and mock preview. Each follows the
// buffer live (debounced) while its tab is shown; stale answers are dropped by sequence.
import { invoke } from "@tauri-apps/api/core";
import { h } from "./dom";
import { CodeView } from "./readonly";
import type { KongView } from "./bindings/KongView";
import type { MockOperation } from "./bindings/MockOperation";
import type { MockReply } from "./bindings/MockReply";
import type { MockServerInfo } from "./bindings/MockServerInfo";
import type { ViewProblem } from "./bindings/ViewProblem";
import type { TextRange } from "./bindings/TextRange";

export interface Host {
  /** The open buffer, or null. */
  buffer(): { path: string; text: string } | null;
  /** Jumps the editor to a problem's place. */
  reveal(p: ViewProblem): void;
  /** Opens a file and selects a range of it. */
  select(file: string, range: TextRange): void;
  message(text: string, error?: boolean): void;
  /** The open buffer differs from its file on disk. */
  dirty(): boolean;
  /** Saves the open buffer; false when it was not saved. */
  save(): Promise<boolean>;
}

export const viewIpc = {
  kong: (path: string, text: string) => invoke<KongView>("kong_config", { path, text }),
  saveKong: (text: string) => invoke<string | null>("save_kong", { text }),
  operations: (path: string, text: string) => invoke<MockOperation[]>("mock_operations", { path, text }),
  preview: (path: string, text: string, operation: string, status: number | null, example: string | null, dynamic: boolean) =>
    invoke<MockReply>("mock_preview", { path, text, operation, status, example, dynamic }),
  start: (path: string) => invoke<MockServerInfo>("mock_start", { path }),
  stop: () => invoke<void>("mock_stop"),
  status: () => invoke<MockServerInfo | null>("mock_status"),
};

function problemLine(p: ViewProblem, host: Host, cls: string): HTMLElement {
  const where = p.file && p.position ? ` (${p.file}:${p.position.line + 1}:${p.position.character + 1})` : "";
  return h("div", { class: `problem ${cls}`, onclick: () => host.reveal(p), title: "Show in the editor" }, `${p.message}${where}`);
}

/** Runs the latest request only; answers to older ones are ignored. */
class Latest {
  private seq = 0;
  async run<T>(f: () => Promise<T>, apply: (t: T) => void, fail: (e: unknown) => void): Promise<void> {
    const mine = ++this.seq;
    try {
      const r = await f();
      if (mine === this.seq) apply(r);
    } catch (e) {
      if (mine === this.seq) fail(e);
    }
  }
}

export class KongPanel {
  private readonly summary = h("div", { id: "kong-summary", class: "summary" });
  private readonly problems = h("div", { id: "kong-problems" });
  private readonly code: CodeView;
  private readonly latest = new Latest();
  private last: KongView | null = null;

  constructor(private readonly el: HTMLElement, private readonly host: Host) {
    const save = h("button", { id: "kong-save", onclick: () => void this.save() }, "Save config…");
    const codeBox = h("div", { id: "kong-config", class: "codebox" });
    el.replaceChildren(h("div", { class: "controls" }, this.summary, save), this.problems, codeBox);
    this.code = new CodeView(codeBox, "yaml");
  }

  get text(): string {
    return this.code.text;
  }

  refresh(): void {
    const b = this.host.buffer();
    if (!b) return;
    void this.latest.run(() => viewIpc.kong(b.path, b.text), (k) => this.show(k), (e) => {
      this.summary.textContent = "";
      this.problems.replaceChildren(problemLine({ message: String(e), file: null, position: null }, this.host, "error"));
    });
  }

  private show(k: KongView): void {
    this.last = k;
    this.el.dataset.routes = String(k.routes);
    this.summary.textContent = k.config !== null ? `${k.services} services · ${k.routes} routes · ${k.plugins} plugins` : "No config";
    this.problems.replaceChildren(
      ...(k.error ? [problemLine(k.error, this.host, "error")] : []),
      ...k.warnings.map((w) => problemLine(w, this.host, "warning")),
    );
    // On an error the last good config stays visible, marked as out of date.
    if (k.config !== null) this.code.set(k.config);
    this.el.classList.toggle("outdated", k.config === null);
  }

  private async save(): Promise<void> {
    if (!this.last?.config) return this.host.message("Nothing to save: the spec does not translate", true);
    try {
      const where = await viewIpc.saveKong(this.last.config);
      if (where) this.host.message(`Saved Kong config to ${where}`);
    } catch (e) {
      this.host.message(String(e), true);
    }
  }
}

export class MockPanel {
  private ops: MockOperation[] = [];
  private readonly op = h("select", { id: "mock-operation" });
  private readonly status = h("select", { id: "mock-status" });
  private readonly example = h("select", { id: "mock-example" });
  private readonly dynamic = h("input", { id: "mock-dynamic", type: "checkbox" });
  private readonly reply = h("div", { id: "mock-reply" });
  private readonly headers = h("table", { id: "mock-headers" });
  private readonly body: CodeView;
  private readonly server = h("span", { id: "mock-url", class: "muted" }, "Server stopped");
  private readonly toggle = h("button", { id: "mock-toggle" }, "Start server");
  private readonly latestOps = new Latest();
  private readonly latestReply = new Latest();
  private running: MockServerInfo | null = null;

  constructor(el: HTMLElement, private readonly host: Host) {
    const bodyBox = h("div", { id: "mock-body", class: "codebox" });
    el.replaceChildren(
      h("div", { class: "controls" }, h("label", {}, "Operation ", this.op)),
      h("div", { class: "controls" },
        h("label", {}, "Status ", this.status),
        h("label", {}, "Example ", this.example),
        h("label", {}, this.dynamic, " dynamic")),
      this.reply, this.headers, bodyBox,
      h("div", { class: "controls server" }, this.toggle, this.server),
    );
    this.body = new CodeView(bodyBox, "json");
    this.op.addEventListener("change", () => { this.fillChoices(); this.preview(); });
    this.status.addEventListener("change", () => { this.fillExamples(); this.preview(); });
    this.example.addEventListener("change", () => this.preview());
    this.dynamic.addEventListener("change", () => this.preview());
    this.toggle.addEventListener("click", () => void this.toggleServer());
    void viewIpc.status().then((s) => this.showServer(s));
  }

  refresh(): void {
    const b = this.host.buffer();
    if (!b) return;
    void this.latestOps.run(() => viewIpc.operations(b.path, b.text), (ops) => {
      const chosen = this.op.value;
      this.ops = ops;
      this.op.replaceChildren(...ops.map((o) => h("option", { value: o.key }, `${o.method} ${o.path}${o.key.includes(" ") ? "" : ` (${o.key})`}`)));
      if (ops.some((o) => o.key === chosen)) this.op.value = chosen;
      this.fillChoices();
      this.preview();
    }, (e) => this.showError(e));
  }

  get bodyText(): string {
    return this.body.text;
  }

  private current(): MockOperation | undefined {
    return this.ops.find((o) => o.key === this.op.value);
  }

  private fillChoices(): void {
    const o = this.current();
    const keep = this.status.value;
    this.status.replaceChildren(h("option", { value: "" }, "(first success)"),
      ...(o?.statuses ?? []).filter((s) => /^\d{3}$/.test(s)).map((s) => h("option", { value: s }, s)));
    if ([...this.status.options].some((x) => x.value === keep)) this.status.value = keep;
    this.fillExamples();
  }

  private fillExamples(): void {
    const o = this.current();
    const keep = this.example.value;
    const status = this.status.value;
    const names = (o?.examples ?? []).filter((e) => status === "" || e.status === status).map((e) => e.name);
    this.example.replaceChildren(h("option", { value: "" }, "(first example)"), ...[...new Set(names)].map((n) => h("option", { value: n }, n)));
    if (names.includes(keep)) this.example.value = keep;
  }

  private preview(): void {
    const b = this.host.buffer();
    const o = this.current();
    if (!b || !o) {
      this.reply.textContent = o ? "" : "No operations";
      return;
    }
    const status = this.status.value ? Number(this.status.value) : null;
    void this.latestReply.run(
      () => viewIpc.preview(b.path, b.text, o.key, status, this.example.value || null, this.dynamic.checked),
      (r) => {
        this.reply.textContent = `HTTP ${r.status}`;
        this.reply.className = r.status >= 400 ? "error" : "";
        this.headers.replaceChildren(...r.headers.map(([k, v]) => h("tr", {}, h("th", {}, k), h("td", {}, v))));
        this.body.set(r.body);
      },
      (e) => this.showError(e),
    );
  }

  private showError(e: unknown): void {
    this.reply.textContent = String(e);
    this.reply.className = "error";
  }

  private showServer(s: MockServerInfo | null): void {
    this.running = s;
    this.toggle.textContent = s ? "Stop server" : "Start server";
    this.server.textContent = s ? `${s.url} (serving ${s.spec}, reloads on save)` : "Server stopped";
    this.server.dataset.url = s?.url ?? "";
  }

  private async toggleServer(): Promise<void> {
    try {
      if (this.running) {
        await viewIpc.stop();
        this.showServer(null);
      } else {
        const b = this.host.buffer();
        if (b) this.showServer(await viewIpc.start(b.path));
      }
    } catch (e) {
      this.host.message(String(e), true);
    }
  }
}
