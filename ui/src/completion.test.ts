import { describe, expect, it } from "vitest";
import { contextKind, keywordsAt, keywordsFor, refValueAt, yamlPathAt, yamlPathOf } from "./completion";

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

describe("yamlPathOf", () => {
  /** The lines above `offset`, nearest first, counting how many were read. */
  function linesAbove(text: string, offset: number): { current: string; above: Iterable<string>; read: () => number } {
    const lines = text.slice(0, offset).split("\n");
    const current = lines.pop() ?? "";
    let read = 0;
    function* above(): Generator<string> {
      for (let i = lines.length - 1; i >= 0; i--) {
        read++;
        yield lines[i];
      }
    }
    return { current, above: above(), read: () => read };
  }

  it("gives yamlPathAt's path at every offset of a spec", () => {
    const text = [
      "openapi: 3.0.3",
      "info:",
      "  title: Books",
      "  # a comment",
      "  contact: {name: a}",
      "tags:",
      "  - name: books",
      "    description: Books.",
      "paths:",
      "  /books:",
      "    get:",
      "      parameters:",
      "        - name: q",
      "          in: query",
      "          schema:",
      "            type: string",
      "",
      "      responses:",
      "        '200':",
      "          description: ok",
      "components:",
      "  schemas:",
      "    Book:",
      "      type: object",
      "      properties:",
      "        title: {type: string}",
      "",
    ].join("\n");
    for (let offset = 0; offset <= text.length; offset++) {
      const { current, above } = linesAbove(text, offset);
      expect(yamlPathOf(current, above)).toEqual(yamlPathAt(text, offset));
    }
  });

  it("reads the lines above only up to the root key", () => {
    const filler = Array.from({ length: 5000 }, (_, i) => `x-k${i}: v`).join("\n");
    const { text, offset } = at(`openapi: 3.0.3\n${filler}\ninfo:\n  title: x\n\n  co|`);
    const { current, above, read } = linesAbove(text, offset);
    expect(keywordsFor(yamlPathOf(current, above))).toContain("contact");
    expect(read()).toBe(3);
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
