"""Data quality: the build the serving file holds, the raw rows staging rejected and why,
and the quality gate's verdict with its Data Docs (audit.build_info,
audit.rejected_row_counts, audit.quality_verdict)."""

import json

import altair as alt
import streamlit as st

from marketseg.dashboard import common, data
from marketseg.dashboard import formatting as fmt
from marketseg.dashboard.docs import DATA_DOCS_PATH, data_docs_folder

info = common.page_start("Data quality", "The last published build and what it checked.")

st.subheader("The build")
columns = st.columns(4)
columns[0].metric("Reference date", fmt.day(info.as_of_date))
columns[1].metric("Built on", fmt.day(info.run_started_at))
columns[2].metric("Raw files", fmt.count(info.raw_files_count))
columns[3].metric("Raw data", f"{info.raw_bytes / 1_000_000:,.1f} MB")
st.markdown(
    f"Built at {info.run_started_at:%Y-%m-%d %H:%M} UTC by dbt {info.dbt_version}, invocation "
    f"`{info.invocation_id}`, raw data from "
    f"`{info.raw_path}`" + (f", extracted at {info.extracted_at}" if info.extracted_at else "")
)
with st.expander("The vars of this build"):
    st.json(info.vars, expanded=False)

st.subheader("The quality gate")
verdict = data.quality_verdict()
if verdict is None:
    st.info(
        "This serving file was published before the gate's verdict was published with the "
        "marts: publish a new build (`make run`) to see it here."
    )
else:
    columns = st.columns(4)
    columns[0].metric("Verdict", "Passed" if verdict["passed"] else "Failed")
    columns[1].metric(
        "Expectations passed",
        f"{fmt.count(verdict['passed_count'])} / {fmt.count(verdict['expectations_count'])}",
    )
    columns[2].metric("Errors", fmt.count(verdict["errors_count"]))
    columns[3].metric("Warnings", fmt.count(verdict["warnings_count"]))
    failures_json = verdict["failures_json"]
    for failure in json.loads("[]" if fmt.is_missing(failures_json) else failures_json):
        st.warning(failure)
    if not fmt.is_missing(verdict["checked_at"]):
        st.caption(f"Checked at {verdict['checked_at']:%Y-%m-%d %H:%M} UTC.")
    docs = verdict["docs_index"]
    if data_docs_folder() is not None:
        st.markdown(
            f"[Open the Data Docs]({DATA_DOCS_PATH}/index.html): every expectation of this "
            "build's gate, with what it observed (Great Expectations)."
        )
    elif not fmt.is_missing(docs):
        st.markdown("The Data Docs are not on this machine; the gate wrote them to:")
        st.code(docs, language=None)

st.subheader("Rejected raw rows")
rejected = data.rejected_rows()
if rejected.empty:
    st.success("No raw row was rejected: every raw row is a clean row.")
else:
    st.metric("Rejected rows", fmt.count(rejected["rows_count"].sum()))
    common.chart(
        alt.Chart(rejected, title="Rejected rows by table and reason")
        .mark_bar()
        .encode(
            x=alt.X("sum(rows_count):Q", title="Rows"),
            y=alt.Y("source_table:N", sort="-x", title=None),
            color=alt.Color("reason:N", title="Reason"),
            tooltip=[
                alt.Tooltip("source_table:N", title="Table"),
                alt.Tooltip("reason:N", title="Reason"),
                alt.Tooltip("reason_column:N", title="Column"),
                alt.Tooltip("sum(rows_count):Q", title="Rows", format=","),
            ],
        )
        .properties(height=common.CHART_HEIGHT - 40)
    )
    common.table(
        rejected,
        {
            "source_table": "Table",
            "reason": "Reason",
            "reason_column": "Column",
            "rows_count": "Rows",
        },
        numbers=("rows_count",),
    )
