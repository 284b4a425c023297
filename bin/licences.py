"""The licence of every runtime dependency, judged against SocialSafe's own (BSD-3-Clause); prints docs/licences.md.

Runtime dependencies are pyproject.toml's `dependencies` and everything they require, read from the installed
distributions (importlib.metadata). `make licences` writes the page; socialsafe/lib/tests/test_licences.py fails when
a licence does not fit or the page is out of date. Run it with the project's virtual environment, from the root.
"""

import importlib.metadata
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent

PERMISSIVE, WEAK, UNKNOWN, FORBIDDEN = range(4)
VERDICTS = {PERMISSIVE: "permissive", WEAK: "weak copyleft, allowed", UNKNOWN: "UNKNOWN", FORBIDDEN: "FORBIDDEN"}

# SPDX identifiers that ask no more than BSD-3-Clause does (keep the notice, no endorsement). "BSD" is the trove
# classifier's family name: every BSD variant fits.
PERMISSIVE_IDS = {
    "0BSD", "Apache-2.0", "BSD", "BSD-2-Clause", "BSD-3-Clause", "BSD-3-Clause-Open-MPI",
    "BSD-Attribution-HPND-disclaimer", "CC0-1.0", "FTL", "HPND", "IJG", "ISC", "libpng-2.0", "libtiff", "MIT",
    "MIT-0", "MIT-CMU", "MIT-Modern-Variant", "OLDAP-2.8", "PostgreSQL", "PSF-2.0", "Python-2.0", "Unlicense",
    "X11", "Zlib",
    "OpenSSL",  # issue 18 (OpenCV's OpenSSL 1.1.1): BSD-style; keep the notice and the acknowledgement it asks for
}  # fmt: skip
# Exceptions that let anything link the library whatever its own licence (GCC's runtime library exception).
LINKING_EXCEPTIONS = {"GCC-exception-3.1", "GCC-exception-2.0", "LLVM-exception", "Classpath-exception-2.0"}
# Copyleft that stays with the library itself: allowed for a library used unmodified and loaded at run time.
WEAK_PREFIXES = ("LGPL-", "MPL-")
# Copyleft over the whole program, or limits on use: never allowed.
FORBIDDEN_PATTERNS = re.compile(r"^(A?GPL-|SSPL|BUSL|CC-BY-NC|Elastic|Commons-Clause)|non-?commercial", re.I)

# Free-text names (License field, trove classifiers) as SPDX. Anything not here is parsed as an SPDX expression.
ALIASES = {
    "mit license": "MIT",
    "bsd license": "BSD",
    "3-clause bsd license": "BSD-3-Clause",
    "apache 2.0": "Apache-2.0",
    "apache license, version 2.0": "Apache-2.0",
    "apache software license": "Apache-2.0",
    "the unlicense (unlicense)": "Unlicense",
    "python software foundation license": "PSF-2.0",
    "isc license (iscl)": "ISC",
    "mozilla public license 1.1 (mpl 1.1)": "MPL-1.1",
    "mozilla public license 2.0 (mpl 2.0)": "MPL-2.0",
}
CLASSIFIER_FAMILIES = [  # for trove classifiers not in ALIASES; the order matters (Lesser and Affero before plain)
    ("GNU Lesser General Public License", "LGPL-"),
    ("GNU Library or Lesser General Public License", "LGPL-"),
    ("GNU Affero General Public License", "AGPL-"),
    ("GNU General Public License", "GPL-"),
    ("Mozilla Public License", "MPL-"),
]

# Licences checked by hand, where the metadata cannot decide: the SPDX expression found, and where it was read.
HAND_CHECKED = {
    "pyphen": (
        "MPL-1.1 OR LGPL-2.1-or-later OR GPL-2.0-or-later",
        "its LICENSE file (installed in pyphen-*.dist-info/licenses/ and at https://github.com/Kozea/Pyphen): "
        '"released under the GPL 2.0+/LGPL 2.1+/MPL 1.1 tri-license"; its classifiers list the three without '
        "saying they are alternatives. The British and American English dictionaries WeasyPrint uses are "
        '"BSD-style" (dictionaries/README_hyph_en_GB.txt, README_hyph_en_US.txt).',
    ),
}

# Native libraries that runtime wheels bundle (in their `*.libs` folders, put there by auditwheel), with the
# licence read from the wheel's own licence file (e.g. numpy-*.dist-info/licenses/LICENSE.txt) or the
# library's source. A library missing from here fails the licence test until someone checks it.
BUNDLED = {
    # numpy: OpenBLAS, with LAPACK and GCC's libgfortran linked in statically (numpy's LICENSE.txt).
    "libscipy_openblas64_": "BSD-3-Clause AND BSD-3-Clause-Open-MPI AND GPL-3.0-or-later WITH GCC-exception-3.1",
    "libscipy_openblas": "BSD-3-Clause AND BSD-3-Clause-Open-MPI AND GPL-3.0-or-later WITH GCC-exception-3.1",
    # pi-heif (its LICENSES_bundled.txt): HEIF container and HEVC decoder only; no x265 encoder.
    "libheif": "LGPL-3.0-or-later",
    "libde265": "LGPL-3.0-or-later",
    # Pillow (its LICENSE lists each): AV1 through libavif, with AOM and dav1d linked in (both BSD-2-Clause).
    "libXau": "MIT",
    "libxcb": "X11",
    "libavif": "BSD-2-Clause",
    "libbrotlicommon": "MIT",
    "libbrotlidec": "MIT",
    "libfreetype": "FTL OR GPL-2.0-or-later",
    "libharfbuzz": "MIT-Modern-Variant",
    "libjpeg": "IJG AND BSD-3-Clause AND Zlib",
    "liblcms2": "MIT",
    "liblzma": "0BSD",
    "libopenjp2": "BSD-2-Clause",
    "libpng16": "libpng-2.0",
    "libsharpyuv": "BSD-3-Clause",
    "libtiff": "libtiff",
    "libwebp": "BSD-3-Clause",
    "libwebpdemux": "BSD-3-Clause",
    "libwebpmux": "BSD-3-Clause",
    "libzstd": "BSD-3-Clause OR GPL-2.0-only",
    # psycopg-binary: libpq and what it needs (its sboms/auditwheel.cdx.json names them).
    "libpq": "PostgreSQL",
    "libssl": "Apache-2.0",
    "libcrypto": "Apache-2.0",
    "libcom_err": "MIT",
    "libgssapi_krb5": "MIT",
    "libk5crypto": "MIT",
    "libkrb5": "MIT",
    "libkrb5support": "MIT",
    "libkeyutils": "LGPL-2.1-or-later",
    "libcrypt": "LGPL-2.1-or-later",
    "liblber": "OLDAP-2.8",
    "libldap": "OLDAP-2.8",
    "libsasl2": "BSD-Attribution-HPND-disclaimer",
    # issue 18, check before you post: opencv-python-headless (its LICENSE-3RD-PARTY.txt, and the libraries' own
    # sources where that file does not name them). FFmpeg is built without --enable-gpl: the file gives it the LGPL 2.1.
    "libavcodec": "LGPL-2.1-or-later",
    "libavformat": "LGPL-2.1-or-later",
    "libavutil": "LGPL-2.1-or-later",
    "libswresample": "LGPL-2.1-or-later",
    "libswscale": "LGPL-2.1-or-later",
    "libvpx": "BSD-3-Clause",
    "libaom": "BSD-2-Clause",
    "libdrm": "MIT",
    "libopenblasp-r0": "BSD-3-Clause",
    "libgfortran": "GPL-3.0-or-later WITH GCC-exception-3.1",
    "libquadmath": "LGPL-2.1-or-later",
    "libdav1d": "BSD-2-Clause",
    # OpenCV's wheel carries OpenSSL 1.1.1, under the OpenSSL and SSLeay licences (not OpenSSL 3's Apache-2.0).
    "opencv-python-headless/libcrypto": "OpenSSL",
    "opencv-python-headless/libssl": "OpenSSL",
}
# Encoders whose licence (GPL) must never ship inside a wheel we depend on, whatever BUNDLED says.
GPL_CODECS = re.compile(r"x265|x264|libfdk|ffmpeg-gpl", re.I)


def rank_id(spdx: str) -> int:
    spdx = spdx.removesuffix("+")
    if spdx in PERMISSIVE_IDS:
        return PERMISSIVE
    if FORBIDDEN_PATTERNS.search(spdx):
        return FORBIDDEN
    if spdx.startswith(WEAK_PREFIXES):
        return WEAK
    return UNKNOWN


def rank(expression: str) -> int:
    """How an SPDX expression fits BSD-3-Clause: the best of OR alternatives (we choose), the worst of AND terms."""
    tokens = re.findall(r"\(|\)|[^\s()]+", expression)
    if not tokens:
        return UNKNOWN
    pos = 0

    def either() -> int:
        nonlocal pos
        best = both()
        while pos < len(tokens) and tokens[pos].upper() == "OR":
            pos += 1
            best = min(best, both())
        return best

    def both() -> int:
        nonlocal pos
        worst = one()
        while pos < len(tokens) and tokens[pos].upper() == "AND":
            pos += 1
            worst = max(worst, one())
        return worst

    def one() -> int:
        nonlocal pos
        if pos >= len(tokens):
            return UNKNOWN
        word = tokens[pos]
        pos += 1
        if word == "(":
            value = either()
            pos += 1  # the closing parenthesis
            return value
        value = rank_id(word)
        if pos < len(tokens) and tokens[pos].upper() == "WITH":
            exception = tokens[pos + 1] if pos + 1 < len(tokens) else ""
            pos += 2
            if exception in LINKING_EXCEPTIONS:  # the exception lets any program link it, on any terms
                value = PERMISSIVE
        return value

    value = either()
    return value if pos == len(tokens) else UNKNOWN


def as_spdx(text: str) -> str:
    """A free-text licence name or trove classifier's last part, as SPDX where we know it."""
    text = text.strip()
    if text.lower() in ALIASES:
        return ALIASES[text.lower()]
    for words, prefix in CLASSIFIER_FAMILIES:
        if text.startswith(words):
            version = re.search(r"v(\d)(\+)?", text.removeprefix(words))
            if version:
                return f"{prefix}{version[1]}.0{'-or-later' if version[2] or 'or later' in text else ''}"
            return f"{prefix}unversioned"
    return text


@dataclass
class Dependency:
    name: str
    version: str
    licence: str  # an SPDX expression
    source: str  # where the licence was read
    verdict: int
    bundled: list[tuple[str, str]]  # (library, licence) of each native library in the wheel's *.libs folder


def declared_licence(dist: importlib.metadata.Distribution) -> tuple[str, str]:
    """The distribution's licence as an SPDX expression, and which metadata it came from."""
    name = canonicalize_name(dist.metadata["Name"])
    if name in HAND_CHECKED:
        return HAND_CHECKED[name][0], "checked by hand"
    if dist.metadata.get("License-Expression"):
        return dist.metadata["License-Expression"].strip(), "License-Expression"
    terms, sources = [], []
    field = (dist.metadata.get("License") or "").strip()
    if field and "\n" not in field and len(field) <= 100:  # not the whole licence text pasted in
        terms.append(as_spdx(field))
        sources.append("License")
    classifiers = [c.removeprefix("License :: ") for c in dist.metadata.get_all("Classifier") or []]
    classified = [
        as_spdx(c.removeprefix("OSI Approved :: "))
        for c, full in zip(classifiers, dist.metadata.get_all("Classifier") or [], strict=True)
        if full.startswith("License :: ") and c != "OSI Approved"
    ]
    # A License field is enough unless a classifier says something stricter (pi-heif: BSD code, LGPL binaries).
    floor = rank(terms[0]) if terms else -1
    extra = [c for c in dict.fromkeys(classified) if c not in terms and (not terms or rank(c) > floor)]
    if extra:
        terms += extra
        sources.append("classifiers")
    if not terms:
        return "", "nothing declared"
    joined = " AND ".join(f"({t})" if " " in t else t for t in terms)
    return (terms[0] if len(terms) == 1 else joined), " and ".join(sources)


def bundled_libraries(dist: importlib.metadata.Distribution) -> list[tuple[str, str]]:
    """(library, licence) for each shared library in the wheel's *.libs folder; the licence is "" if unchecked."""
    libraries = set()
    for file in dist.files or []:
        if len(file.parts) == 2 and file.parts[0].endswith(".libs") and ".so" in file.name:
            stem = re.sub(r"(-[0-9a-f]{8})?\.so.*$", "", file.name)  # libpng16-1d1ba958.so.16.58.0: libpng16
            stem = re.sub(r"-[0-9a-f]{8}\.[0-9.]+$", "", stem)  # libopenblasp-r0-59ffcd50.3.15: libopenblasp-r0
            libraries.add((stem, BUNDLED.get(f"{dist.metadata['Name']}/{stem}", BUNDLED.get(stem, ""))))
    return sorted(libraries)


def runtime_distributions() -> list[importlib.metadata.Distribution]:
    """pyproject.toml's dependencies and everything they require here, with the extras asked for."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    todo = [Requirement(line) for line in project["dependencies"]]
    walked: dict[str, set[str]] = {}
    found: dict[str, importlib.metadata.Distribution] = {}
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in walked and set(requirement.extras) <= walked[name]:
            continue
        extras = walked.setdefault(name, set())
        extras.update(requirement.extras)
        dist = found.setdefault(name, importlib.metadata.distribution(name))
        for line in dist.requires or []:
            needed = Requirement(line)
            if needed.marker is None or any(needed.marker.evaluate({"extra": e}) for e in ["", *sorted(extras)]):
                todo.append(needed)
    return [found[name] for name in sorted(found)]


def locked_versions() -> dict[str, str]:
    versions: dict[str, list[str]] = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if match := re.match(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", line):
            versions.setdefault(canonicalize_name(match[1]), []).append(match[2])
    return {name: " / ".join(dict.fromkeys(found)) for name, found in versions.items()}


def dependencies() -> list[Dependency]:
    locked = locked_versions()
    table = []
    for dist in runtime_distributions():
        name = canonicalize_name(dist.metadata["Name"])
        licence, source = declared_licence(dist)
        bundled = bundled_libraries(dist)
        verdict = max([rank(licence), *(rank(lib) if lib else UNKNOWN for _, lib in bundled)])
        version = locked.get(name, f"{dist.version} (not in requirements.lock)")
        table.append(Dependency(name, version, licence, source, verdict, bundled))
    return table


INTRO = """\
# Licences of the runtime dependencies

SocialSafe is BSD-3-Clause. This page lists every package it needs at run time: pyproject.toml's `dependencies`
and everything they require, as installed from `requirements.lock`, with the licence each declares
(`License-Expression`, else the `License` field and trove classifiers) and whether that fits. It is written by
`make licences` (bin/licences.py); `socialsafe/lib/tests/test_licences.py` fails when a licence does not fit or this
page is out of date. The development tools (pytest, Playwright, Ruff…) and the `model` extra are not shipped and
are not listed.

- **Permissive** (MIT, BSD, Apache-2.0, ISC, PSF, Unlicense…): fits.
- **Weak copyleft, allowed** (LGPL, MPL): the copyleft covers the library itself, not the program that uses it.
  These are separate Python distributions, installed unmodified from PyPI beside SocialSafe and loaded at run time
  (an `import`, or a shared library the wheel loads), never copied into SocialSafe's source; whoever runs
  SocialSafe can replace them with their own build, which is what the LGPL asks. MPL-2.0 covers only its own
  files. If we ever changed such a library, or shipped it inside our own bundle, we would publish those changes.
- **Linking exceptions**: `GPL-3.0-or-later WITH GCC-exception-3.1` (GCC's libgfortran, inside numpy's OpenBLAS)
  lets any program link the library and be distributed on its own terms, so it counts as permissive.
- **Forbidden**: GPL and AGPL (they would cover SocialSafe itself), SSPL, BUSL, and anything non-commercial.
  An expression's OR alternatives let us pick the one that fits (`FTL OR GPL-2.0-or-later`: FTL).
- **Unknown**: a licence the metadata cannot settle fails the test until it is checked by hand and recorded in
  `HAND_CHECKED` in bin/licences.py, with where it was read.

HEIC images are read with pi-heif, not pillow-heif: pillow-heif's wheels bundle libx265, the HEVC *encoder*,
which is GPL-2.0-or-later; pi-heif's wheels hold only libheif and libde265 (the decoder), both LGPL-3.0. The test
fails if a shared library named like x265, x264 or fdk-aac turns up anywhere in a runtime wheel.
"""


def render() -> str:
    table = dependencies()
    lines = [INTRO, "| Package | Version (locked) | Licence | Read from | Verdict |", "|---|---|---|---|---|"]
    for dep in table:
        licence = dep.licence or "none declared"
        verdict = VERDICTS[dep.verdict] + (" (a bundled library)" if dep.verdict > rank(dep.licence) else "")
        lines.append(f"| {dep.name} | {dep.version} | {licence} | {dep.source} | {verdict} |")
    lines += ["", "## Checked by hand", ""]
    for name, (licence, where) in sorted(HAND_CHECKED.items()):
        lines.append(f"- **{name}**: {licence}. From {where}")
    lines += [
        "",
        "## Native libraries bundled in the wheels",
        "",
        "Wheels built with auditwheel carry the shared libraries they link in a `<package>.libs` folder. Each is "
        "listed with the licence read from the wheel's own licence file or the library's source (`BUNDLED` in "
        "bin/licences.py). Other compiled code (onnxruntime's, tokenizers') is the package's own, under its "
        "licence above.",
        "",
        "| Package | Library | Licence |",
        "|---|---|---|",
    ]
    for dep in table:
        for library, licence in dep.bundled:
            lines.append(f"| {dep.name} | {library} | {licence or 'UNKNOWN'} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
