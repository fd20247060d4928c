// Read-only, highlighted code views (generated Kong config, mock bodies).
import { EditorState } from "@codemirror/state";
import { EditorView, lineNumbers } from "@codemirror/view";
import { foldGutter, syntaxHighlighting, defaultHighlightStyle } from "@codemirror/language";
import { yaml } from "./yaml";
import { json } from "@codemirror/lang-json";

export class CodeView {
  readonly view: EditorView;

  constructor(parent: HTMLElement, private readonly lang: "yaml" | "json") {
    this.view = new EditorView({ parent, state: this.state("") });
  }

  private state(doc: string): EditorState {
    return EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        foldGutter(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        EditorState.readOnly.of(true),
        EditorView.editable.of(false),
        this.lang === "json" ? json() : yaml(),
      ],
    });
  }

  set(text: string): void {
    if (text === this.view.state.doc.toString()) return;
    this.view.setState(this.state(text));
  }

  get text(): string {
    return this.view.state.doc.toString();
  }
}
