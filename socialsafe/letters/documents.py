"""A letter on the school's letterhead, as PDF (WeasyPrint) and as Word (python-docx)."""

import io
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from socialsafe.lib.pdf import html_to_pdf


@dataclass(frozen=True)
class Layout:
    """Everything printed on a letter; the body is already filled in."""

    school_name: str
    school_address: str
    school_contact: str
    today: str
    reference: str
    recipient_name: str
    recipient_address: str
    subject: str
    body: str
    logo: Path | None = field(default=None)

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip("\n") for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.school_address.splitlines() if line.strip()]

    @property
    def recipient_lines(self) -> list[str]:
        return [self.recipient_name] + [line.strip() for line in self.recipient_address.splitlines() if line.strip()]


def logo_path() -> Path | None:
    """The letterhead logo from settings.SCHOOL_LOGO_PATH, if it names a readable PNG or JPEG file."""
    value = getattr(settings, "SCHOOL_LOGO_PATH", None)
    if not value:
        return None
    path = Path(value)
    return path if path.is_file() and path.suffix.lower() in {".png", ".jpg", ".jpeg"} else None


def pdf_bytes(layout: Layout) -> bytes:
    """The letter as an A4 PDF."""
    html = render_to_string("letters/pdf.html", {"l": layout, "logo_uri": layout.logo.as_uri() if layout.logo else ""})
    return html_to_pdf(html)


def docx_bytes(layout: Layout) -> bytes:
    """The letter as a Word document, for schools that finish letters in Word."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Arial", Pt(11)
    if layout.logo:
        doc.add_picture(str(layout.logo), height=Cm(2.2))
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = head.add_run(layout.school_name)
    run.bold, run.font.size = True, Pt(14)
    for line in layout.address_lines + ([layout.school_contact] if layout.school_contact else []):
        head.add_run("\n" + line)
    doc.add_paragraph().add_run("Private and confidential").bold = True
    doc.add_paragraph("\n".join(layout.recipient_lines))
    doc.add_paragraph(f"{layout.today}\nOur reference: {layout.reference}")
    doc.add_paragraph().add_run(layout.subject).bold = True
    for paragraph in layout.paragraphs:
        doc.add_paragraph(paragraph)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
