import base64
import io
import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from socialsafe.lib.crypto import KEYS_ENV, reset_keyring


def key_line(key_id: str = "k1") -> str:
    return f"{key_id}:{base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}"


@pytest.fixture
def data_keys(monkeypatch):
    """A key ring of its own in the environment, so no test writes a key file into the real var/."""
    keys = key_line()
    monkeypatch.setenv(KEYS_ENV, keys)
    reset_keyring()
    yield keys
    reset_keyring()


@pytest.fixture
def source_var(settings, tmp_path, data_keys):
    """This test's installation keeps its var/ (demo passwords, secret key, evidence, letters) under tmp_path."""
    var = tmp_path / "source"
    var.mkdir()
    (var / "secret_key").write_text("the-source-installations-secret-key")
    settings.VAR_DIR = var
    settings.MEDIA_ROOT = var / "media"
    settings.STATIC_ROOT = var / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {**settings.STORAGES["evidence"], "OPTIONS": {"location": str(var / "evidence")}},
    }
    return var


@pytest.fixture
def demo_school(source_var, settings):
    """The demo schools with their cases, evidence files, letters, concerns and registers, as `make run` has them.

    Reading the screenshots' text and classifying it are left queued: they add rows, not files, and take most of
    a minute here.
    """
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    out = io.StringIO()
    call_command("seed_demo", "--password", "demo-password-1", stdout=out)
    for name in ("seed_demo_cases", "seed_demo_concerns", "seed_demo_registers", "seed_demo_authority"):
        call_command(name, stdout=out, stderr=out)
    return source_var


@pytest.fixture
def target_db(tmp_path):
    """The second installation's database: a new SQLite file, or a new PostgreSQL database when the tests run on one."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'target' / 'db.sqlite3'}"
        return
    s = connection.settings_dict
    name = f"{s['NAME']}_restore_{secrets.token_hex(3)}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restore_into(target: Path, backup: Path, *, keys: str, db: str) -> subprocess.CompletedProcess:
    """`manage.py restore` run as another installation: its own database and var/, the same data keys."""
    env = {k: v for k, v in os.environ.items() if k not in ("EVIDENCE_ROOT", "MEDIA_ROOT", "STATIC_ROOT", "SECRET_KEY")}
    env |= {
        "DATABASE_URL": db,
        "SOCIALSAFE_VAR_DIR": str(target),
        KEYS_ENV: keys,
        "TASKS_IMMEDIATE": "true",
    }
    manage = Path(django_settings.BASE_DIR) / "manage.py"
    return subprocess.run(
        [sys.executable, str(manage), "restore", str(backup)], env=env, capture_output=True, text=True, timeout=120
    )


def table_counts(db: str) -> dict[str, int]:
    """Every table's row count in another installation's database (given by its URL); {} if it does not exist."""
    count = 'SELECT count(*) FROM "{}"'
    if db.startswith("sqlite:///"):
        path = Path(db.removeprefix("sqlite:///"))
        if not path.exists():
            return {}
        with sqlite3.connect(path) as conn:
            listed = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            return {n: conn.execute(count.format(n)).fetchone()[0] for (n,) in conn.execute(listed).fetchall()}
    import psycopg

    with psycopg.connect(db) as conn:
        listed = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        listed += " AND table_type = 'BASE TABLE'"
        names = [n for (n,) in conn.execute(listed).fetchall()]
        return {n: conn.execute(count.format(n)).fetchone()[0] for n in names}


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and ".incoming" not in p.parts) if root.exists() else []


@pytest.fixture
def small_school(source_var, settings, case, principal):
    """One case with three evidence files (two screenshots, a chat export) and a letter on disk: the fast drill."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils.timezone import now

    from socialsafe.evidence.services import Metadata, evidence_add_bytes
    from socialsafe.evidence.tests.helpers import screenshot

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    meta = Metadata(
        posted_at=None,
        captured_at=now(),
        captured_by="Ruth Patterson",
        platform="whatsapp",
        url="",
        author_shown="",
        grounds="Threats against a member of staff.",
    )
    files = [
        ("one.png", screenshot("You had better watch your back")),
        ("two.png", screenshot("Everyone knows what you did")),
        ("chat.txt", b"[10:02] Dana: see you at the gate\n"),
    ]
    for name, data in files:
        evidence_add_bytes(incident=case, by=principal.user, name=name, data=data, meta=meta)
    default_storage.save("letters/test/letter.pdf", ContentFile(b"%PDF-1.4 a letter"))
    return source_var
