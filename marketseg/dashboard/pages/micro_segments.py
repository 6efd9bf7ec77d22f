"""Micro-segments: the merged cells of stage x category x demographics with their KPIs,
sortable (micro_segments)."""

import streamlit as st

from marketseg.dashboard import common, data
from marketseg.dashboard import formatting as fmt

info = common.page_start(
    "Micro-segments",
    "Every buyer with a purchase is in one cell; a cell too small to act on is merged "
    "into its parent (the axis it drops shows as *).",
)
cells = data.micro_segments()
columns = st.columns(3)
columns[0].metric("Micro-segments", fmt.count(len(cells)))
columns[1].metric("Purchasers in them", fmt.count(cells["buyers_count"].sum()))
columns[2].metric(
    "Merged cells", fmt.count(cells["merged_cells_count"].sum() if not cells.empty else 0)
)
if cells.empty:
    st.info("No micro-segment in this build.")
    st.stop()

SORTS = {
    "buyers_count": "Buyers",
    "revenue_total": "Revenue, lifetime",
    "pct_revenue": "Share of revenue, lifetime",
    "avg_order_value": "Average order value",
    "conversion_rate": "Conversion rate",
    "avg_customer_value": "Customer value",
    "pct_retained": "Retained share",
    "pct_contactable": "Contactable share",
}
AXES = [
    "lifecycle_stage",
    "favourite_category",
    "age_band",
    "gender",
    "country",
    "main_device_type",
    "price_sensitivity",
]
left, right = st.columns([2, 1])
sort = left.selectbox("Sort by", list(SORTS), format_func=SORTS.get, key="sort")
ascending = right.radio("Order", ["Descending", "Ascending"], horizontal=True, key="order")
shown = cells.fillna({axis: "*" for axis in AXES}).sort_values(
    [sort, "micro_segment_key"], ascending=[ascending == "Ascending", True], na_position="last"
)
money = st.column_config.NumberColumn
st.dataframe(
    shown[["micro_segment_key", *SORTS, "merged_cells_count", *AXES]],
    hide_index=True,
    width="stretch",
    column_config={
        "micro_segment_key": st.column_config.TextColumn("Micro-segment"),
        **{axis: st.column_config.TextColumn(fmt.label(axis)) for axis in AXES},
        "merged_cells_count": money("Merged cells", format="localized"),
        "buyers_count": money("Buyers", format="localized"),
        "revenue_total": money(f"Revenue, lifetime ({info.currency})", format="localized"),
        "pct_revenue": money("Share of revenue, lifetime", format="percent"),
        "avg_order_value": money(f"Average order value ({info.currency})", format="%.2f"),
        "conversion_rate": money("Conversion rate", format="percent"),
        "avg_customer_value": money(f"Customer value ({info.currency})", format="%.2f"),
        "pct_retained": money("Retained share", format="percent"),
        "pct_contactable": money("Contactable share", format="percent"),
    },
)
st.caption("Click a column's header to sort the table by it, too.")
