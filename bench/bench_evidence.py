"""Evidence upload: throughput (MB/s) and the server's peak memory for a 25 MB file.

Starts a real server (manage.py runserver) on a throw-away database and evidence folder, uploads the file over
HTTP several times and reads the server's peak resident memory (VmHWM) from /proc. Baseline, in the same run:
copying and hashing the same bytes on this disk with no web stack (the ceiling for any upload path).

    .venv/bin/python bench/bench_evidence.py [--mb 25] [--runs 5]
"""

import argparse
import hashlib
import http.client
import os
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from socialsafe.evidence.tests.live import SETUP, free_port, manage, start  # noqa: E402


def vm(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) // 1024  # MiB
    return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=25)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    size = args.mb * 1024 * 1024
    line = b"20/11/2026, 19:31 - Mum of twins: a line of an exported chat, repeated to make a large file\n"

    with tempfile.TemporaryDirectory() as var:
        env = {
            **os.environ,
            "SOCIALSAFE_VAR_DIR": var,
            "SECRET_KEY": secrets.token_hex(32),
            "DEBUG": "false",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        }
        env.pop("DATABASE_URL", None)

        manage(env, "migrate", "-v0")
        session, case = manage(env, "shell", stdin=SETUP).split()[-2:]
        port = free_port()
        server = start(env, port)
        idle_rss = vm(server.pid, "VmRSS")
        csrf = secrets.token_hex(16)
        times = []
        for n in range(args.runs):
            body = (f"run {n}\n".encode() + line * (size // len(line) + 1))[:size]
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

        # Baseline: write and hash the same bytes straight to this disk, fsynced, no web stack.
        base_times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            digest = hashlib.sha256()
            with open(Path(var) / "baseline.bin", "wb") as f:
                for i in range(0, len(body), 1024 * 1024):
                    chunk = body[i : i + 1024 * 1024]
                    digest.update(chunk)
                    f.write(chunk)
                f.flush()
                os.fsync(f.fileno())
            base_times.append(time.perf_counter() - t0)

    mb = size / (1024 * 1024)
    print(f"Evidence upload of a {args.mb} MB file, {args.runs} runs, on {os.cpu_count()} cores")
    print(f"{'':38}{'SocialSafe upload':>20}{'baseline copy+hash':>20}")
    print(
        f"{'median throughput (MB/s)':38}{mb / statistics.median(times):>20.1f}{mb / statistics.median(base_times):>20.1f}"
    )
    print(f"{'slowest run (s)':38}{max(times):>20.2f}{max(base_times):>20.2f}")
    print(f"{'server memory: idle RSS / peak (MiB)':38}{f'{idle_rss} / {peak}':>20}{'–':>20}")
    print(f"{'peak minus idle (MiB)':38}{peak - idle_rss:>20}{'–':>20}")
    print(f"verify_evidence: {verify}")


if __name__ == "__main__":
    main()
