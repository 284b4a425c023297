"""Logs a machine can read: one JSON object a line (LOG_FORMAT=json), and one line for every request.

Standard library only. A request's line names the user and school by id, never by name or email, and gives the
path without its query string (a search may hold a child's name).
"""

import datetime as dt
import json
import logging
import time

# What every LogRecord has; anything else on a record came through `extra=` and goes into the JSON object.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}

request_logger = logging.getLogger("socialsafe.request")

PLAIN = (str, int, float, bool, type(None))


class JSONFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, the record's extra fields, and any traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            # Only plain values: Django hands its loggers the request itself (`extra={"request": ...}`), whose text
            # is the whole URL with its query string, and a query may hold a child's name.
            if key not in _STANDARD and key not in entry and isinstance(value, PLAIN):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class RequestLogMiddleware:
    """Logs each request as it is answered: method, path, status, duration, user id and school id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        if not request_logger.isEnabledFor(logging.INFO):  # plain-text logs: runserver or gunicorn log requests
            return response
        duration_ms = round((time.perf_counter() - start) * 1000, 1)
        user = getattr(request, "user", None)
        school = getattr(request, "school", None)
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
            "user_id": user.pk if user is not None and user.is_authenticated else None,
            "school_id": school.pk if school is not None else None,
        }
        request_logger.info("%s %s %s %.1f ms user=%s school=%s", *fields.values(), extra=fields)
        return response
