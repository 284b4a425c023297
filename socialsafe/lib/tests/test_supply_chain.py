"""The lock files pin, with hashes, exactly what pyproject.toml asks for, and the Makefile installs only from them."""

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[3]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
MAKEFILE = (ROOT / "Makefile").read_text()


@dataclass
class Pin:
    name: str
    version: str
    marker: str
    hashes: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)


def read_lock(name: str) -> list[Pin]:
    """The pins of a lock file written by `uv pip compile --generate-hashes` (one entry per name and marker)."""
    pins: list[Pin] = []
    for line in (ROOT / name).read_text().splitlines():
        if match := re.match(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]*?))?\s*\\?$", line):
            pins.append(Pin(canonicalize_name(match[1]), match[2], match[3] or ""))
        elif pins and (found := re.match(r"^\s+--hash=(sha256:[0-9a-f]{64})", line)):
            pins[-1].hashes.append(found[1])
        elif pins and (via := re.match(r"^\s+#\s+(?:via\s+)?(\S.*)$", line)) and via[1] != "via":
            pins[-1].via.append(via[1].strip())
        elif line.strip() and not line.startswith("#") and not line.startswith(" "):
            raise AssertionError(f"{name}: a line that is not a hashed pin: {line!r}")
    return pins


def pinned(pins: list[Pin]) -> dict[str, list[Pin]]:
    found: dict[str, list[Pin]] = {}
    for pin in pins:
        found.setdefault(pin.name, []).append(pin)
    return found


def wanted(*extras: str) -> list[Requirement]:
    lines = PROJECT["dependencies"] + [line for extra in extras for line in PROJECT["optional-dependencies"][extra]]
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize(
    ("lock", "extras"), [("requirements.lock", ("dev",)), ("requirements-model.lock", ("dev", "model"))]
)
def test_every_dependency_in_pyproject_is_pinned_in_the_lock_within_its_bounds(lock, extras):
    pins = pinned(read_lock(lock))
    for requirement in wanted(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is in pyproject.toml but not in {lock}: run `make lock`"
        for pin in pins[name]:
            assert requirement.specifier.contains(pin.version, prereleases=True), (
                f"{lock} pins {name}=={pin.version}, outside pyproject.toml's {requirement}: run `make lock`"
            )
        if requirement.extras:  # psycopg[binary]: what the extra brings (psycopg-binary) is pinned too
            assert any(name in pin.via for pin in read_lock(lock)), f"nothing in {lock} is there for {requirement}"


@pytest.mark.parametrize(
    ("lock", "extras"), [("requirements.lock", ("dev",)), ("requirements-model.lock", ("dev", "model"))]
)
def test_the_lock_asks_for_nothing_that_pyproject_no_longer_names(lock, extras):
    direct = {pin.name for pin in read_lock(lock) if "socialsafe (pyproject.toml)" in pin.via}
    assert direct == {canonicalize_name(r.name) for r in wanted(*extras)}, "run `make lock`"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-model.lock", "requirements-uv.lock"])
def test_every_pin_has_hashes(lock):
    pins = read_lock(lock)
    assert pins
    assert not [pin.name for pin in pins if not pin.hashes]


def test_the_model_lock_agrees_with_the_main_lock():
    main = {(pin.name, pin.version) for pin in read_lock("requirements.lock")}
    model = {(pin.name, pin.version) for pin in read_lock("requirements-model.lock")}
    assert main <= model, sorted(main - model)  # the markers may differ (pandas needs tzdata everywhere)


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-model.lock", "requirements-uv.lock"])
def test_each_lock_was_made_for_every_python_from_3_12(lock):
    header = (ROOT / lock).read_text().splitlines()[1]
    assert "--universal" in header and "--python-version 3.12" in header and "--generate-hashes" in header
    assert PROJECT["requires-python"] == ">=3.12"  # bin/find-python may pick 3.12, 3.13 or 3.14


def test_the_makefile_installs_only_from_the_locks_with_their_hashes():
    # The encoder's training environment (.venv-encoder, `make model` only, never shipped) keeps its own
    # requirements-encoder.txt: its PyTorch build comes from the machine's wheel store.
    installs = [line.strip() for line in MAKEFILE.splitlines() if "pip install" in line and "ENCODER_VENV" not in line]
    assert installs
    for line in installs:
        assert "--require-hashes -r requirements" in line and ".lock" in line, line
    assert re.search(r"^\$\(VENV\)/\.installed: .*requirements\.lock", MAKEFILE, re.M)  # a new lock reinstalls
    assert re.search(r"^\$\(VENV\)/\.installed-model: .*requirements-model\.lock", MAKEFILE, re.M)
    assert re.search(r"^lock:", MAKEFILE, re.M)
    assert "pip install -e" not in MAKEFILE and "-r pyproject.toml" not in MAKEFILE  # the project runs from the tree
