"""A backup that was changed, cut short, made under other keys, or aimed at a non-empty installation is refused."""

import io
import secrets

import pytest
from django.core.management import CommandError, call_command

from socialsafe.backups.archive import BackupError, _unpack, backup_ring
from socialsafe.backups.tests.conftest import key_line, restore_into, stored_files, table_counts
from socialsafe.lib.crypto import KEYS_ENV, _parse, keyring, reset_keyring

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def backup(small_school, tmp_path):
    path = tmp_path / "school.backup"
    call_command("backup", "--output", str(path), stdout=io.StringIO())
    return path


def assert_empty(target, db) -> None:
    assert table_counts(db).get("schools_school", 0) == 0
    assert stored_files(target / "evidence") == [] and stored_files(target / "media") == []
    assert not list(target.glob(".restore-*"))


def test_it_refuses_a_backup_with_one_byte_changed(backup, data_keys, tmp_path, target_db):
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0x01
    backup.write_bytes(bytes(data))
    target = tmp_path / "target"

    done = restore_into(target, backup, keys=data_keys, db=target_db)

    assert done.returncode != 0
    assert "Nothing was restored" in done.stderr and "changed or damaged" in done.stderr
    assert_empty(target, target_db)


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


def test_it_makes_the_data_key_on_first_use_and_says_to_keep_it_apart(small_school, monkeypatch, tmp_path):
    monkeypatch.delenv(KEYS_ENV)
    reset_keyring()
    err = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "x.backup"), stdout=io.StringIO(), stderr=err)
    assert "one was made now" in err.getvalue() and "apart from the backups" in err.getvalue()
    assert oct((small_school / "data_keys").stat().st_mode & 0o777) == "0o600"
    assert (tmp_path / "x.backup").exists()


def test_it_restores_nothing_without_the_data_keys(backup, tmp_path, target_db):
    target = tmp_path / "target"
    done = restore_into(target, backup, keys="", db=target_db)
    assert done.returncode != 0
    assert "This installation has no data keys" in done.stderr
    assert not (target / "data_keys").exists()  # no key made up: it could open no backup
    assert_empty(target, target_db)
