"""How log records look: plain lines for a person at a terminal, JSON lines for machines.

    CONTACTHUB_LOG_FORMAT=auto   plain when the log stream is a terminal, else JSON (default)
                          plain  ``12:04:05 INFO  contacthub.access  GET /api/... 200  [rid] k=v``
                          json   one object a line (contacthub.server.logs.JsonFormatter)

A person running ``contacthub demo`` or ``serve`` in a terminal reads lines; a supervisor,
a container runtime or a pipe gets JSON. ANSI escape codes never go into JSON (a message that
carries one, say from a library's colored text, has it removed: ``strip_ansi``).
"""

from __future__ import annotations

import logging
import re
from typing import IO, Any

from contacthub.config import LogFormat

_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


class PlainFormatter(logging.Formatter):
    """``time level logger  message  [request id] extra=value ...`` on one line."""

    _STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

    def __init__(self, request_id: Any) -> None:
        super().__init__()
        self.request_id = request_id  # the ContextVar of the request being served

    def format(self, record: logging.LogRecord) -> str:
        when = self.formatTime(record, "%H:%M:%S")
        line = f"{when} {record.levelname:<7} {record.name}  {record.getMessage()}"
        request_id = self.request_id.get()
        if request_id != "-":
            line += f" [{request_id}]"
        extras = [
            f"{key}={value}" for key, value in vars(record).items() if key not in self._STANDARD
        ]
        if extras:
            line += " " + " ".join(extras)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def plain_wanted(log_format: LogFormat, stream: IO[str]) -> bool:
    """Whether records written to ``stream`` should be plain lines."""
    if log_format == "auto":
        isatty = getattr(stream, "isatty", None)
        return bool(isatty is not None and isatty())
    return log_format == "plain"
