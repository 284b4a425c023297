"""Real server and worker processes on the test's own PostgreSQL database, for the worker and fault tests."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
ON_POSTGRES = connection.vendor == "postgresql"
NOT_POSTGRES = "needs PostgreSQL: the processes share the test's database, and an in-memory SQLite one is its own"


def database_url() -> str:
    """The URL of the test's database (test_<name>), for processes started by the test."""
    s = connection.settings_dict
    user = quote(s["USER"] or "", safe="")
    password = quote(s["PASSWORD"] or "", safe="")
    return f"postgres://{user}:{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def process_env(var_dir: Path) -> dict[str, str]:
    """The environment for a process on the test's database, with a throw-away var/ folder."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SOCIALSAFE_VAR_DIR": str(var_dir),
        "SECRET_KEY": settings.SECRET_KEY,  # the sessions the test makes are signed with it
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("TASKS_IMMEDIATE", None)  # the real database backend, whatever the shell says
    return env


def free_port() -> int:
    """A port nobody is listening on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spawn(env: dict[str, str], *args: str, log: Path) -> subprocess.Popen:
    """Start `args` from the checkout's root, its output going to `log`."""
    with log.open("ab") as out:
        return subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603 (ours)


def manage_py(*args: str) -> list[str]:
    return [sys.executable, "manage.py", *args]


def wait_until(condition, *, timeout: float, what: str, every: float = 0.1) -> None:
    """Poll `condition` until it is true; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}")


def stop(proc: subprocess.Popen) -> None:
    """Ask a process to stop; kill it if it has not within ten seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
