// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from "vitest";
import { banner, clearBanner } from "./banners";

beforeEach(() => {
  document.body.innerHTML = '<div id="banners"></div>';
});

function shown(kind: string): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(`#banners .banner[data-kind="${kind}"]`)];
}

describe("banner", () => {
  it("updates a banner of the same kind in place, and its buttons run the newest action", () => {
    const ran: string[] = [];
    const first = banner("disk", "changed (1)", [["Reload", "reload", () => ran.push("old")]]);
    const button = first.querySelector("button")!;
    const second = banner("disk", "changed (2)", [["Reload", "reload", () => ran.push("new")]]);
    expect(second).toBe(first);
    expect(first.querySelector("button")).toBe(button);
    expect(shown("disk")).toHaveLength(1);
    expect(first.querySelector(".text")!.textContent).toBe("changed (2)");
    button.click();
    expect(ran).toEqual(["new"]);
    expect(shown("disk")).toHaveLength(0);
  });

  it("rebuilds the banner when the offered actions differ", () => {
    const first = banner("disk", "changed", [["Reload", "reload", () => {}], ["Keep", "keep", () => {}]]);
    const second = banner("disk", "removed", [["Keep", "keep", () => {}]]);
    expect(second).not.toBe(first);
    expect(shown("disk")).toEqual([second]);
    expect(second.querySelectorAll("button")).toHaveLength(1);
  });

  it("keeps banners of other kinds, and clears only the named kind", () => {
    banner("disk", "changed", [["Keep", "keep", () => {}]]);
    banner("recover:a.yaml", "recovered", [["Restore", "restore", () => {}]]);
    clearBanner("disk");
    expect(shown("disk")).toHaveLength(0);
    expect(shown("recover:a.yaml")).toHaveLength(1);
  });
});
