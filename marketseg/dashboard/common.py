"""What every page shares: its header (which build it shows), errors, charts' defaults."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from marketseg.dashboard import data
from marketseg.dashboard import formatting as fmt
from marketseg.dashboard.serving_file import ServingFileError

# the order in which stages are listed and coloured (SPEC 4.1), others after them
STAGE_ORDER = [
    "not_known",
    "prospect",
    "first_time",
    "repeat",
    "loyal",
    "at_risk",
    "inactive",
]
CHART_HEIGHT = 280


def page_start(title: str, caption: str) -> data.BuildInfo:
    """The page's title and the build it shows; the page stops with a message when the
    serving file cannot be read."""
    st.title(title)
    try:
        info = data.build_info()
    except ServingFileError as error:  # app.py says it too, but a page may run alone
        st.error(str(error))
        st.stop()
    st.caption(
        f"{caption} As of **{fmt.day(info.as_of_date)}**, build of "
        f"{fmt.day(info.run_started_at)} ({info.invocation_id[:8]}), amounts in "
        f"{info.currency}."
    )
    return info


def stage_order(stages: pd.Series) -> list[str]:
    known = [stage for stage in STAGE_ORDER if stage in set(stages)]
    return known + sorted(set(stages) - set(known))


def chart(figure: alt.Chart) -> None:
    st.altair_chart(figure, width="stretch")


def table(
    frame: pd.DataFrame,
    columns: dict[str, str],
    numbers: tuple[str, ...] = (),
    percents: tuple[str, ...] = (),
) -> None:
    """`frame`'s `columns` (name -> title, in that order) as a sortable table: `numbers`
    with thousands separators, `percents` (shares of 0-1) as percentages."""
    config = {columns[name]: st.column_config.NumberColumn(format="localized") for name in numbers}
    config |= {columns[name]: st.column_config.NumberColumn(format="percent") for name in percents}
    st.dataframe(
        frame[list(columns)].rename(columns=columns), hide_index=True, column_config=config
    )


def labelled(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """A copy with `column` written for people (first_time -> First time)."""
    return frame.assign(**{column: frame[column].map(fmt.label)})
