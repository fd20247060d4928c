// YAML for the editors: CodeMirror's stream tokenizer for YAML (legacy modes) and folding by
// indentation. @codemirror/lang-yaml's Lezer grammar re-parsed for 5-8 ms on every keystroke
// at the end of a 100 KB spec in WebKit, before the editor could report the edit; the stream
// tokenizer re-reads from the edited line only.
import { LanguageSupport, StreamLanguage, foldService } from "@codemirror/language";
import type { Text } from "@codemirror/state";
import { yaml as yamlMode } from "@codemirror/legacy-modes/mode/yaml";
import { indentOf, isBlankOrComment } from "./completion";

const yamlLanguage = StreamLanguage.define(yamlMode);

/**
 * The range folded at line `number` (1-based): from its end to the end of the last line of
 * the block under it, i.e. the lines indented deeper, and a key's list items written at the
 * key's own indentation (`key:` then `- item`). Null when nothing is under the line.
 */
export function yamlFoldRange(doc: Text, number: number): { from: number; to: number } | null {
  const line = doc.line(number);
  if (isBlankOrComment(line.text)) return null;
  const indent = indentOf(line.text);
  // `key:` (or `- key:`) with nothing after the colon may own a sequence at its indentation.
  const ownsSameIndentItems = /:\s*(#.*)?$/.test(line.text) && !/^\s*-\s/.test(line.text);
  let last = null;
  for (let n = number + 1; n <= doc.lines; n++) {
    const next = doc.line(n);
    if (isBlankOrComment(next.text)) continue;
    const i = indentOf(next.text);
    const sameIndentItem = ownsSameIndentItems && i === indent && /^\s*-(\s|$)/.test(next.text);
    if (i <= indent && !sameIndentItem) break;
    last = next;
  }
  return last ? { from: line.to, to: last.to } : null;
}

const yamlFolding = foldService.of((state, lineStart) =>
  yamlFoldRange(state.doc, state.doc.lineAt(lineStart).number));

export function yaml(): LanguageSupport {
  return new LanguageSupport(yamlLanguage, [yamlFolding]);
}
