"""Sellers: tiers and lifecycle, their share of GMV, the commission they bring
(seller_segments, seller_months)."""

import altair as alt
import streamlit as st

from marketseg.dashboard import common, data
from marketseg.dashboard import formatting as fmt

info = common.page_start("Sellers", "Every seller with a tier and a lifecycle stage.")
tiers = data.seller_groups("seller_tier")
stages = data.seller_groups("seller_lifecycle")
columns = st.columns(3)
columns[0].metric("Sellers", fmt.count(tiers["sellers_count"].sum()))
columns[1].metric("GMV", fmt.money(tiers["gmv_total"].sum(), info.currency))
columns[2].metric("Commission", fmt.money(tiers["commission_total"].sum(), info.currency))
if tiers.empty:
    st.info("No seller in this build.")
    st.stop()


def grouped(frame, title: str) -> None:
    """A bar chart of the GMV share by group, and the table of the groups."""
    named = common.labelled(frame, "group_key").round({"gmv_total": 0, "commission_total": 0})
    common.chart(
        alt.Chart(named, title=f"Share of GMV by {title.lower()}")
        .mark_bar()
        .encode(
            x=alt.X("gmv_share:Q", title="Share of GMV", axis=alt.Axis(format="%")),
            y=alt.Y("group_key:N", sort="-x", title=None),
            tooltip=[
                alt.Tooltip("group_key:N", title=title),
                alt.Tooltip("sellers_count:Q", title="Sellers", format=","),
                alt.Tooltip("gmv_share:Q", title="Share of GMV", format=".1%"),
                alt.Tooltip("commission_total:Q", title="Commission", format=",.0f"),
            ],
        )
        .properties(height=common.CHART_HEIGHT - 80)
    )
    common.table(
        named,
        {
            "group_key": title,
            "sellers_count": "Sellers",
            "gmv_total": f"GMV ({info.currency})",
            "commission_total": f"Commission ({info.currency})",
            "gmv_share": "Share of GMV",
        },
        numbers=("sellers_count", "gmv_total", "commission_total"),
        percents=("gmv_share",),
    )


left, right = st.columns(2)
with left:
    st.subheader("Tiers")
    grouped(tiers, "Tier")
with right:
    st.subheader("Lifecycle")
    grouped(stages, "Stage")

st.subheader("GMV by month and tier")
months = data.seller_months()
if months.empty:
    st.info("No sale in this build.")
else:
    common.chart(
        alt.Chart(common.labelled(months, "seller_tier"))
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(sale_month):T", title=None),
            y=alt.Y("gmv_total:Q", title=f"GMV ({info.currency})"),
            color=alt.Color("seller_tier:N", title="Tier"),
            tooltip=[
                alt.Tooltip("yearmonth(sale_month):T", title="Month"),
                alt.Tooltip("seller_tier:N", title="Tier"),
                alt.Tooltip("gmv_total:Q", title="GMV", format=",.0f"),
                alt.Tooltip("commission_total:Q", title="Commission", format=",.0f"),
            ],
        )
        .properties(height=common.CHART_HEIGHT)
    )
