import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from socialsafe.moderation import LABELS, classify

REPO = Path(__file__).resolve().parents[3]


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """Run `python -m socialsafe.moderation` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "socialsafe.moderation", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )


def test_it_writes_one_json_line_per_input_line():
    texts = ["well done P7", "", "you stupid idiot"]
    r = run_cli(stdin="\n".join(texts) + "\n")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [row["text"] for row in rows] == texts
    assert [{k: row[k] for k in LABELS} for row in rows] == classify(texts)


def test_it_reads_a_csv_column_and_writes_csv(tmp_path):
    source = tmp_path / "posts.csv"
    source.write_text('id,body\n1,you are a loser\n2,"Lovely day, thanks"\n', encoding="utf-8")
    r = run_cli("--csv", str(source), "--column", "body", "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [row["text"] for row in rows] == ["you are a loser", "Lovely day, thanks"]
    assert float(rows[0]["insult"]) > float(rows[1]["insult"])


def test_it_says_which_columns_exist(tmp_path):
    source = tmp_path / "posts.csv"
    source.write_text("id,body\n1,hello\n", encoding="utf-8")
    r = run_cli("--csv", str(source), "--column", "text")
    assert r.returncode != 0
    assert "body" in r.stderr


def test_it_shows_progress_for_large_inputs_on_stderr_only():
    r = run_cli(stdin="you are a loser\n" * 2500)
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) == 2500
    assert "2500/2500" in r.stderr


def test_it_can_explain(tmp_path):
    r = run_cli("--explain", stdin="shut up you idiot\n")
    row = json.loads(r.stdout)
    assert any("idiot" in word for word, _ in row["explanation"])


def test_it_survives_bytes_that_are_not_utf8():
    r = subprocess.run(
        [sys.executable, "-m", "socialsafe.moderation"],
        input=b"caf\xe9 time\n",
        capture_output=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert r.returncode == 0
    assert len(r.stdout.splitlines()) == 1
