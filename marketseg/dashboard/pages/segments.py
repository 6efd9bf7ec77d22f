"""Segments: one segment of a family, its size and KPIs over the KPI months and their trend,
who can be contacted and its playbook (segment_kpis, segment_catalogue,
activation_audiences)."""

import altair as alt
import streamlit as st

from marketseg.dashboard import common, data
from marketseg.dashboard import formatting as fmt

info = common.page_start("Segments", "A segment's size, value and trend, and its playbook.")
families = data.families()
if not families:
    st.info("No segment in this build.")
    st.stop()
left, right = st.columns(2)
family = left.selectbox("Family", families, format_func=fmt.label, key="family")
keys = data.segment_keys(family)
key = right.selectbox("Segment", keys, format_func=fmt.label, key="segment")
kpis = data.segment_kpis(family, key)
entry = data.catalogue_entry(key) if family == "catalogue" else None
if entry is not None:
    st.markdown(f"**{entry['segment_label']}** · owner: {entry['owner']}")

sellers = family == "seller_tier"
members_word = "Sellers" if sellers else "Members"
if kpis.empty or not kpis["members_count"].iloc[-1]:
    st.info(
        f"{fmt.label(key)} has no member on {fmt.day(info.as_of_date)}: an empty segment "
        "(the rules of its model select nobody in this build)."
    )
latest = kpis.iloc[-1] if not kpis.empty else None
summary = data.segment_summary(family, key)
columns = st.columns(4)
columns[0].metric(members_word, fmt.count(latest["members_count"] if latest is not None else 0))
columns[1].metric(
    "Share of all sellers" if sellers else "Share of all buyers",
    fmt.pct(latest["pct_members"] if latest is not None else 0),
)
columns[2].metric(
    "GMV, KPI months" if sellers else "Revenue, KPI months",
    fmt.money(summary["revenue_total"], info.currency),
)
columns[3].metric(
    "Share of GMV, KPI months" if sellers else "Share of revenue, KPI months",
    fmt.pct(summary["pct_revenue"]),
)
columns = st.columns(4)
columns[0].metric("Average order value", fmt.money(summary["avg_order_value"], info.currency, True))
columns[1].metric("Conversion rate", fmt.pct(summary["conversion_rate"]))
columns[2].metric(
    "Commission per seller" if sellers else "Customer value per member",
    fmt.money(latest["avg_customer_value"] if latest is not None else None, info.currency, True),
)
columns[3].metric(
    "Contactable share", fmt.pct(latest["pct_contactable"] if latest is not None else None)
)
st.caption(
    f"KPI months: {fmt.month(summary['first_month'])} to {fmt.month(summary['last_month'])} "
    f"(the last one up to {fmt.day(info.as_of_date)}). Members and shares are those of the "
    "reference date; revenue, orders and sessions are the months'."
)

if not sellers:
    st.subheader("Playbook")
    if entry is not None:
        st.markdown(f"The segment's goal: **{fmt.label(entry['playbook_goal'])}**.")
    audience = data.playbook(family, key)
    if audience.empty:
        st.markdown("No contactable member: the segment has no audience.")
    else:
        st.markdown(
            f"Audience: **{fmt.count(audience['contactable_count'].sum())}** contactable "
            "buyers; each is contacted within the caps of their lifecycle stage's playbook."
        )
        caps = ["max_contacts_per_week", "max_contacts_per_month"]
        table = audience.assign(
            lifecycle_stage=audience["lifecycle_stage"].map(fmt.label),
            playbook_goal=audience["playbook_goal"].map(fmt.label),
            **{
                cap: audience[cap].map(lambda v: "no cap" if fmt.is_missing(v) else fmt.count(v))
                for cap in caps
            },
        )
        common.table(
            table,
            {
                "lifecycle_stage": "Stage",
                "playbook_goal": "Stage's goal",
                "max_contacts_per_week": "Contacts per week, at most",
                "max_contacts_per_month": "Contacts per month, at most",
                "contactable_count": "Contactable buyers",
            },
            numbers=("contactable_count",),
        )

if not kpis.empty:
    st.subheader("Trend by month")
    # the shares as percentages, the amounts as they are (one y axis per KPI)
    percent = {"pct_revenue": 100.0, "conversion_rate": 100.0}
    trend = kpis.assign(
        **{column: kpis[column].astype("float64") * factor for column, factor in percent.items()}
    ).melt(
        id_vars=["month_start"],
        value_vars=["pct_revenue", "conversion_rate", "avg_order_value", "avg_customer_value"],
        var_name="kpi",
        value_name="value",
    )
    names = {
        "pct_revenue": "Share of revenue (%)",
        "conversion_rate": "Conversion rate (%)",
        "avg_order_value": f"Average order value ({info.currency})",
        "avg_customer_value": f"Customer value ({info.currency})",
    }
    trend = trend.assign(kpi=trend["kpi"].map(names)).dropna(subset=["value"])
    if trend.empty:
        st.info("No activity in the KPI months.")
    else:
        common.chart(
            alt.Chart(trend)
            .mark_line(point=True)
            .encode(
                x=alt.X("yearmonth(month_start):T", title=None),
                y=alt.Y("value:Q", title=None),
                tooltip=[
                    alt.Tooltip("yearmonth(month_start):T", title="Month"),
                    alt.Tooltip("kpi:N", title="KPI"),
                    alt.Tooltip("value:Q", title="Value", format=",.3~f"),
                ],
            )
            .properties(height=140, width=320)
            .facet(facet=alt.Facet("kpi:N", title=None), columns=2)
            .resolve_scale(y="independent")
        )
    table = kpis[["month_start", "active_members_count", "orders_count", "revenue_total"]].round(
        {"revenue_total": 0}
    )
    common.table(
        table.assign(month_start=table["month_start"].map(fmt.month)),
        {
            "month_start": "Month",
            "active_members_count": "Active members",
            "orders_count": "Orders",
            "revenue_total": f"Revenue ({info.currency})",
        },
        numbers=("active_members_count", "orders_count", "revenue_total"),
    )
