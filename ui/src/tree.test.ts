import { describe, expect, it } from "vitest";
import { buildTree } from "./tree";
import { onDiskChange } from "./buffer";

describe("buildTree", () => {
  it("nests files under folders, folders first", () => {
    const t = buildTree([
      { path: "z.yaml", spec: false, size: 1 },
      { path: "bookshop/openapi.yaml", spec: true, size: 1 },
      { path: "bookshop/components.yaml", spec: false, size: 1 },
    ]);
    expect(t.children.map((c) => c.name)).toEqual(["bookshop", "z.yaml"]);
    expect(t.children[0].children.map((c) => c.path)).toEqual(["bookshop/components.yaml", "bookshop/openapi.yaml"]);
    expect(t.children[0].children[1].file?.spec).toBe(true);
  });
});

describe("onDiskChange", () => {
  it("ignores our own save echoing back", () => {
    expect(onDiskChange("a", "a", "a")).toBe("ignore");
    expect(onDiskChange("b", "a", "a")).toBe("ignore");
  });
  it("reloads a clean buffer and asks for a dirty one", () => {
    expect(onDiskChange("a", "a", "c")).toBe("reload");
    expect(onDiskChange("b", "a", "c")).toBe("prompt");
  });
  it("marks the buffer clean when the disk now has its text", () => {
    expect(onDiskChange("b", "a", "b")).toBe("mark-clean");
  });
  it("asks when the file was removed", () => {
    expect(onDiskChange("a", "a", null)).toBe("prompt");
  });
});
