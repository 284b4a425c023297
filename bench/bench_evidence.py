"""Evidence upload: throughput (MB/s) and the server's peak memory for a 25 MB file, encrypted and in the clear.

Starts a real server (manage.py runserver) on a throw-away database and evidence folder, uploads the file over
HTTP several times and reads the server's peak resident memory (VmHWM) from /proc. In the same run:
- the same upload path with encryption off (a server process in which only this script swaps the upload handler's
  EncryptingWriter for a pass-through, i.e. main's code before encryption at rest): what encryption costs;
- copying and hashing the same bytes on this disk with no web stack (the ceiling for any upload path).

    .venv/bin/python bench/bench_evidence.py [--mb 25] [--runs 5]

Target (issue 16): under 50 MB of server memory (peak minus idle) for a 25 MB upload, encrypted.
"""

import argparse
import hashlib
import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from socialsafe.evidence.tests.live import SETUP, free_port, manage  # noqa: E402

# The server, in the clear or not. Only this benchmark ever turns encryption off, and only in its own process.
SERVER = """
import os, sys
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialsafe.settings")
import django
django.setup()
if os.environ.get("BENCH_PLAINTEXT") == "1":
    import socialsafe.evidence.storage as storage
    import socialsafe.evidence.upload as upload

    class PassThrough:
        def __init__(self, out):
            self.out = out

        def write(self, data):
            return self.out.write(data)

        def finish(self):
            pass

        def abandon(self):
            pass

    upload.EncryptingWriter = PassThrough
    storage._encrypted = lambda path: path
from django.core.management import execute_from_command_line
execute_from_command_line(["manage.py", "runserver", sys.argv[1], "--noreload", "--skip-checks"])
"""


def start(env, port) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER, f"127.0.0.1:{port}"],
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


def stored_encrypted(var: str) -> tuple[int, int]:
    """How many stored evidence files are encrypted, out of how many."""
    files = [p for p in (Path(var) / "evidence").glob("??/??/*")]
    return sum(p.read_bytes()[:6] == b"SSENC1" for p in files), len(files)


def vm(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) // 1024  # MiB
    return 0


LINE = b"20/11/2026, 19:31 - Mum of twins: a line of an exported chat, repeated to make a large file\n"


def uploads(*, plaintext: bool, size: int, runs: int) -> dict:
    """Upload the file `runs` times to a fresh server; its times, memory and what verify_evidence says."""
    with tempfile.TemporaryDirectory() as var:
        env = {
            **os.environ,
            "SOCIALSAFE_VAR_DIR": var,
            "SECRET_KEY": secrets.token_hex(32),
            "DEBUG": "false",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "BENCH_PLAINTEXT": "1" if plaintext else "0",
        }
        env.pop("DATABASE_URL", None)
        env.pop("SOCIALSAFE_DATA_KEYS", None)  # its own var/data_keys

        manage(env, "migrate", "-v0")
        session, case = manage(env, "shell", stdin=SETUP).split()[-2:]
        port = free_port()
        server = start(env, port)
        idle_rss = vm(server.pid, "VmRSS")
        csrf = secrets.token_hex(16)
        times = []
        for n in range(runs):
            body = (f"run {n}\n".encode() + LINE * (size // len(LINE) + 1))[:size]
            boundary = uuid.uuid4().hex
            head = (
                "".join(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                    for k, v in {
                        "captured_on": "2026-11-21",
                        "captured_time": "08:10",
                        "captured_by": "Bench",
                        "platform": "whatsapp",
                        "grounds": "Benchmark",
                        "csrfmiddlewaretoken": csrf,
                    }.items()
                ).encode()
                + (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="chat{n}.txt"\r\n'
                    "Content-Type: text/plain\r\n\r\n"
                ).encode()
            )
            tail = f"\r\n--{boundary}--\r\n".encode()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            t0 = time.perf_counter()
            conn.putrequest("POST", f"/evidence/case/{case}/add/")
            conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
            conn.putheader("Content-Length", str(len(head) + len(body) + len(tail)))
            conn.putheader("Cookie", f"sessionid={session}; csrftoken={csrf}")
            conn.endheaders()
            conn.send(head)
            for i in range(0, len(body), 1024 * 1024):
                conn.send(body[i : i + 1024 * 1024])
            conn.send(tail)
            status = conn.getresponse().status
            times.append(time.perf_counter() - t0)
            conn.close()
            assert status == 302, f"upload failed with HTTP {status}"
        peak = vm(server.pid, "VmHWM")
        server.terminate()
        server.wait()
        verify = manage(env, "verify_evidence").strip()
        encrypted, stored = stored_encrypted(var)
        assert encrypted == (0 if plaintext else stored) and stored == runs, (encrypted, stored)
    return {"times": times, "idle": idle_rss, "peak": peak, "verify": verify, "encrypted": f"{encrypted}/{stored}"}


def copy_and_hash(size: int, runs: int) -> list[float]:
    """Baseline: write and hash the same bytes straight to this disk, fsynced, no web stack."""
    body = (b"run 0\n" + LINE * (size // len(LINE) + 1))[:size]
    times = []
    with tempfile.TemporaryDirectory() as var:
        for _ in range(runs):
            t0 = time.perf_counter()
            digest = hashlib.sha256()
            with open(Path(var) / "baseline.bin", "wb") as f:
                for i in range(0, len(body), 1024 * 1024):
                    chunk = body[i : i + 1024 * 1024]
                    digest.update(chunk)
                    f.write(chunk)
                f.flush()
                os.fsync(f.fileno())
            times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=25)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    size = args.mb * 1024 * 1024
    sealed = uploads(plaintext=False, size=size, runs=args.runs)
    clear = uploads(plaintext=True, size=size, runs=args.runs)
    base = copy_and_hash(size, args.runs)

    mb = size / (1024 * 1024)
    print(f"Evidence upload of a {args.mb} MB file, {args.runs} runs each, on {os.cpu_count()} cores")
    print(f"{'':38}{'encrypted upload':>18}{'plaintext upload':>18}{'copy+hash':>12}")
    rate = [mb / statistics.median(t) for t in (sealed["times"], clear["times"], base)]
    print(f"{'median throughput (MB/s)':38}{rate[0]:>18.1f}{rate[1]:>18.1f}{rate[2]:>12.1f}")
    slowest = [max(t) for t in (sealed["times"], clear["times"], base)]
    print(f"{'slowest run (s)':38}{slowest[0]:>18.2f}{slowest[1]:>18.2f}{slowest[2]:>12.2f}")
    memory = [f"{r['idle']} / {r['peak']}" for r in (sealed, clear)]
    print(f"{'server memory: idle RSS / peak (MiB)':38}{memory[0]:>18}{memory[1]:>18}{'–':>12}")
    extra = [r["peak"] - r["idle"] for r in (sealed, clear)]
    print(f"{'peak minus idle (MiB)':38}{extra[0]:>18}{extra[1]:>18}{'–':>12}")
    print(f"{'stored files encrypted':38}{sealed['encrypted']:>18}{clear['encrypted']:>18}{'–':>12}")
    print(f"verify_evidence (encrypted): {sealed['verify']}")
    print(f"verify_evidence (plaintext): {clear['verify']}")
    target = "met" if extra[0] < 50 else "NOT met"
    print(f"Target: under 50 MiB of server memory for a {args.mb} MB encrypted upload: {target}")


if __name__ == "__main__":
    main()
