import { describe, expect, it } from "vitest";
import { PanZoom } from "./diagram";

describe("PanZoom", () => {
  it("zooms around the cursor: the point under it stays put", () => {
    const pz = new PanZoom();
    pz.pan(10, 20);
    // Content point under screen (110, 220) before zooming.
    const cx = (110 - pz.x) / pz.scale, cy = (220 - pz.y) / pz.scale;
    pz.zoomAt(110, 220, 2);
    expect(pz.scale).toBe(2);
    expect(cx * pz.scale + pz.x).toBeCloseTo(110);
    expect(cy * pz.scale + pz.y).toBeCloseTo(220);
    expect(pz.transform).toBe(`translate(${pz.x}px, ${pz.y}px) scale(2)`);
  });

  it("bounds the zoom", () => {
    const pz = new PanZoom();
    for (let i = 0; i < 50; i++) pz.zoomAt(0, 0, 2);
    expect(pz.scale).toBe(8);
    for (let i = 0; i < 100; i++) pz.zoomAt(0, 0, 0.5);
    expect(pz.scale).toBe(0.05);
  });
});
