// Approve and push: the gate result, the changes against the target branch and the approval
// record for the saved spec, then a push through the gitops engine. The push reads the file
// on disk, so an unsaved buffer must be saved first; nothing here edits the buffer.
import { invoke } from "@tauri-apps/api/core";
import { h } from "./dom";
import type { Host } from "./views";
import type { PushDefaults } from "./bindings/PushDefaults";
import type { PushPreview } from "./bindings/PushPreview";
import type { PushResult } from "./bindings/PushResult";
import type { PushSettings } from "./bindings/PushSettings";

export const pushIpc = {
  defaults: () => invoke<PushDefaults>("push_defaults"),
  preview: (path: string, text: string, settings: PushSettings) =>
    invoke<PushPreview>("push_preview", { path, text, settings }),
  push: (path: string, text: string, settings: PushSettings, reviewer: string, message: string, p: PushPreview) =>
    invoke<PushResult>("push_approved", {
      path, text, settings, reviewer, message, remoteTip: p.remote_tip, specSha256: p.spec_sha256,
    }),
};

/** Why `Name <email>` is not a reviewer (null when it is); the same rule as the engine's. */
export function reviewerProblem(s: string): string | null {
  const t = s.trim();
  if (!t) return "enter the reviewer";
  const m = /^([^<]+)<([^<>\s]+@[^<>\s]+)>$/.exec(t);
  if (!m || !m[1].trim()) return "reviewer must look like Name <email@example.com>";
  return null;
}

export interface PushState {
  dirty: boolean;
  busy: boolean;
  /** The preview matches the saved spec and the settings as they are now. */
  preview: PushPreview | null;
  current: boolean;
  /** This preview's version was just pushed (pushing again would only repeat it). */
  pushed: boolean;
  reviewer: string;
}

/** Reasons the Push button is disabled; it is enabled when there are none. */
export function pushBlockers(s: PushState): string[] {
  const out: string[] = [];
  if (s.dirty) out.push("save the file first");
  if (s.busy) out.push("working…");
  if (!s.preview || !s.current) out.push("check the gate first");
  else if (!s.preview.approvable) out.push("the gate refuses this version");
  else if (s.pushed) out.push("this version is pushed");
  const r = reviewerProblem(s.reviewer);
  if (r) out.push(r);
  return out;
}

/** `3 error · 1 warn` for the non-zero counts, `no findings` when all are zero. */
export function countsText(p: PushPreview): string {
  const parts = p.counts.filter((c) => c.count > 0).map((c) => `${c.count} ${c.severity}`);
  return parts.length ? parts.join(" · ") : "no findings";
}

export class PushPanel {
  private readonly repo = h("input", { id: "push-repo", type: "text", placeholder: "path or URL of the repository" });
  private readonly repoHint = h("div", { id: "push-repo-source", class: "muted" });
  private readonly branch = h("input", { id: "push-branch", type: "text", placeholder: "the remote's default branch" });
  private readonly dir = h("input", { id: "push-dir", type: "text", placeholder: "apis/<slug of info.title>" });
  private readonly waiver = h("input", { id: "push-waiver", type: "text", placeholder: "reason to accept breaking changes (recorded)" });
  private readonly reviewer = h("input", { id: "push-reviewer", type: "text", placeholder: "Name <email@example.com>", required: true });
  private readonly message = h("input", { id: "push-message", type: "text", placeholder: "commit message (default: Approve <title> <version>)" });
  private readonly check = h("button", { id: "push-check" }, "Check again");
  private readonly go = h("button", { id: "push-go", class: "primary", disabled: true }, "Push");
  private readonly why = h("span", { id: "push-why", class: "muted" });
  private readonly unsaved = h("div", { id: "push-unsaved", class: "problem warning", hidden: true });
  private readonly gate = h("div", { id: "push-gate", "data-state": "none" });
  private readonly changes = h("div", { id: "push-changes" });
  private readonly record = h("pre", { id: "push-record" });
  private readonly outcome = h("div", { id: "push-outcome" });
  private preview: PushPreview | null = null;
  /** What the shown preview was computed for (path, saved text, settings). */
  private previewKey = "";
  /** The key of the last version pushed. */
  private pushedKey = "";
  private seq = 0;
  private busy = false;
  private defaultsLoaded = false;

  constructor(el: HTMLElement, private readonly host: Host) {
    const row = (label: string, input: HTMLElement) => h("label", { class: "field" }, h("span", {}, label), input);
    el.replaceChildren(
      row("Repository", this.repo), this.repoHint,
      h("div", { class: "controls" }, row("Branch", this.branch), row("Folder", this.dir)),
      h("div", { class: "controls" }, this.check),
      this.unsaved, this.gate, this.changes, row("Accept breaking changes", this.waiver),
      h("details", {}, h("summary", {}, "approval.json (reviewer and time are added on push)"), this.record),
      row("Reviewer", this.reviewer), row("Message", this.message),
      h("div", { class: "controls" }, this.go, this.why),
      this.outcome,
    );
    for (const input of [this.repo, this.branch, this.dir, this.waiver]) {
      input.addEventListener("change", () => this.refresh());
    }
    this.reviewer.addEventListener("input", () => this.updateButton());
    this.check.addEventListener("click", () => this.refresh(true));
    this.go.addEventListener("click", () => void this.push());
  }

  private settings(): PushSettings {
    return { repo: this.repo.value, branch: this.branch.value, dir: this.dir.value, waiver: this.waiver.value };
  }

  private key(b: { path: string; text: string }): string {
    return JSON.stringify([b.path, b.text, this.settings()]);
  }

  /** Re-checks when the saved spec or the settings changed since the last check (or asked). */
  refresh(force = false): void {
    void this.load(force);
  }

  private async load(force: boolean): Promise<void> {
    if (!this.defaultsLoaded) {
      this.defaultsLoaded = true;
      try {
        const d = await pushIpc.defaults();
        if (!this.repo.value) this.repo.value = d.repo;
        this.repoHint.textContent = d.repo_source;
      } catch (e) {
        this.repoHint.textContent = String(e);
      }
    }
    const b = this.host.buffer();
    const dirty = this.host.dirty();
    this.unsaved.hidden = !dirty;
    if (dirty) {
      this.unsaved.replaceChildren(
        `${b?.path ?? "The file"} has unsaved changes: the push takes the saved file. `,
        h("button", { id: "push-save", onclick: () => void this.host.save().then(() => this.refresh()) }, "Save"),
      );
    }
    this.updateButton();
    if (!b || dirty || this.busy) return;
    const key = this.key(b);
    if (!force && key === this.previewKey) return;
    if (!this.repo.value.trim()) {
      this.showGateError("Enter the repository to push to.");
      return;
    }
    const mine = ++this.seq;
    this.gate.dataset.state = "pending";
    this.gate.textContent = "Checking the gate against the target branch…";
    try {
      const p = await pushIpc.preview(b.path, b.text, this.settings());
      if (mine !== this.seq) return;
      this.preview = p;
      this.previewKey = key;
      this.show(p);
    } catch (e) {
      if (mine !== this.seq) return;
      this.showGateError(String(e));
    }
    this.updateButton();
  }

  private showGateError(text: string): void {
    this.preview = null;
    this.previewKey = "";
    this.gate.dataset.state = "error";
    this.gate.replaceChildren(h("div", { class: "problem error" }, text));
    this.changes.replaceChildren();
    this.record.textContent = "";
    this.updateButton();
  }

  private show(p: PushPreview): void {
    this.gate.dataset.state = p.approvable ? "pass" : "refused";
    const target = `${p.spec} → ${p.remote} branch ${p.branch}${p.new_branch ? " (new)" : ""}, folder ${p.dir}`;
    this.gate.replaceChildren(
      h("div", { id: "push-verdict", class: p.approvable ? "verdict pass" : "verdict refused" },
        p.approvable ? "Gate passes" : "Gate refuses"),
      h("div", { class: "muted" }, target),
      h("div", { id: "push-counts" }, `Governance (${p.ruleset}): ${countsText(p)}; blocking at ${p.fail_severity} (policy: ${p.policy})`),
      h("ul", { id: "push-refusals" }, ...p.refusals.map((r) => h("li", { class: "problem error" }, r))),
      ...p.blocking.map((f) => h("div", {
        class: "problem error", "data-rule": f.rule, title: "Show in the editor",
        onclick: () => this.host.select(f.file, f.range),
      }, `${f.severity} ${f.rule}: ${f.message} (${f.file}:${f.range.start.line + 1})`)),
    );
    const breaking = p.changes.filter((c) => c.level === "breaking");
    const heading = !p.compared
      ? `No version on branch ${p.branch} yet: nothing to compare.`
      : `Against ${p.branch} (${p.old_version ?? "?"} → ${p.new_version ?? "?"}): ${breaking.length} breaking, ${p.changes.length - breaking.length} other changes${p.breaking_accepted ? `; breaking accepted by ${p.breaking_accepted}` : ""}.`;
    this.changes.dataset.breaking = String(p.breaking);
    this.changes.replaceChildren(h("div", {}, heading), ...p.changes.map((c) => h("div", {
      class: `problem ${c.level === "breaking" ? "error" : c.level === "warning" ? "warning" : ""}`,
      "data-id": c.id, title: c.location ?? "",
      onclick: () => { if (c.place) this.host.select(c.place.file, c.place.range); },
    }, `${c.level}: ${c.operation ? `${c.operation}: ` : ""}${c.message}`)));
    this.record.textContent = p.record;
  }

  private updateButton(): void {
    const b = this.host.buffer();
    const blockers = pushBlockers({
      dirty: this.host.dirty(),
      busy: this.busy,
      preview: this.preview,
      current: !!b && this.key(b) === this.previewKey,
      pushed: this.previewKey !== "" && this.previewKey === this.pushedKey,
      reviewer: this.reviewer.value,
    });
    this.go.disabled = blockers.length > 0;
    this.why.textContent = blockers.join("; ");
  }

  private async push(): Promise<void> {
    const b = this.host.buffer();
    const p = this.preview;
    if (!b || !p || this.go.disabled) return;
    const key = this.previewKey;
    this.busy = true;
    this.updateButton();
    this.outcome.className = "";
    this.outcome.dataset.commit = "";
    this.outcome.textContent = "Pushing…";
    try {
      const r = await pushIpc.push(b.path, b.text, this.settings(), this.reviewer.value, this.message.value, p);
      this.pushedKey = key;
      this.outcome.dataset.commit = r.commit;
      this.outcome.className = "pushed";
      this.outcome.replaceChildren(
        h("div", {}, `Pushed ${r.commit.slice(0, 12)} to ${r.remote} branch ${r.branch}${r.created_branch ? " (created)" : ""}`),
        h("ul", {}, ...r.files.map((f) => h("li", {}, f))),
      );
      this.host.message(`Pushed ${r.commit.slice(0, 12)} to ${r.branch}`);
    } catch (e) {
      // The form keeps everything typed; the message says what to do.
      this.outcome.className = "problem error";
      this.outcome.textContent = String(e);
    } finally {
      this.busy = false;
    }
    // The branch moved (or may have): the next push needs a fresh check.
    this.refresh(true);
  }
}
