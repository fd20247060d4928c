"""Fixtures for the studio's end-to-end tests: a fresh copy of the example workspace and
the real app driven over WebDriver (tauri-driver, started by tests/e2e/run.sh)."""
import os
import shutil
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.common.by import By
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 20


def wait_for(pred, what, timeout=TIMEOUT):
    """Polls `pred` until it returns something truthy; fails with `what` otherwise."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = pred()
            if last:
                return last
        except Exception as e:  # the page may be mid-update
            last = e
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


class Studio:
    def __init__(self, driver, workspace: Path):
        self.d = driver
        self.workspace = workspace

    def js(self, script, *args):
        return self.d.execute_script(script, *args)

    def text(self):
        return self.js("return window.specwright.text()")

    def selection(self):
        return self.js("return window.specwright.selection()")

    def current(self):
        return self.js("return window.specwright.current()")

    def offset_of(self, line, character):
        return self.js("return window.specwright.offsetOf(arguments[0], arguments[1])", line, character)

    def type_at(self, offset, keys):
        """Moves the caret and types real key presses into the focused editor."""
        self.js("window.specwright.cursorTo(arguments[0])", offset)
        # WebKitWebDriver drops a literal newline: press Enter instead.
        ActionChains(self.d).send_keys(keys.replace("\n", Keys.ENTER)).perform()

    def findings(self):
        rows = self.d.find_elements(By.CSS_SELECTOR, "#findings-list li.finding")
        return [
            {
                "rule": r.get_attribute("data-rule"),
                "file": r.get_attribute("data-file"),
                "line": int(r.get_attribute("data-line")),
                "el": r,
            }
            for r in rows
        ]

    def settled_findings(self, pred, what):
        """Findings once linting has caught up with the editor (nothing waiting or in
        flight), filtered by `pred`; rows of an earlier lint may be replaced under a click."""

        def settled():
            if not self.js("return window.specwright.lintIdle()"):
                return None
            rows = [f for f in self.findings() if pred(f)]
            return rows if rows and self.js("return window.specwright.lintIdle()") else None

        return wait_for(settled, what)

    def line_of(self, needle):
        """0-based line of the first line containing `needle` in the editor."""
        for i, line in enumerate(self.text().split("\n")):
            if needle in line:
                return i
        raise AssertionError(f"{needle!r} not in the editor")

    def tab(self, name):
        self.d.find_element(By.ID, f"tab-{name}").click()
        return self.d.find_element(By.ID, f"panel-{name}")


@pytest.fixture
def workspace(tmp_path):
    """A private copy of examples/, so tests can edit and save freely."""
    ws = tmp_path / "examples"
    shutil.copytree(ROOT / "examples", ws)
    return ws


def launch(args):
    opts = ArgOptions()
    opts.set_capability("browserName", "wry")
    opts.set_capability("tauri:options", {"application": os.environ["SPECWRIGHT_APP"], "args": args})
    d = webdriver.Remote(os.environ.get("SPECWRIGHT_WEBDRIVER", "http://127.0.0.1:4444"), options=opts)
    d.set_script_timeout(TIMEOUT)
    wait_for(lambda: d.execute_script("return document.body.dataset.ready") == "true", "the studio to start")
    return d


@pytest.fixture
def studio(workspace):
    d = launch([str(workspace)])
    s = Studio(d, workspace)
    # The first lint of the opened spec has been applied.
    wait_for(lambda: s.js("return window.specwright.lintSeq()") >= 1, "the first lint")
    yield s
    d.quit()
