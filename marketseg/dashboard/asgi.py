"""What `marketseg dashboard` serves: the Streamlit app (app.py) and, under /data-docs/,
the Data Docs of the published build's quality gate, so that the data quality page links to
them over HTTP (a browser follows no file:// link from a web page).

`streamlit run` finds `app` here and serves it with uvicorn, with the same options as a
plain Streamlit script.
"""

from __future__ import annotations

from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.responses import PlainTextResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send
from streamlit.starlette import App

from marketseg.dashboard.docs import DATA_DOCS_PATH, data_docs_folder


class DataDocs:
    """The folder of the Data Docs the serving file's verdict names, read-only, looked up
    on each request (a publish may name another folder); 404 when there is none."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        folder = await run_in_threadpool(data_docs_folder)
        if folder is None:
            answer = PlainTextResponse(
                "no Data Docs: the serving file names none, or they are not on this machine",
                status_code=404,
            )
            await answer(scope, receive, send)
            return
        await StaticFiles(directory=folder, html=True)(scope, receive, send)


app = App(
    Path(__file__).parent / "app.py",
    routes=[Mount(DATA_DOCS_PATH, app=DataDocs())],
)
