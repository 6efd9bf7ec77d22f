"""Compare the marts of two warehouses: the rows of every relation of `marts` and
`segments`, EXCEPT ALL both ways (the determinism and point-in-time tests)."""

from __future__ import annotations

from pathlib import Path

import duckdb


def relations(connection: duckdb.DuckDBPyConnection, alias: str) -> list[tuple[str, str]]:
    return connection.execute(
        "select schema_name, table_name from duckdb_tables() "
        "where database_name = ? and schema_name in ('marts', 'segments') order by 1, 2",
        [alias],
    ).fetchall()


def differences(left: Path, right: Path) -> list[str]:
    """One line per relation and side holding rows the other side has not."""
    connection = duckdb.connect()
    connection.execute(f"attach '{left}' as l (read_only)")
    connection.execute(f"attach '{right}' as r (read_only)")
    names = relations(connection, "l")
    assert names == relations(connection, "r")
    assert len(names) > 50
    found = []
    for schema, name in names:
        found += one_sided_rows(connection, ("l", "r"), f"{schema}.{name}")
    connection.close()
    return found


def one_sided_rows(
    connection: duckdb.DuckDBPyConnection,
    databases: tuple[str, str],
    relation: str,
    columns: str = "*",
    where: str = "",
) -> list[str]:
    """One line per side of `databases` holding rows of `relation` (these columns, these
    rows) that the other side has not, EXCEPT ALL both ways."""
    found = []
    for one, other in (databases, databases[::-1]):
        (extra,) = connection.execute(
            f"select count(*) from (select {columns} from {one}.{relation} {where} "
            f"except all select {columns} from {other}.{relation} {where})"
        ).fetchone()
        if extra:
            found.append(f"{relation}: {extra} rows only in {one}")
    return found
