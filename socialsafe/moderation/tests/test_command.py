"""The `classify` management command: the same CLI, run through Django."""

import io
import json

import pytest

pytest.importorskip("django")

from django.core.management import call_command

from socialsafe.moderation import LABELS, classify


def test_it_scores_stdin_as_json_lines():
    out, err = io.StringIO(), io.StringIO()
    call_command("classify", stdin=io.StringIO("you are a loser\nwell done P5\n"), stdout=out, stderr=err)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["text"] for r in rows] == ["you are a loser", "well done P5"]
    assert [{k: r[k] for k in LABELS} for r in rows] == classify(["you are a loser", "well done P5"])


def test_it_reads_a_csv_column_and_writes_csv(tmp_path):
    source = tmp_path / "comments.csv"
    source.write_text("comment\nI'm going to hurt you\n", encoding="utf-8")
    out = io.StringIO()
    call_command("classify", csv_file=str(source), column="comment", format="csv", stdout=out, stderr=io.StringIO())
    header, row = out.getvalue().splitlines()
    assert header == "text," + ",".join(LABELS)
    assert row.startswith("I'm going to hurt you,")
