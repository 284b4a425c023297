"""The backup drill: back up the demo school, restore it into a second, empty installation, verify everything."""

import io
import stat

import pytest
from django.core.management import call_command
from django.db import connection

from socialsafe.audit.models import AuditEvent
from socialsafe.backups.tests.conftest import restore_into, stored_files, table_counts
from socialsafe.evidence.models import EvidenceItem
from socialsafe.evidence.storage import sha256_of
from socialsafe.schools.models import School

pytestmark = pytest.mark.django_db(transaction=True)


def source_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (listed tables)
            counts[table] = cursor.fetchone()[0]
    return counts


def drill(source, data_keys, tmp_path, db) -> None:
    """Back up `source`, restore it as another installation, and prove nothing was lost or changed."""
    evidence = EvidenceItem.objects.count()
    assert evidence > 0 and all(sha256_of(i.storage_name) == i.sha256 for i in EvidenceItem.objects.all())
    before = source_counts()
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "school.backup"), stdout=out)

    assert f"Evidence rows: {evidence}." in out.getvalue()
    assert "SHA-256 " in out.getvalue()
    backup = tmp_path / "school.backup"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert AuditEvent.objects.filter(verb="backup.made").count() == 1
    raw = backup.read_bytes()
    for item in EvidenceItem.objects.all()[:3]:  # nothing of the database or the files shows through
        assert item.sha256.encode() not in raw
    assert School.objects.first().name.encode() not in raw

    target = tmp_path / "target"
    done = restore_into(target, backup, keys=data_keys, db=db)

    assert done.returncode == 0, done.stderr
    assert f"{evidence} of {evidence} evidence files verified." in done.stdout
    assert "Audit events:" in done.stdout and "chain intact" in done.stdout
    after = table_counts(db)
    assert after.keys() == before.keys()
    audit = after["audit_auditevent"]
    assert audit == before["audit_auditevent"] + 1  # the restore's own record
    assert {**after, "audit_auditevent": audit - 1} == before
    names = lambda root: [p.relative_to(root) for p in stored_files(root)]  # noqa: E731
    assert names(target / "evidence") == names(source / "evidence")
    assert names(target / "media") == names(source / "media") != []
    assert (target / "secret_key").read_text() == "the-source-installations-secret-key"
    assert stat.S_IMODE((target / "secret_key").stat().st_mode) == 0o600
    assert not (target / "data_keys").exists()  # the key never travels inside a backup
    assert not list(target.glob(".restore-*"))

    again = restore_into(target, backup, keys=data_keys, db=db)  # the same restore twice: the second is refused
    assert again.returncode != 0
    assert "not empty" in again.stderr
    assert table_counts(db)["audit_auditevent"] == audit


def test_it_restores_a_school_and_verifies_every_evidence_file(small_school, data_keys, tmp_path, target_db):
    drill(small_school, data_keys, tmp_path, target_db)


@pytest.mark.slow
def test_it_restores_the_demo_schools_and_verifies_every_evidence_file(demo_school, data_keys, tmp_path, target_db):
    drill(demo_school, data_keys, tmp_path, target_db)


def test_it_makes_a_second_backup_beside_the_first(small_school, tmp_path):
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "a.backup"), stdout=out)
    call_command("backup", "--output", str(tmp_path / "b.backup"), stdout=out)
    a, b = (tmp_path / "a.backup").read_bytes(), (tmp_path / "b.backup").read_bytes()
    assert a != b  # each is encrypted under its own salt
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["a.backup", "b.backup"]
    assert not list((small_school / "tmp").iterdir())  # the plaintext database copies are gone


def test_it_leaves_out_a_backup_written_into_var(small_school, tmp_path):
    import tarfile

    from socialsafe.backups.archive import backup_ring
    from socialsafe.lib.crypto import DecryptingReader, keyring

    call_command("backup", "--output", str(small_school / "first.backup"), stdout=io.StringIO())
    call_command("backup", "--output", str(small_school / "second.backup"), stdout=io.StringIO())
    with (
        (small_school / "second.backup").open("rb") as f,
        tarfile.open(fileobj=io.BufferedReader(DecryptingReader(f, ring=backup_ring(keyring()))), mode="r|") as tar,
    ):
        names = [m.name for m in tar]
    assert names[0] == "database/sqlite3" or names[0] == "database/postgresql.dump"
    assert names[-1] == "manifest.json"
    assert "var/secret_key" in names
    assert not [n for n in names if n.endswith((".backup", ".partial")) or n == "var/data_keys"]
    assert len([n for n in names if n.startswith("evidence/")]) == 3
