"""The dashboard as a person uses it: `marketseg dashboard` started on a free port, every
page opened from the sidebar in headless Chromium (Debian's, driven by Playwright), its
charts drawn, its figures compared with SQL over the serving file, a screenshot of each in
target/dashboard/, and no error shown, thrown or logged, no failed request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dashboard_figures import expected_figures

from marketseg.dashboard.browse import PAGES, view_every_page

PROJECT = Path(__file__).resolve().parents[1]
SCREENSHOTS = PROJECT / "target" / "dashboard"


@pytest.fixture(scope="module")
def visit(test_serving_file: Path, tmp_path_factory: pytest.TempPathFactory):
    views, session = view_every_page(
        test_serving_file, tmp_path_factory.mktemp("dashboard"), SCREENSHOTS
    )
    (SCREENSHOTS / "load_times.json").write_text(
        json.dumps({view.title: round(view.seconds, 3) for view in views}, indent=2) + "\n"
    )
    return {view.title: view for view in views}, session


def test_the_browser_saw_no_error_and_no_failed_request(visit) -> None:
    _, session = visit
    assert session.problems == []


def test_the_data_docs_the_quality_page_links_to_are_served(visit) -> None:
    _, session = visit
    assert session.data_docs_status == 200


@pytest.mark.parametrize("title", list(PAGES))
def test_each_page_draws_its_charts_and_the_serving_files_figures(
    visit, title: str, test_serving_file: Path
) -> None:
    views, _ = visit
    page = views[title]
    assert page.errors == []
    assert page.charts == PAGES[title]
    assert page.metrics == expected_figures(test_serving_file)[title]
    assert page.screenshot is not None
    assert page.screenshot.stat().st_size > 0
