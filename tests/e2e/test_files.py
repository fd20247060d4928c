"""Files changed behind the editor, and crash recovery."""
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains

from conftest import wait_for, launch

SPEC = "bookshop/openapi.yaml"


def test_a_clean_buffer_reloads_when_the_file_changes_on_disk(studio):
    path = studio.workspace / SPEC
    new = path.read_text().replace("title: Bookshop API", "title: Bookshop API (edited on disk)")
    path.write_text(new)
    wait_for(lambda: "(edited on disk)" in studio.text(), "the reload")
    assert studio.text() == new
    assert not studio.js("return window.specwright.dirty()")
    assert "Reloaded" in studio.d.find_element(By.ID, "status-message").text


def test_a_dirty_buffer_asks_before_taking_the_disk_version(studio):
    path = studio.workspace / SPEC
    studio.type_at(studio.offset_of(0, 0), "# mine\n")
    wait_for(lambda: studio.js("return window.specwright.dirty()"), "a dirty buffer")
    path.write_text(path.read_text() + "# theirs\n")
    banner = wait_for(
        lambda: studio.d.find_element(By.CSS_SELECTOR, '#banners .banner[data-kind="disk"]'),
        "the changed-on-disk prompt",
    )
    assert "changed on disk" in banner.text
    # Nothing was replaced behind the user's back.
    assert studio.text().startswith("# mine\n")
    banner.find_element(By.CSS_SELECTOR, "button.keep").click()
    assert studio.text().startswith("# mine\n")
    assert studio.js("return window.specwright.dirty()")

    # Again, and this time take the disk version.
    path.write_text(path.read_text() + "# theirs again\n")
    banner = wait_for(
        lambda: studio.d.find_element(By.CSS_SELECTOR, '#banners .banner[data-kind="disk"]'),
        "the prompt again",
    )
    banner.find_element(By.CSS_SELECTOR, "button.reload").click()
    wait_for(lambda: studio.text().endswith("# theirs again\n"), "the disk version")
    assert not studio.text().startswith("# mine")


def test_unsaved_text_is_recovered_after_a_crash(workspace):
    d = launch([str(workspace)])
    try:
        d.execute_script("window.specwright.cursorTo(0)")
        ActionChains(d).send_keys("# not saved yet" + Keys.ENTER).perform()
        # Autosave runs a couple of seconds after the last keystroke.
        time.sleep(3.5)
    finally:
        d.quit()  # the app is killed without saving
    d = launch([str(workspace)])
    try:
        banner = wait_for(
            lambda: d.find_element(By.CSS_SELECTOR, '#banners .banner[data-kind="recover:bookshop/openapi.yaml"]'),
            "the recovery offer",
        )
        banner.find_element(By.CSS_SELECTOR, "button.restore").click()
        wait_for(
            lambda: d.execute_script("return window.specwright.text()").startswith("# not saved yet\n"),
            "the recovered text",
        )
        assert d.execute_script("return window.specwright.dirty()")
    finally:
        d.quit()
