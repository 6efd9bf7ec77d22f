"""The dashboard's pages (Streamlit's AppTest), its queries at their boundaries, how it
writes figures, and `marketseg dashboard`'s messages. The browser test is
test_dashboard_browser.py."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import socket
import subprocess
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml
from dashboard_figures import STAGE_ON, expected_figures
from marketseg_cli import run_marketseg
from streamlit.testing.v1 import AppTest

from marketseg.dashboard import data, serving_file
from marketseg.dashboard import formatting as fmt

PROJECT = Path(__file__).resolve().parents[1]
APP = PROJECT / "marketseg" / "dashboard" / "app.py"
PAGES = {
    "Overview": "pages/overview.py",
    "Lifecycle": "pages/lifecycle.py",
    "Segments": "pages/segments.py",
    "Micro-segments": "pages/micro_segments.py",
    "Sellers": "pages/sellers.py",
    "Data quality": "pages/quality.py",
}
TIMEOUT = 120  # seconds a page may take in AppTest (the first query of a session included)


def app_on(serving: Path, monkeypatch: pytest.MonkeyPatch, page: str = "Overview") -> AppTest:
    monkeypatch.setenv("MARKETSEG_SERVING_PATH", str(serving))
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.run()
    if page != "Overview":
        app.switch_page(PAGES[page]).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def shown(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


# --- formatting, pinned by hand -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "currency", "cents", "text"),
    [
        (1234567.4, "EUR", False, "€1,234,567"),
        (1234567.5, "EUR", False, "€1,234,568"),
        (2.5, "EUR", False, "€3"),
        (0.125, "EUR", True, "€0.13"),
        (12.345, "EUR", True, "€12.35"),
        (-5, "EUR", False, "-€5"),
        (-0.004, "EUR", True, "€0.00"),
        (0, "USD", False, "$0"),
        (999.5, "GBP", False, "£1,000"),
        (1234.5, "SEK", True, "1,234.50 SEK"),
        (None, "EUR", False, "—"),
        (float("nan"), "EUR", True, "—"),
    ],
)
def test_money(value, currency: str, cents: bool, text: str) -> None:
    assert fmt.money(value, currency, cents) == text


def test_counts_shares_dates_and_labels() -> None:
    assert fmt.count(1234567) == "1,234,567"
    assert fmt.count(0) == "0"
    assert fmt.count(None) == "—"
    assert fmt.pct(0.1234) == "12.3%"
    assert fmt.pct(1) == "100.0%"
    assert fmt.pct(0.00049) == "0.0%"
    assert fmt.pct(0.5, decimals=0) == "50%"
    assert fmt.pct(float("nan")) == "—"
    assert fmt.count(2.5) == "3"
    assert fmt.day(dt.datetime(2026, 1, 31, 23, 59)) == "2026-01-31"
    assert fmt.day(dt.date(2026, 2, 1)) == "2026-02-01"
    assert fmt.month(dt.date(2025, 12, 1)) == "Dec 2025"
    assert fmt.label("first_time") == "First time"
    assert fmt.label("at_risk") == "At risk"
    assert fmt.day(pd.NaT) == "—"
    assert fmt.count(pd.NA) == "—"


# --- the stage flows at their boundaries (valid_to is exclusive) ----------------------------


@pytest.fixture()
def tiny_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three buyers: A prospect until 2025-01-31, first_time from 2025-02-01; B known from
    2025-02-01; C known from 2025-02-02."""
    path = tmp_path / "serving.duckdb"
    with duckdb.connect(str(path)) as db:
        db.execute("create schema marts")
        db.execute(
            "create table marts.buyer_lifecycle_history (buyer_id varchar,"
            " lifecycle_stage varchar, valid_from date, valid_to date)"
        )
        db.execute(
            "insert into marts.buyer_lifecycle_history values"
            " ('A', 'prospect', '2025-01-10', '2025-02-01'),"
            " ('A', 'first_time', '2025-02-01', null),"
            " ('B', 'prospect', '2025-02-01', null),"
            " ('C', 'prospect', '2025-02-02', null)"
        )
    monkeypatch.setenv("MARKETSEG_SERVING_PATH", str(path))
    return path


def flows(from_day: str, to_day: str) -> dict[tuple[str, str], int]:
    moves = data.flows(dt.date.fromisoformat(from_day), dt.date.fromisoformat(to_day))
    return {(row.from_stage, row.to_stage): row.buyers_count for row in moves.itertuples()}


def test_flows_take_the_stage_in_force_on_each_day(tiny_history: Path) -> None:
    # on 2025-01-31 A is still a prospect; on 2025-02-01 A is first_time and B appears
    assert flows("2025-01-31", "2025-02-01") == {
        ("prospect", "first_time"): 1,
        ("not_known", "prospect"): 1,
    }
    # the day the new stage starts counts as the new stage on both sides
    assert flows("2025-02-01", "2025-02-02") == {
        ("first_time", "first_time"): 1,
        ("prospect", "prospect"): 1,
        ("not_known", "prospect"): 1,
    }
    # one day on both sides: nobody moves; before anyone is known: nobody
    assert flows("2025-01-31", "2025-01-31") == {("prospect", "prospect"): 1}
    assert flows("2025-01-01", "2025-01-09") == {}


# --- the pages, on the test build -----------------------------------------------------------


@pytest.mark.parametrize("page", list(PAGES))
def test_each_page_shows_the_figures_of_the_serving_file(
    page: str, test_serving_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_on(test_serving_file, monkeypatch, page)
    assert app.title[0].value == page
    assert not app.error, [e.value for e in app.error]
    assert shown(app) == expected_figures(test_serving_file)[page]


def test_an_empty_segment_says_so(test_serving_file: Path, monkeypatch) -> None:
    """A catalogue segment nobody belongs to: zeros, a message, no chart, no error."""
    with duckdb.connect(str(test_serving_file), read_only=True) as db:
        empty = db.execute(
            "select min(segment_key) from marts.segment_catalogue where segment_key not in"
            " (select segment_key from marts.segment_kpis where segment_family = 'catalogue'"
            " and members_count > 0)"
        ).fetchone()[0]
    assert empty is not None, "the test data has no empty catalogue segment any more"
    app = app_on(test_serving_file, monkeypatch, "Segments")
    app.selectbox(key="family").set_value("catalogue").run()
    app.selectbox(key="segment").set_value(empty).run()
    assert not app.exception, [e.value for e in app.exception]
    assert shown(app)["Members"] == "0"
    assert shown(app)["Revenue, KPI months"] == "—"
    assert any("has no member" in info.value for info in app.info)
    assert "No contactable member: the segment has no audience." in [t.value for t in app.markdown]


def test_a_catalogue_segment_shows_its_goal_and_its_audiences_caps(
    test_serving_file: Path, monkeypatch
) -> None:
    """The segment's own goal (segment_catalogue); its contactable members by lifecycle
    stage, each stage with its playbook's caps (activation_audiences)."""
    with duckdb.connect(str(test_serving_file), read_only=True) as db:
        key, goal = db.execute(
            "select segment_key, playbook_goal from marts.segment_catalogue"
            " where segment_key = (select segment_key from marts.activation_audiences"
            " where segment_family = 'catalogue' group by 1 order by count(*) desc, 1 limit 1)"
        ).fetchone()
        stages = db.execute(
            "select stage.segment_key, count(*) from marts.buyer_segment_memberships as member"
            " inner join marts.buyer_segment_memberships as stage using (buyer_id)"
            " inner join marts.buyer_segments as buyer using (buyer_id)"
            " where member.segment_family = 'catalogue' and member.segment_key = ?"
            " and stage.segment_family = 'lifecycle_stage' and buyer.is_contactable"
            " group by 1 order by 2 desc, 1",
            [key],
        ).fetchall()
        caps = dict(
            db.execute(
                "select lifecycle_stage, max_contacts_per_week from marts.activation_audiences"
                " group by all"
            ).fetchall()
        )
    app = app_on(test_serving_file, monkeypatch, "Segments")
    app.selectbox(key="family").set_value("catalogue").run()
    app.selectbox(key="segment").set_value(key).run()
    texts = [text.value for text in app.markdown]
    assert f"The segment's goal: **{fmt.label(goal)}**." in texts
    total = sum(count for _, count in stages)
    assert any(text.startswith(f"Audience: **{fmt.count(total)}** contactable") for text in texts)
    table = app.dataframe[0].value
    assert list(zip(table["Stage"], table["Contactable buyers"], strict=True)) == [
        (fmt.label(stage), count) for stage, count in stages
    ]
    assert list(table["Contacts per week, at most"]) == [
        "no cap" if caps[stage] is None else fmt.count(caps[stage]) for stage, _ in stages
    ]


def test_micro_segments_sort(test_serving_file: Path, monkeypatch) -> None:
    with duckdb.connect(str(test_serving_file), read_only=True) as db:
        by_revenue = [
            key
            for (key,) in db.execute(
                "select micro_segment_key from marts.micro_segments"
                " order by revenue_total, micro_segment_key"
            ).fetchall()
        ]
    app = app_on(test_serving_file, monkeypatch, "Micro-segments")
    app.selectbox(key="sort").set_value("revenue_total").run()
    app.radio(key="order").set_value("Ascending").run()
    assert list(app.dataframe[0].value["micro_segment_key"]) == by_revenue
    app.radio(key="order").set_value("Descending").run()
    assert list(app.dataframe[0].value["micro_segment_key"]) == by_revenue[::-1]


def test_the_tables_hold_the_serving_files_figures(test_serving_file: Path, monkeypatch) -> None:
    """Beyond the headline figures: the stage table of the overview, who moved where on the
    lifecycle page (the stage on a day from valid_from alone) and the tiers' GMV shares."""
    with duckdb.connect(str(test_serving_file), read_only=True) as db:
        stages = dict(
            db.execute(
                "select lifecycle_stage, count(*) from marts.buyer_segments group by 1"
            ).fetchall()
        )
        before, after = [
            day
            for (day,) in db.execute(
                "select distinct least(last_day(month_start), as_of_date) from marts.segment_kpis"
                " order by 1 desc limit 2"
            ).fetchall()
        ][::-1]
        moved = dict(
            ((from_stage, to_stage), count)
            for from_stage, to_stage, count in db.execute(
                f"select coalesce(b.stage, 'not_known'), a.stage, count(*)"
                f" from ({STAGE_ON}) as a left join ({STAGE_ON}) as b using (buyer_id)"
                " where b.stage is distinct from a.stage group by all",
                [after, before],
            ).fetchall()
        )
        tiers = dict(
            db.execute(
                "select seller_tier, sum(gmv_total) / (select sum(gmv_total)"
                " from marts.seller_segments) from marts.seller_segments group by 1"
            ).fetchall()
        )
    total = sum(stages.values())
    overview = app_on(test_serving_file, monkeypatch).dataframe[0].value
    assert {
        (stage, buyers, share)
        for stage, buyers, share in zip(
            overview["Stage"], overview["Buyers"], overview["Share"], strict=True
        )
    } == {(fmt.label(s), n, fmt.pct(n / total)) for s, n in stages.items()}
    flows = app_on(test_serving_file, monkeypatch, "Lifecycle").dataframe[0].value
    assert dict(
        zip(zip(flows["From"], flows["To"], strict=True), flows["Buyers"], strict=True)
    ) == {(fmt.label(a), fmt.label(b)): n for (a, b), n in moved.items()}
    sellers = app_on(test_serving_file, monkeypatch, "Sellers").dataframe[0].value
    shares = dict(zip(sellers["Tier"], sellers["Share of GMV"], strict=True))
    assert shares.keys() == {fmt.label(tier) for tier in tiers}
    for tier, share in tiers.items():
        assert shares[fmt.label(tier)] == pytest.approx(float(share), abs=1e-12)


def test_lifecycle_compares_the_chosen_days(test_serving_file: Path, monkeypatch) -> None:
    """The first KPI month's end against the reference date: the counts of the analysis
    stage_transitions' rule, computed here from valid_from alone."""
    app = app_on(test_serving_file, monkeypatch, "Lifecycle")
    days = app.selectbox(key="from_day").options
    app.selectbox(key="from_day").set_value(dt.date.fromisoformat(days[0])).run()
    assert not app.exception, [e.value for e in app.exception]
    with duckdb.connect(str(test_serving_file), read_only=True) as db:
        (new,) = db.execute(
            "select count(*) from (select buyer_id, min(valid_from) as known"
            " from marts.buyer_lifecycle_history group by 1) where known > ?",
            [dt.date.fromisoformat(days[0])],
        ).fetchone()
    assert shown(app)["New buyers"] == fmt.count(new)


@pytest.mark.build
def test_the_pages_read_a_cdnow_build(cdnow_serving_file: Path, monkeypatch) -> None:
    """Real data with one seller, no session and no rejected row: every page draws."""
    expected = expected_figures(cdnow_serving_file)
    for page in PAGES:
        app = app_on(cdnow_serving_file, monkeypatch, page)
        assert not app.error, (page, [e.value for e in app.error])
        assert shown(app) == expected[page], page
    assert any("No raw row was rejected" in s.value for s in app.success)


def edited_copy(serving: Path, folder: Path, *statements: str) -> Path:
    """A copy of the serving file changed by `statements` (the original is never written)."""
    copy = folder / "edited.duckdb"
    shutil.copy(serving, copy)
    with duckdb.connect(str(copy)) as db:
        for statement in statements:
            db.execute(statement)
    return copy


def test_every_page_draws_a_build_without_buyers_or_sellers(
    test_serving_file: Path, tmp_path: Path, monkeypatch
) -> None:
    """A marketplace with nothing in it yet: each page says so, none fails."""
    marts = [
        "buyer_segments",
        "buyer_lifecycle_history",
        "segment_kpis",
        "micro_segments",
        "seller_segments",
        "seller_months",
        "activation_audiences",
    ]
    empty = edited_copy(
        test_serving_file,
        tmp_path,
        *(f"delete from marts.{mart}" for mart in marts),
        "delete from audit.rejected_row_counts",
        # as the mart is on no purchaser: one row of null counts
        "update marts.buyer_value_pareto set purchasers_count = null, top_buyers_count = null,"
        " pct_buyers_top = null, pct_revenue_top = null",
    )
    for page in PAGES:
        app = app_on(empty, monkeypatch, page)
        assert not app.error, (page, [e.value for e in app.error])
    overview = app_on(empty, monkeypatch, "Overview")
    assert shown(overview)["Buyers"] == "0"
    assert [i.value for i in overview.info] == [
        "No purchaser yet: no revenue to split.",
        "No buyer in this build.",
    ]


def test_the_quality_page_reads_a_verdict_of_an_older_gate(
    test_serving_file: Path, tmp_path: Path, monkeypatch
) -> None:
    """Published before issue #17: three counts and no Data Docs, or no verdict at all."""
    older = edited_copy(
        test_serving_file,
        tmp_path,
        "create or replace table audit.quality_verdict as select invocation_id, passed,"
        " expectations_count, errors_count, checked_at from audit.quality_verdict",
    )
    app = app_on(older, monkeypatch, "Data quality")
    assert not app.error
    assert shown(app)["Expectations passed"].startswith("— / ")
    assert shown(app)["Warnings"] == "—"
    assert not [m.value for m in app.markdown if "Open the Data Docs" in m.value]
    (tmp_path / "edited.duckdb").unlink()
    none = edited_copy(test_serving_file, tmp_path, "drop table audit.quality_verdict")
    app = app_on(none, monkeypatch, "Data quality")
    assert "Verdict" not in shown(app)
    assert any("published before the gate's verdict" in i.value for i in app.info)


def test_the_quality_page_links_to_the_data_docs(test_serving_file: Path, monkeypatch) -> None:
    with duckdb.connect(str(test_serving_file), read_only=True) as db:
        (docs,) = db.execute("select docs_index from audit.quality_verdict").fetchone()
    assert Path(docs).is_file()
    app = app_on(test_serving_file, monkeypatch, "Data quality")
    assert any("[Open the Data Docs](/data-docs/index.html)" in m.value for m in app.markdown)


def test_without_a_serving_file_every_page_says_what_to_do(tmp_path: Path, monkeypatch) -> None:
    for page in PAGES:
        app = app_on(tmp_path / "missing.duckdb", monkeypatch, page)
        assert [e.value for e in app.error] == [
            f"no serving file at {tmp_path / 'missing.duckdb'}: run `make run` (or "
            "`marketseg build`) to build and publish the marts, or set "
            "MARKETSEG_SERVING_PATH to a published serving file"
        ]
        assert not app.metric


def test_a_page_run_reads_one_attached_file(test_serving_file: Path, monkeypatch) -> None:
    """Each run of the app attaches the serving file once and every query of the page goes
    through it: a publish during a page run cannot mix two builds on one page."""
    attached = []
    attach = data.attach
    monkeypatch.setattr(data, "attach", lambda path: attached.append(path) or attach(path))
    # the app's first run (AppTest's switch_page runs a page without the app around it)
    app_on(test_serving_file, monkeypatch, "Overview")
    assert attached == [test_serving_file]


def test_the_app_opens_the_serving_file_read_only(test_serving_file: Path) -> None:
    """A write through the dashboard's queries fails: DuckDB opened the file read-only."""
    with pytest.raises(serving_file.ServingFileError, match="read-only"):
        serving_file.run_query(str(test_serving_file), "create table marts.x as select 1 as y")


# --- `marketseg dashboard` ------------------------------------------------------------------


def marketseg(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return run_marketseg(*args, env=env, timeout=60)


def test_dashboard_without_a_serving_file_says_to_build(tmp_path: Path) -> None:
    env = {"MARKETSEG_SERVING_PATH": str(tmp_path / "none.duckdb"), "PATH": ""}
    result = marketseg("dashboard", env=env)
    assert result.returncode == 1
    assert "no serving file at" in result.stderr
    assert "make run" in result.stderr


def test_dashboard_on_a_port_in_use_says_so(test_serving_file: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {"MARKETSEG_SERVING_PATH": str(test_serving_file), "PATH": ""}
        result = marketseg("dashboard", "--port", str(port), env=env)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "--port" in result.stderr


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_dashboard_refuses_a_port_that_is_not_one(port: str) -> None:
    result = marketseg("dashboard", "--port", port)
    assert result.returncode == 2
    assert "--port" in result.stderr


def test_the_exposure_lists_what_the_dashboard_reads() -> None:
    """The dbt exposure segments_dashboard depends on every model whose relation the app's
    queries read, and on no other (the gate's verdict is not a model)."""
    # data.py holds every query of the app (the pages call its functions)
    sql = (PROJECT / "marketseg" / "dashboard" / "data.py").read_text()
    read = set(re.findall(r"\b(?:from|join) (?:marts|audit)\.([a-z_]+)\b", sql))
    exposures = yaml.safe_load((PROJECT / "models/marts/_marts__exposures.yml").read_text())
    (dashboard,) = [e for e in exposures["exposures"] if e["name"] == "segments_dashboard"]
    refs = {re.fullmatch(r"ref\('([a-z_]+)'\)", ref).group(1) for ref in dashboard["depends_on"]}
    assert read - {"quality_verdict"} == refs
    assert "quality_verdict" in read
