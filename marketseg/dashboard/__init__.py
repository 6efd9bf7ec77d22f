"""The segment dashboard: a Streamlit app over the serving file, read-only (docs/dashboard.md).

`marketseg dashboard` starts it; `app.py` is Streamlit's entry point, `pages/` its pages,
`data.py` every query it runs and `formatting.py` how figures are written for people.
"""
