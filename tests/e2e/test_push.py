"""Approve and push: the workspace is a git work tree whose origin is a local bare repository;
the panel gates the saved spec and pushes it there, or refuses and leaves it untouched."""
import json
import subprocess

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import wait_for

SPEC = "bookshop/openapi.yaml"
API_DIR = "apis/bookshop-api"
REVIEWER = "Rita Reviewer <rita@example.com>"


def git(*args, cwd=None):
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True, timeout=60
    ).stdout.strip()


@pytest.fixture
def remote(workspace, tmp_path):
    """A bare repository holding the workspace's first commit, as its `origin`."""
    bare = tmp_path / "remote.git"
    git("init", "-q", "--bare", "-b", "main", str(bare))
    git("init", "-q", "-b", "main", cwd=workspace)
    git("add", ".", cwd=workspace)
    git("commit", "-q", "-m", "Bookshop API", cwd=workspace)
    git("remote", "add", "origin", str(bare), cwd=workspace)
    git("push", "-q", "origin", "main", cwd=workspace)
    return bare


def refs(bare):
    return git("--git-dir", str(bare), "for-each-ref", "--format=%(refname) %(objectname)")


def el(studio, id_):
    return studio.d.find_element(By.ID, id_)


def gate_state(studio, state):
    return wait_for(lambda: el(studio, "push-gate").get_attribute("data-state") == state, f"the gate to be {state}", timeout=60)


def test_approve_and_push_to_a_bare_repository(remote, studio):
    assert studio.current() == SPEC
    studio.tab("push")
    # The repository defaults to the workspace's origin.
    wait_for(lambda: el(studio, "push-repo").get_attribute("value") == str(remote), "the origin as default")
    gate_state(studio, "pass")
    assert el(studio, "push-verdict").text == "Gate passes"
    assert "nothing to compare" in el(studio, "push-changes").text
    # No reviewer yet: Push stays disabled and says why.
    assert not el(studio, "push-go").is_enabled()
    assert "enter the reviewer" in el(studio, "push-why").text
    record = json.loads(studio.js("return document.getElementById('push-record').textContent"))
    assert record["spec"]["root"] == "openapi.yaml" and "reviewer" not in record

    el(studio, "push-reviewer").send_keys(REVIEWER)
    wait_for(lambda: el(studio, "push-go").is_enabled(), "Push to be enabled")
    el(studio, "push-go").click()
    commit = wait_for(lambda: el(studio, "push-outcome").get_attribute("data-commit"), "the pushed commit", timeout=60)
    assert commit[:12] in el(studio, "push-outcome").text

    bare = str(remote)
    assert git("--git-dir", bare, "rev-parse", "main") == commit
    assert git("--git-dir", bare, "log", "-1", "--format=%s", "main") == f"Approve Bookshop API 1.4.0 ({API_DIR})"
    assert "Reviewed-by: " + REVIEWER in git("--git-dir", bare, "log", "-1", "--format=%b", "main")
    tree = git("--git-dir", bare, "ls-tree", "-r", "--name-only", "main").splitlines()
    for f in ["openapi.yaml", "components.yaml", "deck/kong.yaml", "approval.json", "lint.sarif"]:
        assert f"{API_DIR}/{f}" in tree, tree
    assert git("--git-dir", bare, "show", f"main:{API_DIR}/openapi.yaml") == (studio.workspace / SPEC).read_text().rstrip("\n")
    kong = git("--git-dir", bare, "show", f"main:{API_DIR}/deck/kong.yaml")
    assert "_format_version" in kong and "_listbooks" in kong
    approval = json.loads(git("--git-dir", bare, "show", f"main:{API_DIR}/approval.json"))
    assert approval["reviewer"] == {"name": "Rita Reviewer", "email": "rita@example.com"}
    # The workspace itself is untouched: no file written, the buffer clean.
    assert git("status", "--porcelain", cwd=studio.workspace) == ""
    assert studio.js("return window.specwright.dirty()") is False


def test_an_error_finding_refuses_the_push_and_the_remote_is_unchanged(remote, studio):
    before = refs(remote)
    studio.tab("push")
    gate_state(studio, "pass")
    el(studio, "push-reviewer").send_keys(REVIEWER)
    wait_for(lambda: el(studio, "push-go").is_enabled(), "Push to be enabled")

    # A second operation named listBooks: spectral:oas's operationId-unique is an error.
    line = studio.line_of("operationId: getBook")
    col = studio.text().split("\n")[line].index("getBook") + len("getBook")
    studio.type_at(studio.offset_of(line, col), Keys.BACKSPACE * len("getBook") + "listBooks")
    # Unsaved: the panel asks to save first and will not push.
    wait_for(lambda: el(studio, "push-unsaved").is_displayed(), "the unsaved-changes notice")
    assert not el(studio, "push-go").is_enabled()
    assert "save the file first" in el(studio, "push-why").text
    el(studio, "push-save").click()
    wait_for(lambda: (studio.workspace / SPEC).read_text().count("operationId: listBooks") == 2, "the save")

    gate_state(studio, "refused")
    assert el(studio, "push-verdict").text == "Gate refuses"
    assert "governance" in el(studio, "push-refusals").text
    assert studio.d.find_elements(By.CSS_SELECTOR, '#push-gate [data-rule="operation-operationId-unique"]')
    assert not el(studio, "push-go").is_enabled()
    assert "the gate refuses this version" in el(studio, "push-why").text
    assert refs(remote) == before


def test_a_breaking_change_against_the_branch_needs_a_reason(remote, studio):
    studio.tab("push")
    gate_state(studio, "pass")
    el(studio, "push-reviewer").send_keys(REVIEWER)
    wait_for(lambda: el(studio, "push-go").is_enabled(), "Push to be enabled")
    el(studio, "push-go").click()
    first = wait_for(lambda: el(studio, "push-outcome").get_attribute("data-commit"), "the first push", timeout=60)
    # The same version again would only repeat the push.
    wait_for(lambda: "this version is pushed" in el(studio, "push-why").text, "Push to be disabled after pushing")

    # Rename /authors: clients of the pushed version lose that path.
    line = studio.line_of("  /authors:")
    col = studio.text().split("\n")[line].index("/authors") + len("/authors")
    studio.type_at(studio.offset_of(line, col), Keys.BACKSPACE * len("authors") + "writers")
    wait_for(lambda: el(studio, "push-save").is_displayed(), "the save button of the panel")
    el(studio, "push-save").click()
    gate_state(studio, "refused")
    assert int(el(studio, "push-changes").get_attribute("data-breaking")) >= 1
    assert "breaking change(s)" in el(studio, "push-refusals").text
    assert studio.d.find_elements(By.CSS_SELECTOR, '#push-changes [data-id="path-removed"]'), el(studio, "push-changes").text
    assert not el(studio, "push-go").is_enabled()
    assert git("--git-dir", str(remote), "rev-parse", "main") == first

    # A reason lets it through, and is recorded.
    el(studio, "push-waiver").send_keys("no client calls /authors yet" + Keys.TAB)
    gate_state(studio, "pass")
    assert "accepted by waiver" in el(studio, "push-changes").text
    wait_for(lambda: el(studio, "push-go").is_enabled(), "Push to be enabled")
    el(studio, "push-go").click()
    second = wait_for(
        lambda: (c := el(studio, "push-outcome").get_attribute("data-commit")) and c != first and c,
        "the second push", timeout=60,
    )
    assert git("--git-dir", str(remote), "rev-parse", "main~1") == first
    assert git("--git-dir", str(remote), "rev-parse", "main") == second
    approval = json.loads(git("--git-dir", str(remote), "show", f"main:{API_DIR}/approval.json"))
    assert approval["breaking_changes"]["accepted_by"] == "waiver"
    assert approval["breaking_changes"]["reason"] == "no client calls /authors yet"
    assert approval["previous"]["commit"] == first
