"""The Dagster definitions: `dagster dev -m marketseg_dagster.definitions -d orchestration`."""

from __future__ import annotations

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    Definitions,
    ScheduleDefinition,
    define_asset_job,
)
from dagster_dbt import DbtCliResource, build_dbt_asset_selection

from marketseg_dagster.assets import (
    marketseg_dbt_assets,
    quality_gate,
    serving_warehouse,
)
from marketseg_dagster.project import DBT_EXECUTABLE, marketseg_project

# build -> audit -> publish, every day: the `nightly` selector (selectors.yml) and what
# depends on it (the gate, then the publication)
nightly_job = define_asset_job(
    "nightly",
    selection=build_dbt_asset_selection([marketseg_dbt_assets], dbt_selector="nightly")
    | AssetSelection.assets(quality_gate, serving_warehouse),
    description="dbt build (selector nightly), then marketseg quality, then marketseg publish.",
)

# only what the BI tools and the CRM export read, and what it is built from
bi_marts_job = define_asset_job(
    "bi_marts",
    selection=build_dbt_asset_selection([marketseg_dbt_assets], dbt_selector="bi_marts")
    | AssetSelection.assets(quality_gate, serving_warehouse),
    description="dbt build (selector bi_marts), then marketseg quality, then marketseg publish.",
)

# stopped until switched on (UI, or `dagster schedule start nightly_schedule`), so that
# trying the example never starts a build by itself
nightly_schedule = ScheduleDefinition(
    name="nightly_schedule",
    job=nightly_job,
    cron_schedule="0 4 * * *",
    execution_timezone="UTC",
    default_status=DefaultScheduleStatus.STOPPED,
)

defs = Definitions(
    assets=[marketseg_dbt_assets, quality_gate, serving_warehouse],
    jobs=[nightly_job, bi_marts_job],
    schedules=[nightly_schedule],
    resources={"dbt": DbtCliResource(project_dir=marketseg_project, dbt_executable=DBT_EXECUTABLE)},
)
