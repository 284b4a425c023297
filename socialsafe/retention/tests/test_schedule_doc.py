"""The schedule in docs/ is the code's, and every default names where it comes from."""

import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from socialsafe.retention.schedule import CLASSES, TBC

DOC = Path(settings.BASE_DIR) / "docs" / "data-protection" / "retention-schedule.md"


def test_the_doc_is_the_commands_output():
    out = io.StringIO()
    call_command("retention_schedule", "--markdown", stdout=out)
    assert DOC.read_text() == out.getvalue(), (
        "Regenerate it: manage.py retention_schedule --markdown > docs/data-protection/retention-schedule.md"
    )


def test_every_default_says_where_it_comes_from():
    for c in CLASSES:
        assert c.source.startswith(("IRMS Toolkit", "Not in the toolkit", "Part of the case file", "Not a record")), (
            c.key
        )
        if c.source.startswith("Not in the toolkit"):
            assert TBC in c.source, c.key
    assert "DOB" not in DOC.read_text() and "date of birth of the child + 25 years, then review" in DOC.read_text()
