import io
import shutil
import subprocess

from docx import Document

from socialsafe.letters.models import LetterTemplate
from socialsafe.letters.services import letter_issue, letter_templates_ensure, letter_values


def pdf_text(data: bytes) -> str:
    """The text of a PDF, as poppler's pdftotext reads it (lines joined, so wrapped sentences match)."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (Debian's poppler-utils) is needed to read the letters' PDFs"
    out = subprocess.run([pdftotext, "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    return " ".join(out.decode().split())


def docx_text(data: bytes) -> str:
    return " ".join(" ".join(p.text for p in Document(io.BytesIO(data)).paragraphs).split())


def template_of(school, kind: str = "invitation") -> LetterTemplate:
    letter_templates_ensure(school=school)
    return LetterTemplate.objects.get(school=school, kind=kind)


def issue_invitation(case, *, by, note_taker):
    template = template_of(case.school)
    values = letter_values(incident=case, names="Mrs Poster", note_taker=note_taker)
    return letter_issue(
        incident=case,
        by=by,
        template=template,
        subject=template.subject,
        source=template.body,
        values=values,
        recipient_guardian=case.responsible_guardian,
        recipient_name=case.responsible_guardian.display_name,
    )
