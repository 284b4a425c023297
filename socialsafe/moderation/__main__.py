"""Command line: `python -m socialsafe.moderation` scores one text per line of standard input (or a CSV column)."""

import argparse
import csv
import json
import sys
import time
from collections.abc import Iterator
from typing import TextIO

from socialsafe.lib.csvsafe import SafeDictWriter

from .classifier import LABELS, classify, explain

CHUNK = 512
PROGRESS_FROM = 2000


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    """Arguments shared by this module and the `classify` management command."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Score texts for the policy's categories: " + ", ".join(LABELS) + ".",
    )
    add_arguments(parser)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the CLI options to a parser (argparse or Django's CommandParser)."""
    parser.add_argument("--csv", dest="csv_file", metavar="FILE", help="read texts from this CSV file instead of stdin")
    parser.add_argument("--column", default="text", help="CSV column holding the text (default: text)")
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="output format (default: jsonl)")
    parser.add_argument("--explain", action="store_true", help="add the words behind the top label to each row")
    parser.add_argument("--no-progress", action="store_true", help="never show the progress bar")


def _read_texts(csv_file: str | None, column: str, stdin: TextIO) -> list[str]:
    """All input texts, in order."""
    if csv_file is None:
        return [line.rstrip("\r\n") for line in stdin]
    with open(csv_file, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or column not in reader.fieldnames:
            raise SystemExit(
                f"Column {column!r} not found in {csv_file}; columns are: {', '.join(reader.fieldnames or [])}"
            )
        return [row[column] or "" for row in reader]


def _progress(done: int, total: int, started: float, err: TextIO) -> None:
    """A one-line progress bar on standard error, redrawn in place."""
    width = 30
    filled = int(width * done / total)
    rate = done / max(time.perf_counter() - started, 1e-9)
    err.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} texts, {rate:,.0f}/s")
    if done == total:
        err.write("\n")
    err.flush()


def _scored(texts: list[str], show: bool, err: TextIO) -> Iterator[dict[str, float]]:
    """Scores in batches, reporting progress for large inputs."""
    started = time.perf_counter()
    for start in range(0, len(texts), CHUNK):
        yield from classify(texts[start : start + CHUNK])
        if show:
            _progress(min(start + CHUNK, len(texts)), len(texts), started, err)


def run(
    *,
    csv_file: str | None = None,
    column: str = "text",
    format: str = "jsonl",
    explain_top: bool = False,
    no_progress: bool = False,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Read, score and write; returns the number of texts scored."""
    if stdin is None and csv_file is None and hasattr(sys.stdin, "reconfigure"):
        # A stray byte that is not UTF-8 should cost one character, not the whole run.
        sys.stdin.reconfigure(errors="replace")
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    texts = _read_texts(csv_file, column, stdin)
    show = not no_progress and len(texts) >= PROGRESS_FROM
    writer = None
    if format == "csv":
        fields = ["text", *LABELS] + (["explanation"] if explain_top else [])
        writer = SafeDictWriter(stdout, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
    for text, scores in zip(texts, _scored(texts, show, stderr), strict=True):
        row: dict[str, object] = {"text": text, **scores}
        if explain_top:
            words = explain(text)
            row["explanation"] = json.dumps(words, ensure_ascii=False) if writer else words
        if writer:
            writer.writerow(row)
        else:
            stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    stdout.flush()
    return len(texts)


def main(argv: list[str] | None = None) -> None:
    """Entry point for `python -m socialsafe.moderation`."""
    args = build_parser("python -m socialsafe.moderation").parse_args(argv)
    run(
        csv_file=args.csv_file,
        column=args.column,
        format=args.format,
        explain_top=args.explain,
        no_progress=args.no_progress,
    )


if __name__ == "__main__":
    main()
