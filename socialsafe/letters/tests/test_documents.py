"""The letterhead: school name and address on every letter, and the logo from settings.SCHOOL_LOGO_PATH."""

import io

import pytest
from docx import Document
from PIL import Image

from socialsafe.letters import documents
from socialsafe.letters.tests.helpers import docx_text, pdf_text

pytestmark = pytest.mark.django_db


def layout(**overrides) -> documents.Layout:
    fields = {
        "school_name": "Glenmore Primary School",
        "school_address": "1 School Lane\nGlenmore",
        "school_contact": "028 9000 0000",
        "today": "25 Nov 2026",
        "reference": "GLE-2026-0001",
        "recipient_name": "Mrs Dana Poster",
        "recipient_address": "4 Mill Road",
        "subject": "Comments made online",
        "body": "Dear Mrs Poster,\n\nFirst paragraph.\n\nYours sincerely,\n\nMrs Ruth Patterson\nPrincipal",
        "logo": documents.logo_path(),
    }
    fields.update(overrides)
    return documents.Layout(**fields)


def test_the_pdf_and_docx_carry_the_letterhead_and_every_paragraph():
    for text in (pdf_text(documents.pdf_bytes(layout())), docx_text(documents.docx_bytes(layout()))):
        for phrase in (
            "Glenmore Primary School",
            "1 School Lane",
            "Glenmore",
            "028 9000 0000",
            "Mrs Dana Poster",
            "4 Mill Road",
            "25 Nov 2026",
            "Our reference: GLE-2026-0001",
            "Comments made online",
            "Dear Mrs Poster,",
            "First paragraph.",
            "Mrs Ruth Patterson Principal",
        ):
            assert phrase in text, phrase


def test_user_text_is_escaped_in_the_pdf():
    text = pdf_text(documents.pdf_bytes(layout(body="Dear <b>Mrs Poster</b> & family,")))
    assert "Dear <b>Mrs Poster</b> & family," in text


def test_the_logo_comes_from_the_setting(settings, tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (29, 112, 184)).save(logo)
    settings.SCHOOL_LOGO_PATH = str(logo)
    assert documents.logo_path() == logo
    pdf = documents.pdf_bytes(layout(logo=documents.logo_path()))
    assert b"/Subtype /Image" in pdf
    assert len(Document(io.BytesIO(documents.docx_bytes(layout(logo=logo)))).inline_shapes) == 1


def test_no_logo_when_the_setting_is_missing_or_wrong(settings, tmp_path):
    settings.SCHOOL_LOGO_PATH = str(tmp_path / "missing.png")
    assert documents.logo_path() is None
    del settings.SCHOOL_LOGO_PATH
    assert documents.logo_path() is None
    assert b"/Subtype /Image" not in documents.pdf_bytes(layout(logo=None))
