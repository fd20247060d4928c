// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { KeyedRows, setChildren } from "./rows";

describe("KeyedRows", () => {
  const made: string[] = [];
  const rows = () =>
    new KeyedRows<string>((s) => s, (s) => {
      made.push(s);
      const li = document.createElement("li");
      li.textContent = s;
      return li;
    });

  it("reuses the element of an unchanged key and makes new ones only for new keys", () => {
    made.length = 0;
    const r = rows();
    const [a, b] = r.rows(["a", "b"]);
    const [b2, c, a2] = r.rows(["b", "c", "a"]);
    expect(b2).toBe(b);
    expect(a2).toBe(a);
    expect(c.textContent).toBe("c");
    expect(made).toEqual(["a", "b", "c"]);
  });

  it("gives duplicate keys distinct elements", () => {
    const r = rows();
    const [x1, x2] = r.rows(["x", "x"]);
    expect(x1).not.toBe(x2);
    const again = r.rows(["x", "x"]);
    expect(new Set(again)).toEqual(new Set([x1, x2]));
  });

  it("drops rows that were not in the last call", () => {
    made.length = 0;
    const r = rows();
    r.rows(["a"]);
    r.rows(["b"]);
    r.rows(["a"]);
    expect(made).toEqual(["a", "b", "a"]);
  });
});

describe("setChildren", () => {
  it("leaves the DOM alone when the children are the same", () => {
    const ol = document.createElement("ol");
    const items = [document.createElement("li"), document.createElement("li")];
    expect(setChildren(ol, items)).toBe(true);
    expect(setChildren(ol, items)).toBe(false);
    expect(setChildren(ol, [items[1]])).toBe(true);
    expect([...ol.childNodes]).toEqual([items[1]]);
  });
});
