// Parses Mermaid files with the official parser (npm `mermaid`), under jsdom so no browser
// is needed: mermaid's DOMPurify import wants a window even for parse().
// Usage: node parse-mermaid.mjs FILE...   (exit 1 on the first file that does not parse)
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const k of ['Element', 'HTMLElement', 'Node', 'DOMParser', 'SVGElement']) {
  if (!(k in globalThis)) globalThis[k] = dom.window[k];
}

const { default: mermaid } = await import('mermaid');
// Our diagrams are large by design (every schema of a spec); the size caps only guard
// rendering in a browser.
mermaid.initialize({ startOnLoad: false, maxTextSize: 50_000_000, maxEdges: 1_000_000 });

let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  try {
    const r = await mermaid.parse(text);
    console.log(`ok ${file} (${r.diagramType})`);
  } catch (e) {
    failed++;
    console.log(`FAILED ${file}: ${String(e.message || e).split('\n').slice(0, 6).join('\n  ')}`);
  }
}
process.exit(failed ? 1 : 0);
