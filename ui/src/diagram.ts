// The diagram panel: the engine's three views as SVG, with pan (drag), zoom (wheel) and
// click-to-source through the nodes' data-file/data-pointer attributes.
import { invoke } from "@tauri-apps/api/core";
import { h } from "./dom";
import type { DiagramView } from "./bindings/DiagramView";
import type { SourcePlace } from "./bindings/SourcePlace";
import type { Host } from "./views";

export const VIEWS = ["schemas", "resources", "gateway"] as const;
type ViewName = (typeof VIEWS)[number];

/** Pan/zoom state as a CSS transform; zoom keeps the point under the cursor still. */
export class PanZoom {
  x = 0;
  y = 0;
  scale = 1;

  zoomAt(px: number, py: number, factor: number): void {
    const next = Math.min(8, Math.max(0.05, this.scale * factor));
    const k = next / this.scale;
    this.x = px - (px - this.x) * k;
    this.y = py - (py - this.y) * k;
    this.scale = next;
  }

  pan(dx: number, dy: number): void {
    this.x += dx;
    this.y += dy;
  }

  get transform(): string {
    return `translate(${this.x}px, ${this.y}px) scale(${this.scale})`;
  }
}

export class DiagramPanel {
  private view: ViewName = "schemas";
  private readonly tabs = h("div", { class: "controls", id: "diagram-views" });
  private readonly info = h("span", { id: "diagram-info", class: "muted" });
  private readonly stage = h("div", { id: "diagram-stage" });
  private readonly canvas = h("div", { id: "diagram-canvas" });
  private readonly pz = new PanZoom();
  private seq = 0;

  constructor(el: HTMLElement, private readonly host: Host) {
    this.stage.append(this.canvas);
    el.replaceChildren(this.tabs, this.info, this.stage);
    this.renderTabs();
    let drag: { x: number; y: number; moved: boolean } | null = null;
    this.stage.addEventListener("wheel", (e) => {
      e.preventDefault();
      const r = this.stage.getBoundingClientRect();
      this.pz.zoomAt(e.clientX - r.left, e.clientY - r.top, e.deltaY < 0 ? 1.15 : 1 / 1.15);
      this.apply();
    }, { passive: false });
    this.stage.addEventListener("mousedown", (e) => { drag = { x: e.clientX, y: e.clientY, moved: false }; });
    window.addEventListener("mousemove", (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
      drag.x = e.clientX;
      drag.y = e.clientY;
      if (drag.moved) { this.pz.pan(dx, dy); this.apply(); }
    });
    window.addEventListener("mouseup", () => { setTimeout(() => (drag = null), 0); });
    this.canvas.addEventListener("click", (e) => {
      if (drag?.moved) return;
      const node = (e.target as Element).closest("[data-pointer]");
      if (node) void this.jump(node.getAttribute("data-file") ?? "", node.getAttribute("data-pointer") ?? "");
    });
  }

  private renderTabs(): void {
    this.tabs.replaceChildren(...VIEWS.map((v) => h("button", {
      id: `diagram-${v}`, class: v === this.view ? "active" : "",
      onclick: () => { this.view = v; this.renderTabs(); this.refresh(); },
    }, v[0].toUpperCase() + v.slice(1))),
    h("button", { id: "diagram-fit", onclick: () => this.fit() }, "Fit"));
  }

  private apply(): void {
    this.canvas.style.transform = this.pz.transform;
  }

  private fit(): void {
    const svg = this.canvas.querySelector("svg");
    if (!svg) return;
    const w = Number(svg.getAttribute("width")) || 1, ht = Number(svg.getAttribute("height")) || 1;
    const r = this.stage.getBoundingClientRect();
    this.pz.scale = Math.min(1, Math.min(r.width / w, r.height / ht) * 0.95);
    this.pz.x = 0;
    this.pz.y = 0;
    this.apply();
  }

  refresh(): void {
    const b = this.host.buffer();
    if (!b) return;
    const mine = ++this.seq;
    const view = this.view;
    invoke<DiagramView>("diagram", { path: b.path, text: b.text, view }).then((d) => {
      if (mine !== this.seq) return;
      const first = !this.canvas.firstChild || this.canvas.dataset.view !== view;
      this.canvas.dataset.view = view;
      if (d.svg !== null) {
        // The SVG is built by the Rust engine from spec text it escapes; the CSP forbids
        // inline scripts and handlers all the same.
        this.canvas.innerHTML = d.svg;
        this.info.textContent = `${d.nodes} nodes · drag to pan, wheel to zoom, click a node to see its source`;
        this.info.className = "muted";
        if (first) this.fit();
      } else {
        this.info.textContent = d.error ?? "No diagram";
        this.info.className = "error";
      }
    }, (e) => {
      if (mine === this.seq) { this.info.textContent = String(e); this.info.className = "error"; }
    });
  }

  private async jump(file: string, pointer: string): Promise<void> {
    const b = this.host.buffer();
    if (!b) return;
    try {
      const place = await invoke<SourcePlace | null>("locate_node", { path: b.path, text: b.text, file, pointer });
      if (place) this.host.select(place.file, place.range);
      else this.host.message(`No source for ${pointer}`, true);
    } catch (e) {
      this.host.message(String(e), true);
    }
  }
}
