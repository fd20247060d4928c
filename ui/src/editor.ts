// The CodeMirror 6 editor: YAML/JSON modes, folding, search, bracket matching, lint marks
// (gutter, underline, message on hover) and completion of OpenAPI keywords and $ref targets.
import { EditorState, Compartment, type Extension, ChangeSet, Text } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, dropCursor, rectangularSelection, crosshairCursor, highlightSpecialChars,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { searchKeymap, highlightSelectionMatches, search } from "@codemirror/search";
import {
  foldGutter, foldKeymap, bracketMatching, indentOnInput, syntaxHighlighting,
  defaultHighlightStyle,
} from "@codemirror/language";
import {
  autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap,
  type CompletionContext, type CompletionResult,
} from "@codemirror/autocomplete";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { yaml } from "./yaml";
import { json } from "@codemirror/lang-json";
import { keywordsFor, refValueAt, yamlPathOf } from "./completion";
import { rangeToOffsets } from "./positions";
import type { Finding } from "./bindings/Finding";
import type { RefTarget } from "./bindings/RefTarget";
import { textEdits, type LintBody } from "./edits";

export interface EditorHooks {
  onChange: () => void;
  onCursor: () => void;
  refTargets: () => Promise<RefTarget[]>;
  keys: { save: () => void; next: () => void; prev: () => void };
}

export class Editor {
  readonly view: EditorView;
  private readonly language = new Compartment();
  /** Edits made since the last lint request, to map its results onto the current text. */
  private sinceRequest: ChangeSet | null = null;
  private requestDoc: Text | null = null;
  /** The diagnostics last handed to CodeMirror (null: unknown, e.g. after a reload), and
   * the edits made since, to tell whether a new set would show anything different. */
  private shown: Diagnostic[] | null = null;
  /** The last lint request of this document (the studio keeps its text), and the edits
   * made since: the next request sends only those. */
  private mirror: number | null = null;
  private sinceMirror: ChangeSet | null = null;
  private sinceShown: ChangeSet | null = null;
  private silent = false;
  private mode: "yaml" | "json" = "yaml";

  constructor(parent: HTMLElement, private readonly hooks: EditorHooks) {
    this.view = new EditorView({
      parent,
      state: EditorState.create({ doc: "", extensions: this.extensions("yaml") }),
    });
  }

  private extensions(mode: "yaml" | "json"): Extension[] {
    return [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      foldGutter(),
      drawSelection(),
      dropCursor(),
      EditorState.allowMultipleSelections.of(true),
      indentOnInput(),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      bracketMatching(),
      closeBrackets(),
      autocompletion({ override: [(ctx) => this.complete(ctx)], activateOnTyping: true }),
      rectangularSelection(),
      crosshairCursor(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      search({ top: true }),
      lintGutter(),
      this.language.of(mode === "json" ? json() : yaml()),
      keymap.of([
        { key: "Mod-s", run: () => (this.hooks.keys.save(), true), preventDefault: true },
        { key: "F8", run: () => (this.hooks.keys.next(), true) },
        { key: "Shift-F8", run: () => (this.hooks.keys.prev(), true) },
        ...closeBracketsKeymap,
        ...defaultKeymap,
        ...searchKeymap,
        ...historyKeymap,
        ...foldKeymap,
        ...completionKeymap,
        indentWithTab,
      ]),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) {
          if (this.sinceRequest) this.sinceRequest = this.sinceRequest.compose(u.changes);
          if (this.sinceShown) this.sinceShown = this.sinceShown.compose(u.changes);
          if (this.sinceMirror) this.sinceMirror = this.sinceMirror.compose(u.changes);
          if (!this.silent) this.hooks.onChange();
        }
        if (u.selectionSet || u.docChanged) this.hooks.onCursor();
      }),
    ];
  }

  /** Replaces the document (a new file, or a reload); resets undo history for a new file. */
  load(text: string, path: string, keepHistory = false): void {
    const mode = path.endsWith(".json") ? "json" : "yaml";
    this.mode = mode;
    this.silent = true;
    try {
      if (keepHistory) {
        const anchor = Math.min(this.view.state.selection.main.head, text.length);
        this.view.dispatch({
          changes: { from: 0, to: this.view.state.doc.length, insert: text },
          selection: { anchor },
        });
      } else {
        this.view.setState(EditorState.create({ doc: text, extensions: this.extensions(mode) }));
      }
    } finally {
      this.silent = false;
    }
    this.sinceRequest = null;
    this.requestDoc = null;
    this.shown = null;
    this.sinceShown = null;
    this.mirror = null;
    this.sinceMirror = null;
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  /**
   * Marks the text lint request `version` is about to read, and says what to send: the
   * edits since the previous request (whose text the studio keeps), else the whole text.
   */
  beginRequest(version: number): { body: LintBody; wholeText: () => string } {
    const doc = this.view.state.doc;
    this.requestDoc = doc;
    this.sinceRequest = ChangeSet.empty(doc.length);
    const body: LintBody = this.mirror !== null && this.sinceMirror
      ? { edits: { base: this.mirror, edits: textEdits(this.sinceMirror) } }
      : { text: doc.toString() };
    this.mirror = version;
    this.sinceMirror = ChangeSet.empty(doc.length);
    // For a resend when the studio no longer has the text the edits apply to.
    return { body, wholeText: () => doc.toString() };
  }

  /** Shows findings (computed on the requested text) mapped onto the current text. */
  showFindings(findings: readonly Finding[]): void {
    const doc = this.requestDoc ?? this.view.state.doc;
    const changes = this.sinceRequest;
    const diagnostics: Diagnostic[] = findings.map((f) => {
      let { from, to } = rangeToOffsets(doc, f.range);
      if (changes) {
        from = changes.mapPos(from, 1);
        to = Math.max(from, changes.mapPos(to, -1));
      }
      return {
        from,
        to,
        severity: f.severity === "hint" ? "hint" : f.severity,
        source: f.rule,
        message: f.message,
      };
    });
    if (this.showing(diagnostics)) return;
    this.view.dispatch(setDiagnostics(this.view.state, diagnostics));
    this.shown = diagnostics;
    this.sinceShown = ChangeSet.empty(this.view.state.doc.length);
  }

  /**
   * Whether CodeMirror already shows exactly these diagnostics: the same list as last time,
   * each moved only by edits outside its range (those are mapped the same way by
   * CodeMirror and by us). Re-creating thousands of marks and gutter markers for an
   * unchanged list is most of the cost of showing findings on a big spec.
   */
  private showing(next: readonly Diagnostic[]): boolean {
    const shown = this.shown;
    const changes = this.sinceShown;
    if (!shown || !changes || shown.length !== next.length) return false;
    for (let i = 0; i < next.length; i++) {
      const a = shown[i];
      const b = next[i];
      if (a.severity !== b.severity || a.source !== b.source || a.message !== b.message) return false;
      if (changes.touchesRange(a.from, a.to)) return false;
      if (changes.mapPos(a.from, 1) !== b.from || changes.mapPos(a.to, -1) !== b.to) return false;
    }
    return true;
  }

  /** Selects a finding's range (computed on the current text) and scrolls it into view. */
  select(range: Finding["range"]): void {
    const { from, to } = rangeToOffsets(this.view.state.doc, range);
    this.view.dispatch({
      selection: { anchor: from, head: to },
      effects: EditorView.scrollIntoView(from, { y: "center" }),
    });
    this.view.focus();
  }

  private async complete(ctx: CompletionContext): Promise<CompletionResult | null> {
    const line = ctx.state.doc.lineAt(ctx.pos);
    const ref = refValueAt(line.text, ctx.pos - line.from);
    if (ref) {
      const targets = await this.hooks.refTargets();
      if (ctx.aborted) return null;
      return {
        from: line.from + ref.from,
        options: targets.map((t) => ({ label: t.reference, detail: t.section, type: "variable" })),
        validFor: /^[^'"\s]*$/,
      };
    }
    if (this.mode !== "yaml") return null;
    const word = ctx.matchBefore(/[$\w-]*/);
    if (!word || (word.from === word.to && !ctx.explicit)) return null;
    // Keys only at the start of a mapping entry ("  key" or "  - key").
    if (!/^\s*(-\s+)?[$\w-]*$/.test(line.text.slice(0, ctx.pos - line.from))) return null;
    const doc = ctx.state.doc;
    const above = function* (): Generator<string> {
      for (let n = line.number - 1; n >= 1; n--) yield doc.line(n).text;
    };
    const keys = keywordsFor(yamlPathOf(line.text.slice(0, ctx.pos - line.from), above()));
    if (keys.length === 0) return null;
    return {
      from: word.from,
      options: keys.map((k) => ({ label: k, type: "property", apply: `${k}: ` })),
      validFor: /^[$\w-]*$/,
    };
  }
}
