"""Files that could run something (SVG, HTML, a PDF with JavaScript) are kept as evidence but never shown."""

import hashlib
import io
import json
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.asserts import assertContains, assertNotContains

from socialsafe.evidence.models import Bundle, EvidenceItem, FileType
from socialsafe.evidence.storage import evidence_storage
from socialsafe.evidence.tests.helpers import metadata, screenshot
from socialsafe.evidence.validate import has_active_content

pytestmark = pytest.mark.django_db

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
PDF_JS = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj\n"
    b"2 0 obj << /S /JavaScript /JS (app.alert('x')) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
PDF_PLAIN = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
WARNING = (
    "Kept as evidence; not shown here because it can contain active content. Download it to open in a safe viewer."
)


def upload(client, case, name: str, data: bytes) -> EvidenceItem:
    r = client.post(f"/evidence/case/{case.pk}/add/", {**metadata(), "files": [SimpleUploadedFile(name, data)]})
    assert r.status_code == 302, r.content.decode()[:2000]
    return EvidenceItem.objects.filter(incident=case).latest("pk")


@pytest.fixture
def active(client, principal, case):
    client.force_login(principal.user)
    return [upload(client, case, "drawing.svg", SVG), upload(client, case, "letter.pdf", PDF_JS)]


def test_they_are_stored_as_received_with_their_hash(active):
    for item, data in zip(active, (SVG, PDF_JS), strict=True):
        assert item.sha256 == hashlib.sha256(data).hexdigest()
        assert evidence_storage().open(item.storage_name).read() == data
        assert item.active_content


def test_the_full_size_url_answers_only_as_an_attachment_of_bytes(client, active):
    for item in active:
        r = client.get(f"/evidence/{item.pk}/file/")
        assert r.status_code == 200
        assert r["Content-Type"] == "application/octet-stream"
        assert r["Content-Disposition"].startswith("attachment")
        assert r["X-Content-Type-Options"] == "nosniff"
        assert r["Content-Security-Policy"].startswith("sandbox")


def test_the_thumbnail_url_refuses(client, active):
    for item in active:
        assert client.get(f"/evidence/{item.pk}/file/?inline=1").status_code == 404


def test_the_pages_say_why_it_is_not_shown(client, case, active):
    assertContains(client.get(f"/incidents/{case.pk}/"), WARNING, count=2)
    r = client.get(f"/evidence/{active[0].pk}/")
    assertContains(r, WARNING)
    assertNotContains(r, "alert(document.cookie)")  # not even as text
    assertNotContains(r, "?inline=1")


def test_the_bundle_manifest_marks_them(client, principal, case, active):
    plain = upload(client, case, "plain.pdf", PDF_PLAIN)
    client.post(f"/evidence/case/{case.pk}/bundle/", {"recipient": "PSNI", "signed_off_by": "Ruth Patterson"})
    bundle = Bundle.objects.get()
    with zipfile.ZipFile(io.BytesIO(evidence_storage().open(bundle.storage_name).read())) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    marks = {entry["original_name"]: entry["active_content"] for entry in manifest["items"]}
    assert marks == {"drawing.svg": True, "letter.pdf": True, plain.original_name: False}
    assert "open them only in a safe viewer" in manifest["active_content_note"]


def test_a_plain_screenshot_text_and_pdf_are_shown_as_before(client, principal, case):
    client.force_login(principal.user)
    png = upload(client, case, "shot.png", screenshot())
    chat = upload(client, case, "chat.txt", b"[12/11, 21:04] Dana: you'll be sorry <3\n")
    pdf = upload(client, case, "plain.pdf", PDF_PLAIN)
    assert not any(i.active_content for i in (png, chat, pdf))
    r = client.get(f"/evidence/{png.pk}/file/?inline=1")
    assert r["Content-Type"] == "image/png" and r["Content-Disposition"].startswith("inline")
    assert client.get(f"/evidence/{pdf.pk}/file/")["Content-Type"] == FileType.PDF
    assertContains(client.get(f"/evidence/{chat.pk}/"), "you&#x27;ll be sorry")


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body onload=alert(1)>hi</body></html>",
        b"  <!DOCTYPE html><p>x</p>",
        b'<?xml version="1.0"?><note>x</note>',
        b"hello <SCRIPT>alert(1)</SCRIPT>",
    ],
)
def test_markup_in_a_text_file_is_active(data):
    assert has_active_content(io.BytesIO(data), FileType.TEXT)


@pytest.mark.parametrize(
    "data",
    [
        PDF_JS,
        PDF_JS.replace(b"/JS ", b"/J#53 ").replace(b"/JavaScript", b"/Java#53cript"),  # names spelt with escapes
        b"%PDF-1.5\n3 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>\nstream\n"
        + zlib.compress(b"2 0 << /S /JavaScript /JS (x) >>")
        + b"\nendstream endobj\n%%EOF\n",  # hidden in a compressed object stream
    ],
)
def test_javascript_in_a_pdf_is_found(data):
    assert has_active_content(io.BytesIO(data), FileType.PDF)


def test_a_pdf_without_scripts_is_not_active():
    assert not has_active_content(io.BytesIO(PDF_PLAIN), FileType.PDF)
