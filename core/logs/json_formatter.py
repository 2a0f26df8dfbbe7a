"""A logging formatter writing one JSON object per line: time (UTC, ISO 8601), level, logger, message, the request id
and unit code of the request being served (core.logs.context), and the exception when there is one."""

import json
import logging
from datetime import UTC, datetime

from core.logs.context import request_id, unit_code


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "message": record.getMessage(),
            "request_id": request_id.get() or None, "unit": unit_code.get() or None,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
