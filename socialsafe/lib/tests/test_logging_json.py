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


@pytest.mark.django_db
def test_a_refusal_logged_by_django_does_not_carry_the_query_string(client, principal, caplog):
    """Django logs a 404 with the request object as an extra field; its text is the URL with the query."""
    client.force_login(principal.user)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/incidents/999999/?q=Jane+Doe").status_code == 404
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert hasattr(record, "request") and "Jane" in str(record.request)
    line = JSONFormatter().format(record)
    assert "Jane" not in line and "q=" not in line
    assert json.loads(line)["status_code"] == 404


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


def test_an_empty_database_url_means_the_sqlite_file(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    )
    env = {"DJANGO_SETTINGS_MODULE": "socialsafe.settings", "DATABASE_URL": "", "SOCIALSAFE_VAR_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "socialsafe.sqlite3")


def test_it_refuses_an_unknown_log_format(tmp_path):
    code = "import django; django.setup()"
    env = {"DJANGO_SETTINGS_MODULE": "socialsafe.settings", "LOG_FORMAT": "xml", "SOCIALSAFE_VAR_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "LOG_FORMAT must be text or json, not 'xml'" in result.stderr
