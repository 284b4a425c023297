import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from socialsafe.lib.logging_json import JSONFormatter

ROOT = Path(__file__).resolve().parents[3]


def _request_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "socialsafe.request"]


@pytest.mark.django_db
def test_it_logs_a_request_by_ids_without_the_query_string(client, principal, caplog):
    client.force_login(principal.user)
    with caplog.at_level(logging.INFO, logger="socialsafe.request"):
        client.get("/incidents/?q=Aoife+Kelly")
    [record] = _request_lines(caplog)
    line = json.loads(JSONFormatter().format(record))
    assert line["logger"] == "socialsafe.request" and line["level"] == "INFO"
    assert line["method"] == "GET" and line["path"] == "/incidents/" and line["status"] == 200
    assert line["user_id"] == principal.user.pk and line["school_id"] == principal.school.pk
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    text = json.dumps(line)
    assert "Aoife" not in text and "q=" not in text and principal.user.email not in text


@pytest.mark.django_db
def test_it_logs_a_visitor_without_ids(client, caplog):
    with caplog.at_level(logging.INFO, logger="socialsafe.request"):
        client.get("/accounts/sign-in/")
    [record] = _request_lines(caplog)
    assert (record.status, record.user_id, record.school_id) == (200, None, None)


def test_it_writes_one_json_object_with_the_traceback():
    try:
        raise ValueError("bad roster row")
    except ValueError:
        record = logging.getLogger("socialsafe.test").makeRecord(
            "socialsafe.test", logging.ERROR, __file__, 1, "Import failed: %s", ("row 3",), sys.exc_info()
        )
    text = JSONFormatter().format(record)
    assert "\n" not in text
    line = json.loads(text)
    assert line["message"] == "Import failed: row 3"
    assert "ValueError: bad roster row" in line["exception"]
    assert line["time"].endswith("+00:00")


def test_it_refuses_an_unknown_log_format(tmp_path):
    code = "import django; django.setup()"
    env = {"DJANGO_SETTINGS_MODULE": "socialsafe.settings", "LOG_FORMAT": "xml", "SOCIALSAFE_VAR_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "LOG_FORMAT must be text or json, not 'xml'" in result.stderr
