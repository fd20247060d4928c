import { describe, expect, it } from "vitest";
import { contextKind, keywordsAt, refValueAt, yamlPathAt } from "./completion";

function at(src: string): { text: string; offset: number } {
  const offset = src.indexOf("|");
  return { text: src.replace("|", ""), offset };
}

describe("yamlPathAt", () => {
  it("follows indentation up to the root", () => {
    const { text, offset } = at("openapi: 3.0.3\ninfo:\n  title: x\n  co|");
    expect(yamlPathAt(text, offset)).toEqual(["info"]);
  });

  it("sees list items and the keys under them", () => {
    const src = "paths:\n  /books:\n    get:\n      parameters:\n        - name: q\n          in: query\n          sch|";
    const { text, offset } = at(src);
    expect(yamlPathAt(text, offset)).toEqual(["paths", "/books", "get", "parameters", "[]"]);
  });

  it("treats a new list item as the parent of its first key", () => {
    const { text, offset } = at("tags:\n  - name: a\n  - na|");
    expect(yamlPathAt(text, offset)).toEqual(["tags", "[]"]);
  });

  it("skips blank lines and comments", () => {
    const { text, offset } = at("components:\n  schemas:\n\n    # the book\n    Book:\n      ty|");
    expect(yamlPathAt(text, offset)).toEqual(["components", "schemas", "Book"]);
  });
});

describe("keywords", () => {
  it("offers the keys of the object at the cursor", () => {
    expect(contextKind([])).toBe("root");
    expect(contextKind(["paths", "/books"])).toBe("pathItem");
    expect(contextKind(["paths", "/books", "get"])).toBe("operation");
    expect(contextKind(["paths", "/b", "get", "responses", "200"])).toBe("response");
    expect(contextKind(["paths", "/b", "get", "responses", "200", "content", "application/json", "schema"])).toBe("schema");
    expect(contextKind(["components", "schemas", "Book", "properties", "title"])).toBe("schema");
    expect(contextKind(["components", "schemas"])).toBeNull();
    expect(contextKind(["paths"])).toBeNull();
    const { text, offset } = at("openapi: 3.0.3\ninfo:\n  ti|");
    expect(keywordsAt(text, offset)).toContain("title");
    expect(keywordsAt("op", 2)).toContain("openapi");
  });
});

describe("refValueAt", () => {
  it("finds the $ref value being typed in YAML and JSON", () => {
    expect(refValueAt("      $ref: './comp", 19)).toEqual({ from: 13, prefix: "./comp" });
    expect(refValueAt('    "$ref": "#/compo', 20)).toEqual({ from: 13, prefix: "#/compo" });
    expect(refValueAt("      $ref: ", 12)).toEqual({ from: 12, prefix: "" });
    expect(refValueAt("      description: x", 20)).toBeNull();
  });
});
