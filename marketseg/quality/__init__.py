"""The quality gate: Great Expectations suites over the marts of the warehouse.

`marketseg quality` runs one checkpoint per mart after `dbt build`, in its own process
(dbt-duckdb holds the DuckDB file lock while dbt runs), one per check across relations
(completeness against the intermediate layer, the stage and RFM score rules: checks.py)
and compares with the last published build (drift), writes Data Docs under
`target/quality/`, prints a summary and fails when an expectation of severity `critical`
(an error) fails; `warning` expectations are reported only.
"""

from marketseg.quality.checkpoint import QualityReport, run_quality

__all__ = ["QualityReport", "run_quality"]
