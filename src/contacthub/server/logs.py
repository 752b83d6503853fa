"""Logs: JSON lines (plain ones at a terminal: server/log_format.py) carrying the request id of
the request being served.

    ObservabilityMiddleware sets REQUEST_ID ──> every log record of that request ──> JsonFormatter

``configure_logging`` is called once by the process that serves (``contacthub serve``, uvicorn's
factory ``app_from_env``); the access log (one line a request, contacthub.server.metrics) is off
unless ``CONTACTHUB_ACCESS_LOG`` turns it on.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from typing import Any

from contacthub.config import LogFormat
from contacthub.server.log_format import PlainFormatter, plain_wanted, strip_ansi

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="-")

access_log = logging.getLogger("contacthub.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, and extras."""

    _STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": strip_ansi(record.getMessage()),
            "request_id": REQUEST_ID.get(),
        }
        for key, value in vars(record).items():
            if key not in self._STANDARD:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = strip_ansi(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(
    level: str, *, access_log_enabled: bool, log_format: LogFormat = "json"
) -> None:
    handler = logging.StreamHandler()
    plain = plain_wanted(log_format, handler.stream)
    handler.setFormatter(PlainFormatter(REQUEST_ID) if plain else JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    access_log.setLevel(logging.INFO if access_log_enabled else logging.WARNING)
