"""Debian's headless Chromium under selenium, offline: the one browser set-up of the
browser checks (web_page_check.py, cross_site_browser.py)."""
import os

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

# Selenium Manager must not look for a browser online: Debian's binaries are used.
os.environ["SE_OFFLINE"] = "true"


def chromium(*extra_arguments, capabilities=None):
    """A headless Chromium driver (no sandbox: the tests run as root) with `extra_arguments`
    and `capabilities` added."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     *extra_arguments):
        options.add_argument(argument)
    for name, value in (capabilities or {}).items():
        options.set_capability(name, value)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
