"""gunicorn.conf.py, for real: it parses, and gunicorn serves /healthz and the sign-in page over a file database."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _env(tmp_path, **extra) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SOCIALSAFE_VAR_DIR": str(tmp_path),
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DEBUG": "false",
        **extra,
    }


def test_it_parses_the_config(tmp_path):
    result = subprocess.run(
        [GUNICORN, "--check-config", "-c", "gunicorn.conf.py"], cwd=ROOT, env=_env(tmp_path), capture_output=True
    )
    assert result.returncode == 0, result.stderr.decode()


def test_it_refuses_junk_in_its_variables(tmp_path):
    env = _env(tmp_path, GUNICORN_WORKERS="lots")
    result = subprocess.run(
        [GUNICORN, "--check-config", "-c", "gunicorn.conf.py"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "GUNICORN_WORKERS must be a whole number, not 'lots'" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 (our own server on 127.0.0.1)
            return r.status, r.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _wait_for(url: str, status: int, seconds: float = 60) -> bytes:
    deadline, last = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        try:
            code, body = _get(url)
        except OSError as error:  # not listening yet
            last = error
        else:
            if code == status:
                return body
            last = (code, body)
        time.sleep(0.5)
    raise AssertionError(f"{url} did not answer {status} within {seconds} s: {last}")


@pytest.mark.slow
def test_it_serves_healthz_and_the_sign_in_page(tmp_path):
    port = _free_port()
    env = _env(tmp_path, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="2", LOG_FORMAT="json")
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    log = (tmp_path / "gunicorn.log").open("w+")
    server = subprocess.Popen([GUNICORN, "-c", "gunicorn.conf.py"], cwd=ROOT, env=env, stdout=log, stderr=log)
    worker = None
    try:
        base = f"http://127.0.0.1:{port}"
        body = _wait_for(f"{base}/healthz", 503)  # serving, but no task worker yet
        assert json.loads(body) == {"database": "ok", "migrations": "ok", "worker": "no worker"}
        worker = subprocess.Popen([*manage, "worker", "--no-startup-delay", "-v0"], cwd=ROOT, env=env)
        assert json.loads(_wait_for(f"{base}/healthz", 200)) == {"database": "ok", "migrations": "ok", "worker": "ok"}
        status, page = _get(f"{base}/accounts/sign-in/?next=/")
        assert status == 200 and b"Sign in" in page
        worker.send_signal(signal.SIGTERM)  # a worker stopping cleanly says so: the next check fails at once
        assert worker.wait(timeout=30) == 0
        _wait_for(f"{base}/healthz", 503, seconds=5)
    finally:
        for process in (worker, server):
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=40)
    log.seek(0)
    text = log.read()
    # gunicorn's access lines name the path without its query string (a `next=` or a search may hold a name).
    assert '"GET /accounts/sign-in/"' in text and "next=" not in text
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    sign_in = [line for line in lines if line.get("path") == "/accounts/sign-in/"]
    assert sign_in and sign_in[0]["status"] == 200 and sign_in[0]["method"] == "GET"
    assert server.returncode == 0


def test_it_loads_weasyprint_in_the_gunicorn_master_and_not_in_commands(tmp_path):
    # gunicorn's master imports gunicorn.arbiter before it loads the app (preload_app): WeasyPrint is then loaded
    # before any worker is forked. A management command does not pay for it.
    check = "import sys{}; import django; django.setup(); print('weasyprint' in sys.modules)"
    env = {**_env(tmp_path), "DJANGO_SETTINGS_MODULE": "socialsafe.settings"}
    for imports, loaded in (("; import gunicorn.arbiter", "True"), ("", "False")):
        result = subprocess.run(
            [sys.executable, "-c", check.format(imports)], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert result.stdout.strip() == loaded, result.stderr
