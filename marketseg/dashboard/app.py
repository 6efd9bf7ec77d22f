"""Streamlit's entry point (`marketseg dashboard` runs it): the pages and the sidebar."""

from pathlib import Path

import streamlit as st

from marketseg.dashboard import data
from marketseg.dashboard import formatting as fmt
from marketseg.dashboard.serving_file import ServingFileError

PAGES = Path(__file__).parent / "pages"

st.set_page_config(page_title="Marketplace segments", layout="wide")
navigation = st.navigation(
    [
        st.Page(PAGES / "overview.py", title="Overview", default=True),
        st.Page(PAGES / "lifecycle.py", title="Lifecycle"),
        st.Page(PAGES / "segments.py", title="Segments"),
        st.Page(PAGES / "micro_segments.py", title="Micro-segments"),
        st.Page(PAGES / "sellers.py", title="Sellers"),
        st.Page(PAGES / "quality.py", title="Data quality"),
    ]
)
try:
    # one serving file for the whole page run, whatever a publish does meanwhile
    with data.snapshot() as pinned:
        info = data.build_info()
        st.sidebar.caption(
            f"Serving file `{pinned.path}`, as of {fmt.day(info.as_of_date)}; read-only: a "
            "new publish shows at the next page view."
        )
        navigation.run()
except ServingFileError as error:  # no serving file, or one of an older version
    st.error(str(error))
    st.stop()  # else Streamlit runs the page itself, after this script
