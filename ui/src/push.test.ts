import { describe, expect, it } from "vitest";
import { countsText, pushBlockers, reviewerProblem, type PushState } from "./push";
import type { PushPreview } from "./bindings/PushPreview";

function preview(approvable: boolean): PushPreview {
  return {
    spec: "bookshop/openapi.yaml", remote: "/r.git", branch: "main", new_branch: false, dir: "apis/bookshop-api",
    remote_tip: "a".repeat(40), policy: "default", approvable, refusals: approvable ? [] : ["governance: 1 finding(s)"],
    fail_severity: "error",
    counts: [{ severity: "error", count: approvable ? 0 : 1 }, { severity: "warn", count: 2 }, { severity: "info", count: 0 }, { severity: "hint", count: 0 }],
    ruleset: ".spectral.yaml", blocking: [], translation_error: null, compared: false, old_version: null, new_version: null,
    breaking: 0, breaking_accepted: null, changes: [], spec_sha256: "b".repeat(64), record: "{}",
  };
}

const ready: PushState = { dirty: false, busy: false, preview: preview(true), current: true, pushed: false, reviewer: "Rita <rita@example.com>" };

describe("reviewerProblem", () => {
  it("accepts Name <email> like the engine, and says what is wrong otherwise", () => {
    expect(reviewerProblem(" Rita Reviewer <rita@example.com> ")).toBeNull();
    expect(reviewerProblem("")).toBe("enter the reviewer");
    for (const bad of ["rita@example.com", "<rita@example.com>", "Rita <rita>", "Rita <a b@example.com>", "Rita <r@e.com"]) {
      expect(reviewerProblem(bad), bad).toMatch(/Name <email/);
    }
  });
});

describe("pushBlockers", () => {
  it("enables Push only for a current, passing preview of a saved file with a reviewer", () => {
    expect(pushBlockers(ready)).toEqual([]);
    expect(pushBlockers({ ...ready, dirty: true })).toContain("save the file first");
    expect(pushBlockers({ ...ready, busy: true })).toContain("working…");
    expect(pushBlockers({ ...ready, preview: null })).toContain("check the gate first");
    expect(pushBlockers({ ...ready, current: false })).toContain("check the gate first");
    expect(pushBlockers({ ...ready, preview: preview(false) })).toEqual(["the gate refuses this version"]);
    expect(pushBlockers({ ...ready, reviewer: " " })).toEqual(["enter the reviewer"]);
    expect(pushBlockers({ ...ready, pushed: true })).toEqual(["this version is pushed"]);
  });
});

describe("countsText", () => {
  it("lists the non-zero counts", () => {
    expect(countsText(preview(false))).toBe("1 error · 2 warn");
    const clean = preview(true);
    clean.counts = clean.counts.map((c) => ({ ...c, count: 0 }));
    expect(countsText(clean)).toBe("no findings");
  });
});
