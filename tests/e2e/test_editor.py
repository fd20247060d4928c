"""The studio opens a workspace, edits, lints live and saves: the editor and findings panel."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains

from conftest import wait_for, launch

SPEC = "bookshop/openapi.yaml"
REF = 'parameters/Cursor"'


def test_opens_the_example_workspace(studio):
    d = studio.d
    assert d.title.startswith("Specwright")
    wait_for(lambda: "bookshop/openapi.yaml" in d.title, "the title to name the spec")
    assert studio.current() == SPEC
    assert studio.text().startswith("openapi: 3.0.3")
    tree = d.find_element(By.ID, "file-tree")
    spec = tree.find_element(By.CSS_SELECTOR, f'li.file.spec[data-path="{SPEC}"]')
    tree.find_element(By.CSS_SELECTOR, 'li.file[data-path="bookshop/components.yaml"]')
    # Its governance status arrives in the background and is shown as a badge.
    wait_for(lambda: spec.get_attribute("data-errors") != "", "the spec's status badge")
    assert spec.find_element(By.CSS_SELECTOR, ".badge")


def test_opening_a_spec_path_opens_that_file(workspace):
    d = launch([str(workspace / "bookshop" / "components.yaml")])
    try:
        assert d.execute_script("return window.specwright.current()") == "components.yaml"
        assert "components:" in d.execute_script("return window.specwright.text()")
    finally:
        d.quit()


def test_a_violation_appears_at_its_line_and_clicking_selects_it(studio):
    line = studio.line_of(REF)
    before = studio.js("return window.specwright.lintSeq()")
    # Break the $ref by typing into the editor, right before the closing quote.
    col = studio.text().split("\n")[line].index(REF) + len(REF) - 1
    studio.type_at(studio.offset_of(line, col), "Typo")
    assert "parameters/CursorTypo" in studio.text()
    rows = studio.settled_findings(lambda f: f["rule"] == "invalid-ref", "the broken $ref to be reported")
    assert studio.js("return window.specwright.lintSeq()") > before
    assert rows[0]["line"] == line + 1, "the finding points at the edited line"
    assert rows[0]["file"] == SPEC
    # The gutter shows the mark too.
    wait_for(lambda: studio.d.find_elements(By.CSS_SELECTOR, ".cm-lint-marker-error"), "a gutter mark")

    # Move the caret away, then click the finding: the editor selects the $ref's range.
    studio.js("window.specwright.cursorTo(0)")
    assert studio.selection() == {"from": 0, "to": 0}
    rows[0]["el"].click()
    sel = wait_for(lambda: (s := studio.selection()) and s["from"] != s["to"] and s, "a selection")
    selected = studio.text()[sel["from"] : sel["to"]]
    assert "CursorTypo" in selected
    assert studio.text()[: sel["from"]].count("\n") == line
    # The status bar follows the caret a frame later.
    wait_for(lambda: f"Ln {line + 1}," in studio.d.find_element(By.ID, "status-cursor").text, "the caret's line")

    # Delete the typo again: the finding goes away.
    studio.type_at(sel["to"] - 1, Keys.BACKSPACE * 4)
    assert 'parameters/Cursor"' in studio.text()
    wait_for(lambda: not [f for f in studio.findings() if f["rule"] == "invalid-ref"], "the finding to clear")


def test_findings_kept_from_the_last_answer_move_with_the_lines_typed_above_them(studio):
    """After the first answer the studio sends only the findings that changed
    (src-tauri/src/delta.rs); those kept from the shown answer must still land on their lines."""
    # The example is clean: break a $ref to have a finding.
    line = studio.line_of(REF)
    studio.type_at(studio.offset_of(line, studio.text().split("\n")[line].index(REF) + len(REF) - 1), "Typo")
    studio.settled_findings(lambda f: f["rule"] == "invalid-ref", "the broken $ref to be reported")
    lines = sorted((f["rule"], f["line"]) for f in studio.findings() if f["file"] == SPEC)
    assert ("invalid-ref", line + 1) in lines, lines
    seq = studio.js("return window.specwright.lintSeq()")
    # A new line at the end of the first: every finding below it moves down by one.
    studio.type_at(studio.offset_of(0, len(studio.text().split("\n")[0])), "\n")
    expected = sorted((rule, line if line == 1 else line + 1) for rule, line in lines)

    def moved():
        if studio.js("return window.specwright.lintSeq()") <= seq or not studio.js("return window.specwright.lintIdle()"):
            return None
        return sorted((f["rule"], f["line"]) for f in studio.findings() if f["file"] == SPEC) == expected

    wait_for(moved, "the findings to move down a line")
    delta = studio.js("return window.specwright.lintDelta()")
    assert delta is not None, "the answer came as a change to the shown one"
    assert delta["tail_lines"] == 1 and delta["tail"] > 0, delta


def test_next_and_previous_finding(studio):
    lines = []
    for needle in ['parameters/Cursor"', 'parameters/Limit"']:
        line = studio.line_of(needle)
        col = studio.text().split("\n")[line].index(needle) + len(needle) - 1
        studio.type_at(studio.offset_of(line, col), "X")
        lines.append(line)
    wait_for(
        lambda: len(studio.settled_findings(lambda f: f["rule"] == "invalid-ref", "invalid-ref findings")) >= 2,
        "two findings",
    )
    studio.js("window.specwright.cursorTo(0)")
    studio.d.find_element(By.ID, "next-finding").click()
    first = wait_for(lambda: studio.selection()["from"] > 0 and studio.selection(), "the first finding")
    studio.d.find_element(By.ID, "next-finding").click()
    second = wait_for(lambda: studio.selection()["from"] > first["from"] and studio.selection(), "the second finding")
    assert studio.text()[: second["from"]].count("\n") == max(lines)
    studio.d.find_element(By.ID, "prev-finding").click()
    wait_for(lambda: studio.selection()["from"] == first["from"], "back to the first finding")


def test_save_writes_the_file_and_clears_dirty(studio):
    path = studio.workspace / SPEC
    studio.type_at(studio.offset_of(0, 0), "# edited in the studio\n")
    wait_for(lambda: studio.js("return window.specwright.dirty()"), "the buffer to be dirty")
    wait_for(lambda: studio.d.title.endswith("●"), "the title to show unsaved changes")
    ActionChains(studio.d).key_down(Keys.CONTROL).send_keys("s").key_up(Keys.CONTROL).perform()
    wait_for(lambda: path.read_text().startswith("# edited in the studio\n"), "the save")
    wait_for(lambda: not studio.js("return window.specwright.dirty()"), "a clean buffer")
    assert path.read_text() == studio.text()
    # Atomic save: no temporary file is left beside it.
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".specwright-tmp")]


def test_keyword_completion_offers_the_keys_of_the_object_at_the_cursor(studio):
    version = studio.line_of("  version: 1.4.0")
    end = len(studio.text().split("\n")[version])
    studio.type_at(studio.offset_of(version, end), "\n")
    new_line = lambda: studio.text().split("\n")[version + 1]  # noqa: E731
    indent = len(new_line())
    ActionChains(studio.d).send_keys(" " * max(0, 2 - indent) + Keys.BACKSPACE * max(0, indent - 2)).perform()
    ActionChains(studio.d).send_keys("co").perform()
    wait_for(lambda: new_line() == "  co", "a key being typed under info")
    ActionChains(studio.d).key_down(Keys.CONTROL).send_keys(" ").key_up(Keys.CONTROL).perform()
    options = wait_for(
        lambda: [o.text for o in studio.d.find_elements(By.CSS_SELECTOR, ".cm-tooltip-autocomplete li")],
        "the completion list",
    )
    # The keys of the Info object, found from the lines above the cursor.
    assert any(o.startswith("contact") for o in options), options
    assert not any(o.startswith("components") for o in options), options


def test_ref_completion_offers_components(studio):
    line = studio.line_of(REF)
    text_line = studio.text().split("\n")[line]
    start = text_line.index('"./components.yaml') + 1
    end = text_line.rindex('"')
    # Replace the reference with a prefix and ask for completion.
    studio.js(
        "window.specwright.cursorTo(arguments[0])", studio.offset_of(line, end)
    )
    ActionChains(studio.d).send_keys(Keys.BACKSPACE * (end - start)).send_keys("./comp").perform()
    ActionChains(studio.d).key_down(Keys.CONTROL).send_keys(" ").key_up(Keys.CONTROL).perform()
    options = wait_for(
        lambda: [o.text for o in studio.d.find_elements(By.CSS_SELECTOR, ".cm-tooltip-autocomplete li")],
        "the completion list",
    )
    assert any("./components.yaml#/components/parameters/Limit" in o for o in options), options
