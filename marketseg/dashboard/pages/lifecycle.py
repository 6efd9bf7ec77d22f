"""Lifecycle: who moved from which stage to which between two month ends (the day-resolution
history, buyer_lifecycle_history)."""

import altair as alt
import pandas as pd
import streamlit as st

from marketseg.dashboard import common, data
from marketseg.dashboard import formatting as fmt

info = common.page_start(
    "Lifecycle", "Stage flows between two days, from the lifecycle history at day resolution."
)
days = data.checkpoints()
if not days:
    st.info("No month in this build: nothing to compare.")
    st.stop()
left, right = st.columns(2)
from_day = left.selectbox(
    "From", days, index=max(len(days) - 2, 0), format_func=fmt.day, key="from_day"
)
to_day = right.selectbox("To", days, index=len(days) - 1, format_func=fmt.day, key="to_day")
if from_day > to_day:
    st.info(f"From {fmt.day(from_day)} is after {fmt.day(to_day)}: the flows below go forwards.")
    from_day, to_day = to_day, from_day

moves = data.flows(from_day, to_day)
known_before = moves.loc[moves["from_stage"] != "not_known", "buyers_count"].sum()
moved = moves.loc[moves["from_stage"] != moves["to_stage"], "buyers_count"].sum()
new = moves.loc[moves["from_stage"] == "not_known", "buyers_count"].sum()
columns = st.columns(4)
columns[0].metric(f"Buyers on {fmt.day(from_day)}", fmt.count(known_before))
columns[1].metric(f"Buyers on {fmt.day(to_day)}", fmt.count(moves["buyers_count"].sum()))
columns[2].metric("Changed stage", fmt.count(moved - new))
columns[3].metric("New buyers", fmt.count(new))

if moves.empty:
    st.info("No buyer known on either day.")
    st.stop()
stages = pd.concat([moves["from_stage"], moves["to_stage"]])
order = [fmt.label(stage) for stage in common.stage_order(stages)]
flows = common.labelled(common.labelled(moves, "from_stage"), "to_stage")
flows = flows.assign(
    share_of_from=moves["buyers_count"]
    / moves.groupby("from_stage")["buyers_count"].transform("sum")
)
heatmap = alt.Chart(flows, title="Buyers by stage on each day").encode(
    x=alt.X("to_stage:N", sort=order, title=f"Stage on {fmt.day(to_day)}"),
    y=alt.Y("from_stage:N", sort=order, title=f"Stage on {fmt.day(from_day)}"),
    tooltip=[
        alt.Tooltip("from_stage:N", title="From"),
        alt.Tooltip("to_stage:N", title="To"),
        alt.Tooltip("buyers_count:Q", title="Buyers", format=","),
        alt.Tooltip("share_of_from:Q", title="Share of the 'from' stage", format=".1%"),
    ],
)
common.chart(
    (
        heatmap.mark_rect().encode(color=alt.Color("buyers_count:Q", title="Buyers"))
        + heatmap.mark_text(baseline="middle").encode(text=alt.Text("buyers_count:Q", format=","))
    ).properties(height=common.CHART_HEIGHT + 60)
)
st.subheader("Who moved where")
changed = flows[moves["from_stage"] != moves["to_stage"]].sort_values(
    "buyers_count", ascending=False
)
common.table(
    changed,
    {
        "from_stage": "From",
        "to_stage": "To",
        "buyers_count": "Buyers",
        "share_of_from": "Share of the 'from' stage",
    },
    numbers=("buyers_count",),
    percents=("share_of_from",),
)
