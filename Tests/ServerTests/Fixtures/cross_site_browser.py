"""Cross-site writes in a real browser (Debian's headless chromium through selenium).

Usage: cross_site_browser.py QUARRY_PORT

Serves a hostile page from a second origin (http://localhost:<other port>, another site
than http://127.0.0.1:<QUARRY_PORT>) whose script (fetch, no-cors multipart: no
preflight) and plain HTML form (multipart, a file chosen through the file input) each try
to write a document into the Quarry server; then, from a page of the server's own
origin, a same-origin fetch writes one. Prints JSON: what the form's response page said
and the same-origin write's status. The caller checks the index for the documents.
"""
import http.server
import json
import os
import sys
import tempfile
import threading

from selenium.webdriver.common.by import By

from headless_chromium import chromium

quarry = f"http://127.0.0.1:{sys.argv[1]}"

EVIL_PAGE = f"""<!doctype html>
<html><body>
<form id="form" method="POST" enctype="multipart/form-data" action="{quarry}/v1/documents">
  <input type="hidden" name="id" value="evil-form">
  <input type="file" name="file" id="file">
</form>
<script>
  window.fetchDone = false;
  const data = new FormData();
  data.append("id", "evil-fetch");
  data.append("file", new Blob(["Planted by a fetch from another site."], {{type: "text/plain"}}), "evil.txt");
  fetch("{quarry}/v1/documents", {{method: "POST", mode: "no-cors", body: data}})
    .finally(() => {{ window.fetchDone = true; }});
</script>
</body></html>"""


class EvilHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = EVIL_PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


evil = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EvilHandler)
threading.Thread(target=evil.serve_forever, daemon=True).start()
evil_origin = f"http://localhost:{evil.server_address[1]}"

driver = chromium()
driver.set_script_timeout(20)
driver.set_page_load_timeout(20)
result = {}
try:
    # The hostile page: its script writes as soon as it loads.
    driver.get(evil_origin + "/")
    driver.execute_async_script(
        "const done = arguments[0];"
        "(function wait() { window.fetchDone ? done(true) : setTimeout(wait, 50); })();"
    )
    # Its form: a file chosen by the user (send_keys), then submitted: the browser
    # navigates to the server's answer.
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as poison:
        poison.write("Planted by a form on another site.")
    driver.find_element(By.ID, "file").send_keys(poison.name)
    driver.find_element(By.ID, "form").submit()
    result["form_page"] = driver.find_element(By.TAG_NAME, "body").text

    # The server's own origin: a same-origin fetch writes.
    driver.get(quarry + "/openapi.json")
    result["same_origin_status"] = driver.execute_async_script(
        "const done = arguments[0];"
        "const data = new FormData();"
        "data.append('id', 'same-origin');"
        "data.append('file', new Blob(['Written by the server own page.'], {type: 'text/plain'}), 'own.txt');"
        "fetch('/v1/documents', {method: 'POST', body: data}).then(r => done(r.status), e => done(String(e)));"
    )
finally:
    driver.quit()
    evil.shutdown()
    if "poison" in dir():
        os.unlink(poison.name)
print(json.dumps(result))
