"""A backup that was changed, cut short, made under other keys, or aimed at a non-empty installation is refused."""

import io
import secrets
import sqlite3

import pytest
from django.core.management import CommandError, call_command

from socialsafe.backups.archive import BackupError, _unpack, backup_ring
from socialsafe.backups.tests.conftest import key_line, restore_into, stored_files
from socialsafe.lib.crypto import KEYS_ENV, _parse, keyring, reset_keyring

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def backup(small_school, tmp_path):
    path = tmp_path / "school.backup"
    call_command("backup", "--output", str(path), stdout=io.StringIO())
    return path


def assert_empty(target) -> None:
    db = target / "db.sqlite3"
    if db.exists():
        with sqlite3.connect(db) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            assert (
                "schools_school" not in tables or not conn.execute("SELECT count(*) FROM schools_school").fetchone()[0]
            )
    assert stored_files(target / "evidence") == [] and stored_files(target / "media") == []
    assert not list(target.glob(".restore-*"))


def test_it_refuses_a_backup_with_one_byte_changed(backup, data_keys, tmp_path):
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0x01
    backup.write_bytes(bytes(data))
    target = tmp_path / "target"

    done = restore_into(target, backup, keys=data_keys)

    assert done.returncode != 0
    assert "Nothing was restored" in done.stderr and "changed or damaged" in done.stderr
    assert_empty(target)


def test_it_refuses_a_backup_made_under_other_keys(backup, tmp_path):
    for other in (key_line("k1"), key_line("k2")):  # the same key id with other bytes, and another id
        with pytest.raises(BackupError, match="could not be decrypted"):
            _unpack(backup, backup_ring(_parse([other], "test")), tmp_path / f"staging-{secrets.token_hex(2)}")


@pytest.mark.parametrize("cut", [1, 17, 10_000])
def test_it_refuses_a_backup_cut_short(backup, tmp_path, cut):
    backup.write_bytes(backup.read_bytes()[:-cut])
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(BackupError):
        _unpack(backup, backup_ring(keyring()), staging)


def test_it_refuses_a_file_that_is_not_a_backup(small_school, tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(secrets.token_bytes(5000))
    with pytest.raises(BackupError, match="could not be decrypted"):
        _unpack(path, backup_ring(keyring()), tmp_path)


def test_it_refuses_to_restore_into_an_installation_that_holds_a_school(backup):
    with pytest.raises(CommandError, match="Nothing was restored: This installation is not empty: it holds 1 school"):
        call_command("restore", str(backup), stdout=io.StringIO())


def test_it_refuses_a_missing_backup_file(small_school, tmp_path):
    with pytest.raises(CommandError, match="There is no backup file at"):
        call_command("restore", str(tmp_path / "nowhere.backup"), stdout=io.StringIO())


def test_it_makes_no_backup_without_the_data_keys(small_school, monkeypatch, tmp_path):
    monkeypatch.delenv(KEYS_ENV)
    reset_keyring()
    with pytest.raises(CommandError, match="This installation has no data keys"):
        call_command("backup", "--output", str(tmp_path / "x.backup"), stdout=io.StringIO())
    assert not (tmp_path / "x.backup").exists()
    assert not (small_school / "data_keys").exists()  # no new key made up: it could open no backup
