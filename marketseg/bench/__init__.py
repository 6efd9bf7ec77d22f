"""`marketseg bench` (issue #14; docs/benchmarks.md): the full build, a one-day incremental
run and the hand-written DuckDB equivalents, measured in one run."""
