"""The dashboard as a person sees it: its server started on a free port, its pages opened
one after the other in headless Chromium (Playwright driving Debian's chromium), what each
page shows read back, with the time it took and every error the browser saw.

The browser test (python_tests/test_dashboard_browser.py) asserts on it; the page-load
bench (`python -m marketseg.bench.dashboard`) reports its times.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# the dev extra (the app does not need it): only the tests and the bench import this module
from playwright.sync_api import sync_playwright

from marketseg.dashboard.docs import DATA_DOCS_PATH

CHROMIUM = Path("/usr/bin/chromium")
# no first-run pages, no calls home, no QUIC: the only requests are the dashboard's own
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# the pages in the order of the sidebar, with the charts each draws on data with sales,
# rejected rows and a first segment with activity (the demo's, the test data's)
PAGES = {
    "Overview": 2,
    "Lifecycle": 1,
    "Segments": 1,
    "Micro-segments": 0,
    "Sellers": 3,
    "Data quality": 1,
}
STARTUP_SECONDS = 60
PAGE_SECONDS = 120
VIEWPORT = {"width": 1400, "height": 1000}


class BrowseError(Exception):
    """The server or the browser could not start; the message says why."""


@dataclass
class PageView:
    title: str
    seconds: float
    metrics: dict[str, str]
    charts: int
    errors: list[str]
    screenshot: Path | None = None


@dataclass
class Session:
    """What the browser saw across the pages: failed requests, script errors, console errors."""

    problems: list[str] = field(default_factory=list)
    # the HTTP status of the Data Docs' index, as the data quality page links to it
    data_docs_status: int | None = None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def dashboard_server(serving: Path, log: Path) -> Iterator[str]:
    """`marketseg dashboard` over `serving` on a free port; yields its URL once it answers,
    stops it (its own process only) on exit."""
    port = free_port()
    env = {**os.environ, "MARKETSEG_SERVING_PATH": str(serving)}
    command = [sys.executable, "-m", "marketseg", "dashboard", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with log.open("w") as output:
        # its own session: it is stopped with every process it started, and nothing else
        server = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_healthy(url, server, log)
        yield url
    finally:
        _stop(server)


def _stop(server: subprocess.Popen) -> None:
    """SIGTERM to the server's process group (its own session), SIGKILL after 15 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _wait_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BrowseError(
                f"the dashboard stopped (exit {server.returncode}): {log.read_text()}"
            )
        with (
            contextlib.suppress(urllib.error.URLError, ConnectionError),
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer,
        ):
            if answer.status == 200:  # noqa: PLR2004 (HTTP OK)
                return
        time.sleep(0.25)
    raise BrowseError(f"the dashboard did not answer in {STARTUP_SECONDS} s: {log.read_text()}")


@contextlib.contextmanager
def browser_page(session: Session) -> Iterator[object]:
    """A page of a headless Chromium with a fresh profile, recording into `session` every
    failed request, HTTP error, uncaught script error and console error."""
    if not CHROMIUM.exists():
        raise BrowseError(f"no {CHROMIUM}: `make install-browser` (apt-get install chromium)")
    with (
        tempfile.TemporaryDirectory(prefix="marketseg-chromium-") as profile,
        sync_playwright() as playwright,
    ):
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport=VIEWPORT,
            locale="en-US",
            timezone_id="UTC",
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.on(
                "requestfailed",
                lambda r: session.problems.append(f"request failed: {r.url} ({r.failure})"),
            )
            page.on(
                "response",
                lambda r: (
                    r.status >= 400  # noqa: PLR2004 (HTTP errors)
                    and session.problems.append(f"HTTP {r.status}: {r.url}")
                ),
            )
            page.on("pageerror", lambda e: session.problems.append(f"script error: {e}"))
            page.on(
                "console",
                lambda m: m.type == "error" and session.problems.append(f"console error: {m.text}"),
            )
            yield page
        finally:
            context.close()


# Streamlit has run the page's script (the app's script state) and left no element of the
# page before it (stale elements), and Vega has drawn the page's charts
CHARTS_DRAWN = """
() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-stale="true"]')) return false;
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
    const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
    return charts.every(c => c.querySelector('canvas, svg.marks'));
}
"""


def view(page, url: str, title: str, screenshots: Path | None) -> PageView:
    """Open `title`: the first page by its URL, the others from the sidebar, as a person
    would; wait until Streamlit has run it and Vega has drawn its charts; read what it
    shows."""
    started = time.monotonic()
    if title == next(iter(PAGES)):
        page.goto(url, timeout=PAGE_SECONDS * 1000)
    else:
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    heading = re.compile(f"^{re.escape(title)}$")
    page.locator("h1").filter(has_text=heading).wait_for(timeout=PAGE_SECONDS * 1000)
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=PAGE_SECONDS * 1000)
    page.wait_for_function(CHARTS_DRAWN, timeout=PAGE_SECONDS * 1000, polling=100)
    seconds = time.monotonic() - started
    metrics = {}
    for metric in page.locator('[data-testid="stMetric"]').all():
        name = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        metrics[name] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    errors = [
        text.strip()
        for text in page.locator(
            '[data-testid="stException"], [data-testid="stAlertContentError"]'
        ).all_inner_texts()
    ]
    charts = page.locator('[data-testid="stVegaLiteChart"]').count()
    shot = None
    if screenshots is not None:
        screenshots.mkdir(parents=True, exist_ok=True)
        shot = screenshots / f"{title.lower().replace(' ', '_')}.png"
        _screenshot_whole_page(page, shot)
    return PageView(title, seconds, metrics, charts, errors, shot)


def _screenshot_whole_page(page, path: Path) -> None:
    """Streamlit scrolls its main area, not the document: the window is made as tall as
    that area for the screenshot, then set back."""
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll("
        '\'[data-testid="stMain"], [data-testid="stAppViewContainer"]\')]'
        ".map(e => e.scrollHeight), 0)"
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], height)})
    try:
        page.wait_for_function(CHARTS_DRAWN, timeout=PAGE_SECONDS * 1000, polling=100)
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(VIEWPORT)


def view_every_page(
    serving: Path, work: Path, screenshots: Path | None, rounds: int = 1
) -> tuple[list[PageView], Session]:
    """Start the dashboard over `serving`, open every page in turn, `rounds` times (the
    first round on an empty cache, the next ones on the cached queries); what each view
    showed and what the browser saw (the server's log in `work`)."""
    session = Session()
    work.mkdir(parents=True, exist_ok=True)
    views = []
    with dashboard_server(serving, work / "dashboard.log") as url, browser_page(session) as page:
        for round_ in range(rounds):
            views += [
                view(page, url, title, screenshots if round_ == 0 else None) for title in PAGES
            ]
        session.data_docs_status = page.request.get(f"{url}{DATA_DOCS_PATH}/index.html").status
    return views, session
