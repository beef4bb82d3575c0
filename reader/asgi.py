"""The application object for ASGI servers: ``uvicorn reader.asgi:app``.
Configured by READER_CONTENT (content folder) and READER_WATCH (1: reload on change)."""

import os

from reader.web.app import create_app

app = create_app(os.environ.get("READER_CONTENT"), watch=os.environ.get("READER_WATCH") == "1")
