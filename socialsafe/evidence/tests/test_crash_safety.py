"""kill -9 the server at random moments during 200 uploads; afterwards the vault is consistent.

A real server process on its own SQLite database and evidence folder; uploads over HTTP. After the run: every row
points at a complete file whose hash matches, every upload the server confirmed is there, and one sweep removes
what the crashes left half-way.
"""

import hashlib
import http.client
import os
import random
import secrets
import signal
import subprocess
import time
import uuid

import pytest

from socialsafe.evidence.tests.live import SETUP, free_port, manage, start
from socialsafe.lib.tests.clock import ago, hhmm, iso

UPLOADS = 200

CHECK = """
from socialsafe.evidence.models import EvidenceItem
from socialsafe.evidence.storage import evidence_storage
import hashlib, pathlib
root = pathlib.Path(evidence_storage().location)
files = {p.relative_to(root).as_posix() for p in root.glob("??/??/*")}
rows = set(EvidenceItem.objects.values_list("storage_name", flat=True))
print(len(rows), len(files), len(list((root / ".incoming").iterdir())), len(files - rows), len(rows - files))
print(" ".join(EvidenceItem.objects.values_list("sha256", flat=True)))
"""


def upload(port, session, csrf, case, name, body) -> int | None:
    boundary = uuid.uuid4().hex
    taken = ago(days=1)
    fields = {
        "captured_on": iso(taken),
        "captured_time": hhmm(taken),
        "captured_by": "Test",
        "platform": "whatsapp",
        "grounds": "Crash test",
        "csrfmiddlewaretoken": csrf,
    }
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: text/plain\r\n\r\n".encode()
        + body
        + b"\r\n"
    )
    payload = b"".join(parts) + f"--{boundary}--\r\n".encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            "POST",
            f"/evidence/case/{case}/add/",
            body=payload,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Cookie": f"sessionid={session}; csrftoken={csrf}",
                "Host": "127.0.0.1",
            },
        )
        response = conn.getresponse()
        # Kept: the upload answers with the way back to the case (not, say, to the sign-in pages).
        if response.status == 302 and not response.getheader("Location", "").startswith(f"/incidents/{case}/"):
            return response.status * 10
        return response.status
    except (OSError, http.client.HTTPException):
        return None  # the server died under us
    finally:
        conn.close()


@pytest.mark.slow
def test_kill_9_during_uploads_leaves_no_broken_evidence(tmp_path):
    env = {
        **os.environ,
        "SOCIALSAFE_VAR_DIR": str(tmp_path),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_hex(32),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    env.pop("DATABASE_URL", None)  # its own SQLite file, whatever the suite runs on
    manage(env, "migrate", "-v0")
    session, case = manage(env, "shell", stdin=SETUP).split()[-2:]
    csrf = secrets.token_hex(16)
    rng = random.Random(20261125)
    port = free_port()
    server = start(env, port)
    confirmed, kills = set(), 0
    next_kill = rng.randint(8, 25)
    for n in range(UPLOADS):
        body = (f"upload {n} ".encode() + os.urandom(8).hex().encode() + b"\n") * rng.randint(500, 10_000)
        if n == next_kill:
            # Kill at a random moment: often mid-upload, mid-write, mid-rename or mid-commit.
            server.send_signal(signal.SIGKILL)
            server.wait()
            kills += 1
            server = start(env, port)
            next_kill = n + rng.randint(8, 25)
        if rng.random() < 0.05:
            # Kill while this very upload is in flight.
            delay = rng.uniform(0.0, 0.05)
            killer = subprocess.Popen(["sh", "-c", f"sleep {delay}; kill -9 {server.pid}"])
            status = upload(port, session, csrf, case, f"chat-{n}.txt", body)
            killer.wait()
            server.wait()
            kills += 1
            server = start(env, port)
        else:
            status = upload(port, session, csrf, case, f"chat-{n}.txt", body)
        if status == 302:
            confirmed.add(hashlib.sha256(body).hexdigest())
    server.send_signal(signal.SIGKILL)
    server.wait()

    assert kills >= 10 and len(confirmed) >= UPLOADS // 2, (kills, len(confirmed))
    # Every row points at a complete file whose hash matches.
    assert "0 missing, 0 altered" in manage(env, "verify_evidence")
    first, hashes = manage(env, "shell", stdin=CHECK).strip().split("\n")[-2:]
    rows, _files, temps, orphans, dangling = map(int, first.split())
    assert dangling == 0
    # Every upload the server confirmed was kept.
    assert confirmed <= set(hashes.split())
    # One sweep removes the half-written uploads and the files no row points at. The crash is over by the time
    # anyone sweeps: date what it left a minute back on this process's clock (which is the faked one when the
    # suite runs under faketime, whose clock the file system's own timestamps do not follow).
    earlier = time.time() - 60
    for path in (tmp_path / "evidence").rglob("*"):
        if path.is_file():
            os.utime(path, (earlier, earlier))
    manage(env, "sweep_evidence", "--minutes", "0")
    after = manage(env, "shell", stdin=CHECK).strip().split("\n")[-2]
    rows2, files2, temps2, orphans2, dangling2 = map(int, after.split())
    assert (temps2, orphans2, dangling2) == (0, 0, 0) and rows2 == rows == files2
    print(f"{kills} kills, {len(confirmed)} confirmed uploads, {temps} partial temp files and {orphans} orphans swept")
