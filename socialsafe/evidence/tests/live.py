"""A real SocialSafe server in its own process, on a throw-away database: for the crash test and the benchmark."""

import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# Run in `manage.py shell`: a school, its Principal fully signed in (the password and a second factor; prints the
# session key) and a case (prints its id).
SETUP = """
from socialsafe.accounts.testing import signed_in_session_key
from socialsafe.schools.tests.factories import SchoolFactory, MemberFactory, UserFactory
from socialsafe.schools.roles import Role
from socialsafe.incidents.services import incident_report
from socialsafe.incidents.tests.factories import report_fields
school = SchoolFactory(slug="crash")
member = MemberFactory(school=school, user=UserFactory(email="p@example.com"), roles=[Role.PRINCIPAL])
case = incident_report(school=school, by=member.user, fields=report_fields())
print(signed_in_session_key(member.user, device_name="Crash test"), case.pk)
"""


def free_port() -> int:
    """A port nobody is listening on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args, stdin: str | None = None) -> str:
    """Run a management command against the throw-away database; fail loudly if it fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        text=True,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-6000:]
    return result.stdout


def start(env, port) -> subprocess.Popen:
    """Start `runserver` and wait until it answers."""
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise AssertionError("the server did not start")
