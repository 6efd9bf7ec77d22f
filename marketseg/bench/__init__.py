"""The scale benchmark (issue #14) and its hand-written DuckDB equivalents."""
