"""Engine views beside the editor: Kong decK config and mock preview, live from the buffer."""
import json
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import wait_for


def test_kong_view_shows_the_routes_and_follows_edits(studio):
    panel = studio.tab("kong")
    wait_for(lambda: int(panel.get_attribute("data-routes") or 0) > 0, "routes in the Kong view")
    summary = studio.d.find_element(By.ID, "kong-summary").text
    assert "routes" in summary and "services" in summary
    config = studio.js("return window.specwright.panelText('kong')")
    assert "_format_version" in config and "routes:" in config
    assert "_listbooks" in config, "a route named after the listBooks operation"
    # Rename the operation in the editor: the config follows without saving.
    line = studio.line_of("operationId: listBooks")
    col = studio.text().split("\n")[line].index("listBooks") + len("listBooks")
    studio.type_at(studio.offset_of(line, col), "Renamed")
    wait_for(lambda: "_listbooksrenamed" in studio.js("return window.specwright.panelText('kong')"), "the live update")
    # The rendered view is highlighted YAML.
    assert studio.d.find_elements(By.CSS_SELECTOR, "#kong-config .cm-line span")


def choose(studio, select_id, value):
    """Selects `value` in a <select> whose options the page may be re-rendering (they come
    from the engine after the previous choice), retrying until the choice holds."""

    def attempt():
        Select(studio.d.find_element(By.ID, select_id)).select_by_value(value)
        return studio.d.find_element(By.ID, select_id).get_attribute("value") == value

    wait_for(attempt, f"{value!r} chosen in #{select_id}")


def test_mock_preview_shows_the_example_body_and_serves_on_loopback(studio):
    studio.tab("mock")
    op = wait_for(lambda: studio.d.find_element(By.CSS_SELECTOR, '#mock-operation option[value="listBooks"]'), "operations")
    choose(studio, "mock-operation", "listBooks")
    choose(studio, "mock-status", "200")
    choose(studio, "mock-example", "firstPage")
    assert op
    wait_for(lambda: "The Left Hand of Darkness" in studio.js("return window.specwright.panelText('mock')"), "the example body")
    assert studio.d.find_element(By.ID, "mock-reply").text == "HTTP 200"
    body = json.loads(studio.js("return window.specwright.panelText('mock')"))
    assert body["page"]["nextCursor"] == "eyJhZnRlciI6IjIwMjQtMDMtMTgifQ"
    choose(studio, "mock-example", "lastPage")
    wait_for(lambda: json.loads(studio.js("return window.specwright.panelText('mock')") or "{}").get("items") == [], "the other example")

    # Start the server: its URL is shown and it answers on loopback.
    studio.d.find_element(By.ID, "mock-toggle").click()
    url = wait_for(lambda: studio.d.find_element(By.ID, "mock-url").get_attribute("data-url"), "the server URL")
    assert url.startswith("http://127.0.0.1:")
    req = urllib.request.Request(url + "/books", headers={"X-API-Key": "k", "Prefer": "example=firstPage"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            status, text = r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode()
    assert status == 200, text
    assert "The Left Hand of Darkness" in text
    studio.d.find_element(By.ID, "mock-toggle").click()
    wait_for(lambda: studio.d.find_element(By.ID, "mock-url").get_attribute("data-url") == "", "the server to stop")


def test_each_diagram_view_shows_nodes_and_a_click_jumps_to_the_source(studio):
    studio.tab("diagram")
    for view in ["schemas", "resources", "gateway"]:
        studio.d.find_element(By.ID, f"diagram-{view}").click()
        wait_for(
            lambda: studio.d.find_elements(By.CSS_SELECTOR, f'#diagram-canvas[data-view="{view}"] svg [data-pointer]'),
            f"nodes of the {view} view",
        )
        assert "nodes" in studio.d.find_element(By.ID, "diagram-info").text
    # Click a schema node: the editor shows its source and selects its name.
    studio.d.find_element(By.ID, "diagram-schemas").click()
    node = wait_for(
        lambda: studio.d.find_element(
            By.CSS_SELECTOR, '#diagram-canvas[data-view="schemas"] svg [data-pointer$="/schemas/Book"]'
        ),
        "the Book schema node",
    )
    pointer = node.get_attribute("data-pointer")
    studio.js("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", node)
    wait_for(lambda: studio.current() == "bookshop/components.yaml", "the schema's file to open")
    sel = wait_for(lambda: (s := studio.selection()) and s["from"] != s["to"] and s, "a selection")
    assert studio.text()[sel["from"] : sel["to"]] == "Book", pointer
