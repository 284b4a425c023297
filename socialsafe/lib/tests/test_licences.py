"""Every runtime dependency's licence fits SocialSafe's BSD-3-Clause, and docs/licences.md says so (bin/licences.py)."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _load_licences():
    spec = importlib.util.spec_from_file_location("licences", ROOT / "bin" / "licences.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["licences"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


licences = _load_licences()


@pytest.fixture(scope="module")
def dependencies():
    return licences.dependencies()


def test_it_finds_the_runtime_dependencies_and_what_they_require(dependencies):
    names = {dep.name for dep in dependencies}
    assert {"django", "pi-heif", "weasyprint", "psycopg-binary", "django-otp", "argon2-cffi"} <= names
    assert {"asgiref", "sqlparse", "pyphen"} <= names  # required by Django and WeasyPrint, not by us directly
    assert not names & {"pytest", "ruff", "playwright", "scikit-learn", "pillow-heif"}  # dev, model, or gone


def test_every_runtime_dependency_has_a_licence_that_fits_bsd_3(dependencies):
    refused = [
        f"{dep.name} {dep.version}: {dep.licence or 'no licence declared'} ({licences.VERDICTS[dep.verdict]})"
        for dep in dependencies
        if dep.verdict not in (licences.PERMISSIVE, licences.WEAK)
    ]
    assert not refused, (
        "These do not fit BSD-3-Clause, or their licence is not known. Replace them, or check the licence by hand "
        "and record it in HAND_CHECKED in bin/licences.py:\n" + "\n".join(refused)
    )


def test_no_bundled_native_library_is_unchecked_or_gpl(dependencies):
    unchecked = [f"{dep.name}: {lib}" for dep in dependencies for lib, licence in dep.bundled if not licence]
    assert not unchecked, "Check these libraries' licences and add them to BUNDLED in bin/licences.py: " + ", ".join(
        unchecked
    )
    forbidden = [
        f"{dep.name}: {lib} ({licence})"
        for dep in dependencies
        for lib, licence in dep.bundled
        if licences.rank(licence) > licences.WEAK
    ]
    assert not forbidden


def test_no_runtime_wheel_carries_a_gpl_encoder(dependencies):
    import importlib.metadata

    shipped = [
        f"{dep.name}: {file}"
        for dep in dependencies
        for file in importlib.metadata.distribution(dep.name).files or []
        if ".so" in file.name and licences.GPL_CODECS.search(file.name)
    ]
    assert not shipped, shipped
    assert licences.GPL_CODECS.search("libx265-4883ecb5.so.217")  # what pillow-heif's wheel carries


def test_docs_licences_md_is_current():
    assert (ROOT / "docs" / "licences.md").read_text() == licences.render(), (
        "docs/licences.md is out of date: run `make licences` (after `make install`)."
    )


def test_every_hand_checked_licence_is_still_a_runtime_dependency(dependencies):
    assert set(licences.HAND_CHECKED) <= {dep.name for dep in dependencies}


@pytest.mark.parametrize(
    ("expression", "verdict"),
    [
        ("MIT", "PERMISSIVE"),
        ("Apache-2.0 OR BSD-3-Clause", "PERMISSIVE"),
        ("FTL OR GPL-2.0-or-later", "PERMISSIVE"),  # we take the FTL
        ("GPL-3.0-or-later WITH GCC-exception-3.1", "PERMISSIVE"),
        ("LGPL-3.0-only", "WEAK"),
        ("MPL-2.0 AND MIT", "WEAK"),
        ("(MIT OR LGPL-2.1-or-later) AND MPL-2.0", "WEAK"),
        ("GPL-2.0-only", "FORBIDDEN"),
        ("GPL-2.0+", "FORBIDDEN"),
        ("MIT AND GPL-3.0-only", "FORBIDDEN"),
        ("AGPL-3.0-or-later", "FORBIDDEN"),
        ("SSPL-1.0", "FORBIDDEN"),
        ("CC-BY-NC-4.0", "FORBIDDEN"),
        ("BUSL-1.1", "FORBIDDEN"),
        ("Proprietary", "UNKNOWN"),
        ("", "UNKNOWN"),
        ("MIT AND", "UNKNOWN"),
    ],
)
def test_it_judges_a_licence_expression(expression, verdict):
    assert licences.rank(expression) == getattr(licences, verdict)


@pytest.mark.parametrize(
    ("name", "spdx"),
    [
        ("GNU General Public License v2 or later (GPLv2+)", "GPL-2.0-or-later"),
        ("GNU General Public License v3 (GPLv3)", "GPL-3.0"),
        ("GNU Affero General Public License v3", "AGPL-3.0"),
        ("GNU Lesser General Public License v3 (LGPLv3)", "LGPL-3.0"),
        ("GNU Library or Lesser General Public License (LGPL)", "LGPL-unversioned"),
        ("BSD License", "BSD"),
        ("Apache License, Version 2.0", "Apache-2.0"),
    ],
)
def test_it_reads_a_trove_classifier_or_license_field_as_spdx(name, spdx):
    assert licences.as_spdx(name) == spdx
