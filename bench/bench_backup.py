"""Backup and restore of the demo school on SQLite: the time of `manage.py backup` and of `manage.py restore` (with
its verification of every evidence file and audit chain), beside the unencrypted copy of the same things.

Seeds the demo afresh into a temporary folder (about a minute; --var DIR reuses a seeded var/ folder), then runs
each command --runs times as its own process, as cron would. Baseline, in the same run: SQLite's online backup of
the database plus `tar` of the evidence and media folders, and the reverse (untar, copy the file back), with no
encryption and no checks; and the start-up of a bare manage.py process, which each command pays once.

    .venv/bin/python bench/bench_backup.py [--runs 3] [--var DIR]
"""

import argparse
import base64
import os
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANAGE = [sys.executable, str(ROOT / "manage.py")]


def env_for(var: Path, keys: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "EVIDENCE_ROOT", "MEDIA_ROOT")}
    return env | {"SOCIALSAFE_VAR_DIR": str(var), "SOCIALSAFE_DATA_KEYS": keys, "SECRET_KEY": "bench-" + "x" * 50}


def timed(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--var", type=Path, help="a var/ folder with the demo seeded (its keys in SOCIALSAFE_DATA_KEYS)"
    )
    args = parser.parse_args()
    keys = os.environ.get("SOCIALSAFE_DATA_KEYS") or f"b1:{base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}"

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        var = args.var or work / "var"
        var.mkdir(exist_ok=True)
        env = env_for(var, keys)
        if args.var is None:
            print("Seeding the demo school (once)...", flush=True)
            subprocess.run([*MANAGE, "prepare_demo", "--password", "bench-password-1"], env=env, check=True,
                           capture_output=True, cwd=ROOT)  # fmt: skip
        db = var / "socialsafe.sqlite3"
        print(f"Demo: database {db.stat().st_size / 1e6:.1f} MB, evidence {du(var / 'evidence') / 1e6:.2f} MB,"
              f" media {du(var / 'media') / 1e6:.2f} MB")  # fmt: skip

        startup, backup, restore, base_copy, base_back = [], [], [], [], []
        for run in range(args.runs):
            startup.append(timed([*MANAGE, "shell", "-c", "pass"], env))
            out = work / f"run{run}.backup"
            backup.append(timed([*MANAGE, "backup", "--output", str(out)], env))
            target = work / f"target{run}"
            target.mkdir()
            restore.append(timed([*MANAGE, "restore", str(out)], env_for(target, keys)))

            plain = work / f"plain{run}"
            plain.mkdir()
            start = time.perf_counter()
            with sqlite3.connect(db) as src, sqlite3.connect(plain / "db.sqlite3") as dst:
                src.backup(dst)
            subprocess.run(["tar", "-cf", str(plain / "files.tar"), "-C", str(var), "evidence", "media"], check=True)
            base_copy.append(time.perf_counter() - start)
            back = work / f"back{run}"
            back.mkdir()
            start = time.perf_counter()
            subprocess.run(["tar", "-xf", str(plain / "files.tar"), "-C", str(back)], check=True)
            shutil.copyfile(plain / "db.sqlite3", back / "socialsafe.sqlite3")
            base_back.append(time.perf_counter() - start)
            size = out.stat().st_size
            shutil.rmtree(target)
            shutil.rmtree(back)

        med = statistics.median
        print(f"Backup file: {size / 1e6:.2f} MB (tar of the same, unencrypted: {(plain / 'files.tar').stat().st_size / 1e6:.2f}"
              f" MB + database {(plain / 'db.sqlite3').stat().st_size / 1e6:.2f} MB)")  # fmt: skip
        print(f"{'median of ' + str(args.runs):<34}{'seconds':>8}")
        print(f"{'manage.py start-up (shell -c pass)':<34}{med(startup):>8.2f}")
        print(f"{'manage.py backup':<34}{med(backup):>8.2f}")
        print(f"{'manage.py restore + verification':<34}{med(restore):>8.2f}")
        print(f"{'baseline: sqlite backup + tar':<34}{med(base_copy):>8.2f}")
        print(f"{'baseline: untar + copy database':<34}{med(base_back):>8.2f}")


if __name__ == "__main__":
    main()
