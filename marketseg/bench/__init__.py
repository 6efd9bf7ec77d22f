"""`marketseg bench`: the full build, a one-day incremental run and hand-written
equivalents, measured in one run (issue #14; docs/benchmarks.md)."""
