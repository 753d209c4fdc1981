"""The production access log, rendered by gunicorn itself, never holds a query string.

tests/clinic/test_settings.py checks the format's placeholders; this renders a real log
line for a search (`/clients/?q=<a client's name>`) through gunicorn's own logger.
"""

from __future__ import annotations

import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

CONFIG = Path(__file__).resolve().parents[2] / "clinic" / "gunicorn_conf.py"


def access_line(environ: dict) -> str:
    settings = runpy.run_path(str(CONFIG))
    config = Config()
    config.set("access_log_format", settings["access_log_format"])
    logger = Logger(config)
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ.get("HTTP_REFERER", "-"))])
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=42))
    return config.access_log_format % atoms


def test_a_client_search_leaves_only_the_path_in_the_access_log():
    line = access_line(
        {
            "REMOTE_ADDR": "192.0.2.7",
            "REQUEST_METHOD": "GET",
            "RAW_URI": "/clients/?q=Zephyrine+sciatica",
            "PATH_INFO": "/clients/",
            "QUERY_STRING": "q=Zephyrine+sciatica",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_REFERER": "https://clinic.example.org/clients/?q=Zephyrine",
            "HTTP_USER_AGENT": "Firefox",
        }
    )
    assert '"GET /clients/ HTTP/1.1" 200 1234' in line
    assert "Zephyrine" not in line and "q=" not in line
    assert "192.0.2.7" in line
