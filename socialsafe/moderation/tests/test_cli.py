import csv
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from socialsafe.moderation import LABELS, __main__, classify

REPO = Path(__file__).resolve().parents[3]


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, stdin: str = "") -> Result:
    """Run the command line's entry point in this process, with its own standard input, output and error.

    In-process, so that each test does not pay for starting Python and loading the model again; the last test below
    runs it as a real `python -m socialsafe.moderation` process.
    """
    out, err = io.StringIO(), io.StringIO()
    stdin_file = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = stdin_file, out, err
    try:
        __main__.main(list(args))
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 1
        if isinstance(exit.code, str):
            err.write(exit.code)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return Result(code, out.getvalue(), err.getvalue())


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


def test_it_shows_progress_for_large_inputs_on_stderr_only(monkeypatch):
    # From 2,000 texts in batches of 512 in use; a smaller threshold and batch test the same code with fewer texts.
    monkeypatch.setattr(__main__, "PROGRESS_FROM", 40)
    monkeypatch.setattr(__main__, "CHUNK", 16)
    r = run_cli(stdin="you are a loser\n" * 50)
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) == 50
    assert "16/50" in r.stderr and "50/50" in r.stderr
    quiet = run_cli(stdin="you are a loser\n" * 39)
    assert quiet.stderr == "" and len(quiet.stdout.splitlines()) == 39


def test_it_can_explain(tmp_path):
    r = run_cli("--explain", stdin="shut up you idiot\n")
    row = json.loads(r.stdout)
    assert any("idiot" in word for word, _ in row["explanation"])


def test_it_survives_bytes_that_are_not_utf8():
    # A real process, as a user runs it: its standard input is bytes.
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
