"""The application object for ASGI servers: ``uvicorn reader.asgi:app``.
Configured by the environment (see config.py): READER_CONTENT (content
folder), READER_CACHE (cache folder), READER_WATCH (1: reload on change)."""

from reader.config import Config
from reader.web.app import create_app

app = create_app(Config.from_environment())
