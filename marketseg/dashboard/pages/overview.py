"""Overview: buyers, revenue, the Pareto split, stage shares and their trend by month."""

import altair as alt
import streamlit as st

from marketseg.dashboard import common, data
from marketseg.dashboard import formatting as fmt

info = common.page_start("Overview", "Every known buyer and what they bought.")
totals = data.buyer_totals()
pareto = data.pareto()

columns = st.columns(4)
columns[0].metric("Buyers", fmt.count(totals["buyers_count"]))
columns[1].metric("Purchasers", fmt.count(totals["purchasers_count"]))
columns[2].metric("Revenue", fmt.money(totals["revenue_total"], info.currency))
average = totals["revenue_total"] / totals["orders_count"] if totals["orders_count"] else None
columns[3].metric("Average order value", fmt.money(average, info.currency, cents=True))

st.subheader("Pareto: the top buyers' share of revenue")
if pareto is None or fmt.is_missing(pareto["purchasers_count"]) or not pareto["purchasers_count"]:
    st.info("No purchaser yet: no revenue to split.")
else:
    columns = st.columns(3)
    columns[0].metric("Top buyers", fmt.count(pareto["top_buyers_count"]))
    columns[1].metric("Top buyers' share of purchasers", fmt.pct(pareto["pct_buyers_top"]))
    columns[2].metric("Top buyers' share of revenue", fmt.pct(pareto["pct_revenue_top"]))

st.subheader("Lifecycle stages")
today = data.stages_today()
trend = data.stages_by_month()
if today.empty:
    st.info("No buyer in this build.")
    st.stop()
order = [fmt.label(stage) for stage in common.stage_order(today["lifecycle_stage"])]
stage_ranks = {
    stage: rank for rank, stage in enumerate(common.stage_order(today["lifecycle_stage"]))
}
left, right = st.columns([1, 2])
with left:
    shares = common.labelled(today, "lifecycle_stage").assign(
        share=today["buyers_count"] / today["buyers_count"].sum()
    )
    common.chart(
        alt.Chart(shares, title=f"On {fmt.day(info.as_of_date)}")
        .mark_bar()
        .encode(
            x=alt.X("buyers_count:Q", title="Buyers"),
            y=alt.Y("lifecycle_stage:N", sort=order, title=None),
            color=alt.Color("lifecycle_stage:N", sort=order, legend=None),
            tooltip=[
                alt.Tooltip("lifecycle_stage:N", title="Stage"),
                alt.Tooltip("buyers_count:Q", title="Buyers", format=","),
                alt.Tooltip("share:Q", title="Share", format=".1%"),
            ],
        )
        .properties(height=common.CHART_HEIGHT)
    )
with right:
    common.chart(
        alt.Chart(
            common.labelled(trend, "lifecycle_stage").assign(
                stage_rank=trend["lifecycle_stage"].map(
                    lambda s: stage_ranks.get(s, len(stage_ranks))
                )
            ),
            title="Share of buyers by month end",
        )
        .mark_area()
        .encode(
            x=alt.X("yearmonth(month_start):T", title=None),
            y=alt.Y("share:Q", stack="normalize", title="Share", axis=alt.Axis(format="%")),
            color=alt.Color("lifecycle_stage:N", sort=order, title="Stage"),
            order=alt.Order("stage_rank:Q"),
            tooltip=[
                alt.Tooltip("checkpoint_date:T", title="Day"),
                alt.Tooltip("lifecycle_stage:N", title="Stage"),
                alt.Tooltip("buyers_count:Q", title="Buyers", format=","),
                alt.Tooltip("share:Q", title="Share", format=".1%"),
            ],
        )
        .properties(height=common.CHART_HEIGHT)
    )
table = shares.assign(share=shares["share"].map(fmt.pct), buyers_count=today["buyers_count"])
common.table(
    table,
    {"lifecycle_stage": "Stage", "buyers_count": "Buyers", "share": "Share"},
    ("buyers_count",),
)
