#!/usr/bin/python3
"""cqc-search --serve in a real browser: Debian's chromium, driven through
chromium-driver by python3-selenium (run with /usr/bin/python3, Debian's,
which has it).

With JavaScript on and then off: type a query and submit it, click a facet
and check the narrowing against /api/search with the page's own query
string, remove the chosen value, open the score grid and sort it by a
column (both ways), open a report; a hostile fixture's <script> is shown as
text and never runs; the browser's console holds no error and no CSP
violation. A screenshot of the grid is saved as serve-grid.png in OUT_DIR.
Exits 77 (ctest's skip) when the browser, its driver or selenium is
missing, and says so.

usage: browser_test.py CQC_INDEX CQC_SEARCH SOURCE_DIR OUT_DIR
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request

HOSTILE = ('Zebrafinch reviews said <script>alert("x")</script> and '
           '"><img src=x onerror=alert(1)> in the minutes.')

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def skip(why):
    print(f"SKIPPED: the browser test needs {why}; it did not run", flush=True)
    sys.exit(77)


def browser_paths():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or (
        "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
    return chromium, driver


def api(base, path, query):
    with urllib.request.urlopen(base.rstrip("/") + path + ("?" + query if query else ""), timeout=30) as r:
        return json.load(r)


def run_browser(webdriver, Options, Service, By, WebDriverWait, EC, NoAlert,
                chromium, driver_path, base, out_dir, javascript):
    label = "JS on" if javascript else "JS off"
    options = Options()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900"):
        options.add_argument(arg)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(60)
    wait = WebDriverWait(driver, 30)
    errors = []

    def console():
        for entry in driver.get_log("browser"):
            if entry.get("level") in ("SEVERE", "ERROR") or "Content Security Policy" in entry.get(
                    "message", ""):
                errors.append(entry["message"])

    def total_on_page():
        text = driver.find_element(By.CSS_SELECTOR, "p.total").text
        return int(text.split()[0])

    try:
        driver.get(base)
        box = wait.until(EC.presence_of_element_located((By.ID, "q")))
        box.send_keys("carers")
        driver.find_element(By.CSS_SELECTOR, "form.search button[type=submit]").click()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.total")))
        console()
        query = urllib.parse.urlparse(driver.current_url).query
        first = total_on_page()
        check(first > 0 and api(base, "/api/search", query)["total"] == first,
              f"{label}: the search's total is /api/search's ({first})")

        facet = driver.find_element(By.CSS_SELECTOR, "a.facet[data-field=statement]")
        facet.click()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "ul.chosen")))
        console()
        query = urllib.parse.urlparse(driver.current_url).query
        narrowed = total_on_page()
        from_api = api(base, "/api/search", query)
        check("statement=" in query and narrowed < first and from_api["total"] == narrowed,
              f"{label}: a facet narrows ({first} -> {narrowed}, /api/search {from_api['total']})")
        statements = {r["statement"] for r in from_api["results"]}
        check(len(statements) == 1, f"{label}: the results are of the chosen statement {statements}")

        driver.find_element(By.CSS_SELECTOR, "ul.chosen a.remove").click()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.total")))
        check(total_on_page() == first and "statement=" not in driver.current_url,
              f"{label}: removing the chosen value widens again")

        # JavaScript's only job: ticking "latest" or "exact" searches again.
        if javascript:
            driver.find_element(By.ID, "latest").click()
            wait.until(lambda d: "latest=1" in d.current_url)
            check(driver.find_element(By.ID, "latest").is_selected(),
                  f"{label}: ticking latest searches again")

        # A word stood in for the user's: the page says so, and "only the
        # words I typed" takes the stand-ins away (by the offered link
        # without JavaScript, by the box with it).
        driver.get(base + "?q=replacement+care")
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.total")))
        check(driver.find_elements(By.CSS_SELECTOR, "p.matched-via"),
              f"{label}: a stood-in word is said")
        if javascript:
            driver.find_element(By.ID, "exact").click()
        else:
            driver.find_element(By.LINK_TEXT, "Search only the words you typed").click()
        wait.until(lambda d: "exact=1" in d.current_url)
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.total")))
        console()
        check(driver.find_element(By.ID, "exact").is_selected()
              and not driver.find_elements(By.CSS_SELECTOR, "p.matched-via"),
              f"{label}: only the words typed, nothing stood in")

        if javascript:
            # A phone's width: nothing wider than the screen but the grid,
            # which scrolls in its own box.
            driver.set_window_size(320, 800)
            for path in ("?q=carers&statement=governance", "grid", "changes"):
                driver.get(base + path)
                inner = driver.execute_script("return window.innerWidth")
                wide = driver.execute_script("return document.documentElement.scrollWidth")
                check(wide <= inner, f"{label}: /{path} fits {inner} px ({wide} px wide)")
            driver.set_window_size(1280, 900)
            driver.get(base + "?q=carers")
            # By keyboard: the first Tab reaches the skip link, which leads
            # to the content.
            from selenium.webdriver.common.keys import Keys
            driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
            focused = driver.switch_to.active_element
            check(focused.get_attribute("class") == "skip", f"{label}: Tab reaches the skip link")
        driver.find_element(By.LINK_TEXT, "Score grid").click()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.grid")))
        driver.find_element(By.CSS_SELECTOR, "a.sort[data-key=percent]").click()
        wait.until(lambda d: "sort=percent" in d.current_url)

        def percents():
            rows = driver.find_elements(By.CSS_SELECTOR, "table.grid tbody tr")
            out = []
            for row in rows:
                cell = row.find_elements(By.CSS_SELECTOR, "td")[2].text
                if cell != "-":
                    out.append(int(cell))
            return out

        up = percents()
        check(len(up) >= 2 and up == sorted(up), f"{label}: the grid sorts by % ascending {up}")
        driver.find_element(By.CSS_SELECTOR, "a.sort[data-key=percent]").click()
        wait.until(lambda d: "sort=-percent" in d.current_url)
        down = percents()
        check(down == sorted(up, reverse=True), f"{label}: and descending {down}")
        if javascript:
            path = os.path.join(out_dir, "serve-grid.png")
            driver.save_screenshot(path)
            check(os.path.getsize(path) > 1000, f"screenshot of the grid: {path}")
        console()

        driver.find_element(By.CSS_SELECTOR, "table.grid tbody th a").click()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "section.report-section")))
        check(len(driver.find_elements(By.CSS_SELECTOR, "section.report-section")) > 1,
              f"{label}: a report's sections")

        driver.find_element(By.LINK_TEXT, "Changes").click()
        wait.until(EC.presence_of_element_located((By.TAG_NAME, "h1")))
        links = driver.find_elements(By.CSS_SELECTOR, "section.change a")
        check(len(links) == 2, f"{label}: a change between Harrow's two editions")
        if links:
            links[-1].click()
            wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "section.report-section")))
            check("2025-03-12" in driver.find_element(By.CSS_SELECTOR, "p.meta").text,
                  f"{label}: followed the change to the newer edition")

        driver.get(base + "?q=zebrafinch")
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "blockquote")))
        try:
            driver.switch_to.alert.dismiss()
            ran = True
        except NoAlert:
            ran = False
        quote = driver.find_element(By.CSS_SELECTOR, "blockquote").text
        check(not ran and '<script>alert("x")</script>' in quote and "onerror" in quote,
              f"{label}: the hostile text is shown and runs nothing")
        check(not driver.find_elements(By.CSS_SELECTOR, "main img"), f"{label}: no injected img")
        console()
        check(not errors, f"{label}: no console error or CSP violation {errors}")
    finally:
        driver.quit()


def main():
    indexer, search, source, out_dir = sys.argv[1:5]
    chromium, driver_path = browser_paths()
    if not chromium:
        skip("Debian's chromium (apt-get install chromium)")
    if not driver_path:
        skip("chromium-driver (apt-get install chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.common.exceptions import NoAlertPresentException
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as EC
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        skip("python3-selenium (apt-get install python3-selenium) in " + sys.executable)

    tmp = tempfile.mkdtemp(prefix="cqc-browser-test-")
    proc = None
    try:
        # Harrow in two editions (the second with a paragraph more and the
        # hostile one), so that there is a change to follow, and two more
        # councils for the grid.
        inp = os.path.join(tmp, "in")
        harrow = os.path.join(source, "corpus", "london-borough-of-harrow")
        for edition, published in (("harrow-2024", "5 June 2024"), ("harrow-2025", "12 March 2025")):
            os.makedirs(os.path.join(inp, edition))
            for name in sorted(os.listdir(harrow)):
                text = open(os.path.join(harrow, name), encoding="utf-8").read()
                if name.startswith("000_"):
                    text = f"Published: {published}\n\n" + text
                if name.startswith("003_") and edition == "harrow-2025":
                    text += "\n\n" + HOSTILE + "\n"
                open(os.path.join(inp, edition, name), "w", encoding="utf-8").write(text)
        shutil.copytree(os.path.join(source, "tests", "fixtures", "sections"),
                        os.path.join(inp, "sections"))
        db = os.path.join(tmp, "db")
        subprocess.run([indexer, "--db", db, inp], check=True, capture_output=True)
        proc = subprocess.Popen([search, "--serve", "--port", "0", "--db", db],
                                stdout=subprocess.PIPE, text=True)
        base = proc.stdout.readline().strip()
        check(base.startswith("http://127.0.0.1:"), f"the server's URL {base}")
        for javascript in (True, False):
            run_browser(webdriver, Options, Service, By, WebDriverWait, EC,
                        NoAlertPresentException, chromium, driver_path, base, out_dir, javascript)
    finally:
        if proc:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
