"""Drives Quarry's web page in Debian's headless chromium through selenium, offline.

Usage: python web_page_check.py BASE_URL SCREENSHOT_DIR ask|token [TOKEN]
  ask:   load the page, ask twice (the local model streamed, then the extractive
         generator), open a citation, upload a file, ask about it, delete it, view the
         page 320 px wide and in dark mode.
  token: the page of a server with TOKEN: refused until the token is given, kept for
         the tab after.
Prints one JSON object of what it saw; the Swift test asserts on it. Each state is
saved as a PNG in SCREENSHOT_DIR.
"""
import json
import os
import sys
import tempfile

from headless_chromium import chromium

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

base, shots, mode = sys.argv[1], sys.argv[2], sys.argv[3]
token = sys.argv[4] if len(sys.argv) > 4 else None
os.makedirs(shots, exist_ok=True)

driver = chromium("--window-size=1000,900", capabilities={"goog:loggingPrefs": {"browser": "ALL"}})
report = {}


def shot(name):
    path = os.path.join(shots, name + ".png")
    driver.save_screenshot(path)
    report.setdefault("screenshots", []).append(path)


def wait(condition, seconds=30):
    """Polls `condition`; an element the page re-rendered meanwhile just means polling again."""
    waiting = WebDriverWait(driver, seconds, poll_frequency=0.05, ignored_exceptions=[StaleElementReferenceException])
    return waiting.until(lambda _: condition())


def document_names():
    """The names in the document list, read in one step (the list is re-rendered after each change)."""
    return driver.execute_script(
        "return [...document.querySelectorAll('#docs .name')].map((name) => name.textContent)")


def element(css):
    return driver.find_element(By.CSS_SELECTOR, css)


def text(css):
    return element(css).text


def visible(css):
    found = driver.find_elements(By.CSS_SELECTOR, css)
    return bool(found) and found[0].is_displayed()


def settings(generator, compression="auto", budget="1024"):
    """Opens the settings drawer by keyboard and chooses the stages."""
    if not element("#settings").get_attribute("open"):
        element("#settings summary").send_keys(Keys.ENTER)
    Select(element("#generator")).select_by_value(generator)
    Select(element("#compression")).select_by_value(compression)
    element("#budget").clear()
    element("#budget").send_keys(budget)
    element("#settings summary").send_keys(Keys.ENTER)  # closed again, by keyboard


def ask(question, seconds=60):
    """Types the question, presses Enter, and returns every text #answer showed until done."""
    driver.execute_script("""
        window.answerStates = [];
        const answer = document.getElementById('answer');
        new MutationObserver(() => {
            const text = answer.textContent;
            if (text && window.answerStates[window.answerStates.length - 1] !== text) window.answerStates.push(text);
        }).observe(answer, {childList: true, characterData: true, subtree: true});
    """)
    box = element("#question")
    box.clear()
    box.send_keys(question, Keys.ENTER)
    wait(lambda: text("#timings") or text("#ask-error"), seconds)
    return {"states": driver.execute_script("return window.answerStates"), "answer": text("#answer"),
            "timings": text("#timings"), "error": text("#ask-error"),
            "citations": len(driver.find_elements(By.CSS_SELECTOR, "a.cite"))}


def fetch_json(path, body=None):
    """The page's own fetch of `path` (POST with `body` when given), as {status, json}."""
    return driver.execute_async_script("""
        const [path, body, done] = arguments;
        const token = sessionStorage.getItem('quarry-token');
        const headers = {'Content-Type': 'application/json'};
        if (token) headers.Authorization = 'Bearer ' + token;
        const init = body ? {method: 'POST', headers, body: JSON.stringify(body)} : {headers};
        fetch(path, init).then(async (r) => done({status: r.status, json: await r.json().catch(() => null)}));
    """, path, body)


def ask_flow():
    driver.get(base + "/")
    wait(lambda: visible("#app") and driver.find_elements(By.CSS_SELECTOR, "#docs li"))
    report["documents_summary"] = text("#docs-summary")
    report["document_names"] = document_names()
    report["generators"] = [o.get_attribute("value") for o in Select(element("#generator")).options]
    shot("01-loaded")

    settings("local", budget="256")
    report["streamed"] = ask("What is a partial index?", seconds=400)
    shot("02-streamed-answer")

    settings("extractive", compression="off")
    question = "What does VACUUM reclaim?"
    report["cited"] = ask(question)
    link = element("a.cite")
    link.send_keys(Keys.ENTER)  # the keyboard opens a citation as a click does
    wait(lambda: visible("#passage") and driver.find_elements(By.CSS_SELECTOR, "#passage-text mark"))
    report["passage"] = {"title": text("#passage-title"), "where": text("#passage-where"),
                         "highlight": text("#passage-text mark"),
                         "focused": driver.execute_script("return document.activeElement.id")}
    shot("03-citation")
    body = {"question": question, "generator": "extractive", "compression": "off", "top_k": 10, "budget": 1024}
    report["cited_bytes"] = fetch_json("/v1/query", body)["json"]["citations"][0]

    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "lighthouse.txt")
    with open(path, "w") as file:
        file.write("The Quarry test lighthouse stands on the northern cape of Zanzibar. "
                   "Its lamp flashes green every nine seconds through the night.\n")
    element("#file").send_keys(path)
    element("#upload").click()
    wait(lambda: "Indexed" in text("#upload-status") or "error" in text("#upload-status").lower())
    wait(lambda: "api:lighthouse.txt" in document_names())
    report["upload"] = {"status": text("#upload-status"),
                        "progress": driver.execute_script("return document.getElementById('upload-progress').value"),
                        "summary": text("#docs-summary")}
    shot("04-uploaded")
    report["uploaded_answer"] = ask("What colour does the lighthouse lamp flash?")
    element("a.cite").click()
    wait(lambda: visible("#passage") and "lighthouse" in text("#passage-where"))
    report["uploaded_passage"] = text("#passage-where")
    shot("05-uploaded-answer")

    element('#docs button[data-id="lighthouse.txt"]').click()
    wait(lambda: "Deleted" in text("#upload-status"))
    wait(lambda: "api:lighthouse.txt" not in document_names())
    report["deleted"] = {"status": text("#upload-status"), "summary": text("#docs-summary")}
    element("#question").clear()
    element("#question").send_keys("What colour does the lighthouse lamp flash?", Keys.ENTER)
    wait(lambda: text("#timings") or text("#ask-error"))
    report["after_delete_answer"] = text("#answer")
    shot("06-deleted")

    unreadable = os.path.join(folder, "notes.xyz")
    with open(unreadable, "w") as file:
        file.write("no loader reads this extension\n")
    element("#file").send_keys(unreadable)
    element("#upload").click()
    wait(lambda: "notes.xyz" in text("#upload-status") and "Uploading" not in text("#upload-status"))
    report["refused_upload"] = text("#upload-status")

    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 320, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    ask("What does VACUUM reclaim?")
    report["narrow"] = driver.execute_script(
        "const root = document.documentElement; return [root.clientWidth, root.scrollWidth]")
    shot("07-narrow-320px")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    report["dark_background"] = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    shot("08-dark")


def token_flow():
    driver.get(base + "/")
    wait(lambda: visible("#token-gate"))
    report["gate_first"] = {"app_hidden": not visible("#app"), "documents": fetch_json("/v1/documents")["status"]}
    shot("09-token-asked")
    element("#token").send_keys("wrong-token-0123456789", Keys.ENTER)
    wait(lambda: text("#token-error"))
    report["gate_wrong"] = {"error": text("#token-error"), "app_hidden": not visible("#app")}
    element("#token").clear()
    element("#token").send_keys(token, Keys.ENTER)
    wait(lambda: visible("#app") and driver.find_elements(By.CSS_SELECTOR, "#docs li"))
    report["gate_right"] = {"documents": len(driver.find_elements(By.CSS_SELECTOR, "#docs li")),
                            "stored": driver.execute_script("return sessionStorage.getItem('quarry-token')") == token}
    driver.refresh()
    wait(lambda: visible("#app") and driver.find_elements(By.CSS_SELECTOR, "#docs li"))
    report["after_reload_gate_hidden"] = not visible("#token-gate")
    shot("10-token-given")


try:
    ask_flow() if mode == "ask" else token_flow()
    # Script errors and policy violations; a refused request (401, 415, no favicon) is logged too, and expected.
    report["console_errors"] = [entry["message"] for entry in driver.get_log("browser")
                                if entry["level"] == "SEVERE" and "Failed to load resource" not in entry["message"]]
finally:
    driver.quit()
print(json.dumps(report))
