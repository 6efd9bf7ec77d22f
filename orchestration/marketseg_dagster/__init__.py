"""An example Dagster project for marketseg (docs/orchestration.md).

The dbt project as assets (its data tests as asset checks), the quality gate and the
publication of the serving file as downstream assets, and a daily schedule of the `nightly`
job. Run it with `dagster dev -m marketseg_dagster.definitions -d orchestration`.
"""
