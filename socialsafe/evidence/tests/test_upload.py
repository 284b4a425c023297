import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils.timezone import localdate

from socialsafe.evidence.models import Bundle, CustodyAction, EvidenceItem, OcrStatus
from socialsafe.evidence.storage import evidence_storage, incoming_dir
from socialsafe.evidence.tests.helpers import metadata, screenshot
from socialsafe.incidents.models import Entry
from socialsafe.lib.tests.clock import days_ago, days_ahead, iso

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def files_in_vault() -> list[Path]:
    root = Path(evidence_storage().location)
    return [p for p in root.rglob("*") if p.is_file()]


def post(client, case, *files, **meta):
    uploads = [SimpleUploadedFile(name, data) for name, data in files]
    return client.post(f"/evidence/case/{case.pk}/add/", {**metadata(**meta), "files": uploads})


def test_it_keeps_screenshots_exactly_with_their_hash_metadata_and_text(
    client, principal, case, django_capture_on_commit_callbacks
):
    client.force_login(principal.user)
    png, jpeg = screenshot(), screenshot("I know where you live", fmt="JPEG")
    with django_capture_on_commit_callbacks(execute=True):  # the text is read in the background after commit
        r = post(client, case, ("IMG_0001.PNG", png), ("thread.jpg", jpeg))
    assert r.status_code == 302
    items = list(case.evidence_items.all())
    assert [i.sha256 for i in items] == [hashlib.sha256(png).hexdigest(), hashlib.sha256(jpeg).hexdigest()]
    stored = evidence_storage().open(items[0].storage_name).read()
    assert stored == png  # byte for byte as received
    first = items[0]
    assert first.content_type == "image/png" and first.captured_by == "Ruth Patterson"
    assert first.author_shown == "Mum of twins" and "PSNI" in first.grounds
    assert first.ocr_status == OcrStatus.DONE and "watch your back" in first.ocr_text.lower()
    assert "know where you live" in items[1].ocr_text.lower()
    assert [e.action for e in first.custody.all()] == [CustodyAction.UPLOADED, CustodyAction.TEXT_READ]
    assert case.timeline.filter(kind=Entry.EVIDENCE).count() == 2
    assert not list(incoming_dir().iterdir())  # nothing left half-way


def test_the_same_file_twice_is_stored_once(client, principal, case):
    client.force_login(principal.user)
    png = screenshot()
    post(client, case, ("a.png", png))
    post(client, case, ("copy.png", png))
    assert case.evidence_items.count() == 2
    assert len(files_in_vault()) == 1


def test_text_exports_and_pdfs_are_kept(client, principal, case):
    client.force_login(principal.user)
    chat = b"20/11/2026, 19:31 - Mum of twins: that teacher is a disgrace\n"
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert post(client, case, ("WhatsApp Chat.txt", chat), ("letter.pdf", pdf)).status_code == 302
    kinds = list(case.evidence_items.values_list("content_type", "ocr_status"))
    assert kinds == [("text/plain", "not_needed"), ("application/pdf", "not_needed")]
    item = case.evidence_items.first()
    assert "disgrace" in client.get(f"/evidence/{item.pk}/").content.decode()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("screenshot.png", b"MZ\x90\x00\x03" + b"\x00" * 200, "is a program, not a screenshot"),
        ("holiday.jpg", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "is a program"),
        ("broken.png", screenshot()[:300], "is damaged or not really an image"),
        ("notes.docx", b"PK\x03\x04" + b"\x00" * 100, "a kind of file SocialSafe does not keep"),
        ("cut.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n", "is not a complete PDF"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message_and_leave_nothing(client, principal, case, name, data, message):
    client.force_login(principal.user)
    r = post(client, case, (name, data))
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not EvidenceItem.objects.exists() and not files_in_vault()
    assert not list(incoming_dir().iterdir())


def test_a_decompression_bomb_is_refused(client, principal, case):
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (9000, 9000)).save(out, "PNG")  # 81 megapixels in a few kilobytes
    client.force_login(principal.user)
    r = post(client, case, ("bomb.png", out.getvalue()))
    assert r.status_code == 400 and "decompression bomb" in r.content.decode()
    assert not EvidenceItem.objects.exists() and not files_in_vault()


def test_an_oversized_file_is_refused_while_it_arrives(client, principal, case, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    client.force_login(principal.user)
    r = post(client, case, ("huge.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (2 * 1024 * 1024)))
    assert r.status_code == 400 and "larger than the 1 MB limit" in r.content.decode()
    assert not EvidenceItem.objects.exists() and not files_in_vault()
    assert not list(incoming_dir().iterdir())


def test_one_bad_file_in_a_batch_does_not_stop_the_good_ones(client, principal, case):
    client.force_login(principal.user)
    r = post(client, case, ("good.png", screenshot()), ("bad.png", b"MZ" + b"\x00" * 50))
    assert r.status_code == 400
    html = r.content.decode()
    assert "1 file(s) were stored; these were not:" in html and "bad.png is a program" in html
    assert case.evidence_items.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"grounds": ""}, "Enter ‘Legitimate grounds for collecting it’."),
        ({"captured_on": iso(days_ahead(7))}, "cannot have been taken in the future"),
        ({"posted_on": iso(days_ago(5))}, "posted before the screenshot was taken"),  # taken ten days ago
        ({"platform": ""}, "Choose an answer to ‘Platform’."),
        ({"url": "javascript:alert(1)"}, "Enter the full link"),
    ],
)
def test_bad_metadata_is_refused_and_nothing_is_kept(client, principal, case, change, message):
    client.force_login(principal.user)
    r = post(client, case, ("a.png", screenshot()), **change)
    assert r.status_code == 400 and message in r.content.decode()
    assert not EvidenceItem.objects.exists() and not files_in_vault()
    assert not list(incoming_dir().iterdir())


def test_no_file_chosen_is_refused(client, principal, case):
    client.force_login(principal.user)
    r = client.post(f"/evidence/case/{case.pk}/add/", metadata())
    assert r.status_code == 400 and "Choose at least one file to upload." in r.content.decode()


def test_views_and_downloads_are_on_the_chain_of_custody(client, principal, vice_principal, case):
    client.force_login(principal.user)
    post(client, case, ("a.png", screenshot()))
    item = case.evidence_items.get()
    client.force_login(vice_principal.user)
    page = client.get(f"/evidence/{item.pk}/")
    assert item.sha256 in page.content.decode()
    download = client.get(f"/evidence/{item.pk}/file/")
    assert b"".join(download.streaming_content) == evidence_storage().open(item.storage_name).read()
    assert download["Content-Disposition"].startswith("attachment")
    actions = [(e.action, e.actor) for e in item.custody.all()]
    assert (CustodyAction.VIEWED, vice_principal.user) in actions
    assert (CustodyAction.DOWNLOADED, vice_principal.user) in actions
    assert (
        "Vice" in client.get(f"/evidence/{item.pk}/").content.decode()
        or vice_principal.user.get_full_name() in client.get(f"/evidence/{item.pk}/").content.decode()
    )


def test_evidence_is_hidden_from_those_who_cannot_see_the_case(client, principal, teacher, outsider, case):
    client.force_login(principal.user)
    post(client, case, ("a.png", screenshot()))
    item = case.evidence_items.get()
    for persona in (teacher, outsider):  # the teacher is the target of this case
        client.force_login(persona.user)
        assert client.get(f"/evidence/{item.pk}/").status_code == 404
        assert client.get(f"/evidence/{item.pk}/file/").status_code == 404
        assert client.post(f"/evidence/case/{case.pk}/add/", metadata()).status_code == 404
    assert item.custody.filter(action=CustodyAction.VIEWED).count() == 0


def test_the_bundle_holds_the_originals_a_matching_manifest_and_a_pdf(client, principal, case):
    client.force_login(principal.user)
    post(client, case, ("one.png", screenshot()), ("two.png", screenshot("Second message")))
    r = client.post(f"/evidence/case/{case.pk}/bundle/", {"recipient": "PSNI", "signed_off_by": "Ruth Patterson"})
    bundle = Bundle.objects.get()
    assert r["Location"] == f"/evidence/bundles/{bundle.pk}/"
    data = b"".join(client.get(r["Location"]).streaming_content)
    assert hashlib.sha256(data).hexdigest() == bundle.sha256
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        for entry in manifest["items"]:
            assert hashlib.sha256(zf.read(entry["file"])).hexdigest() == entry["sha256"]
            assert entry["custody"][0]["action"] == "uploaded"
        assert zf.read("summary.pdf").startswith(b"%PDF")
    assert manifest["signed_off_by"] == "Ruth Patterson" and len(manifest["items"]) == 2
    assert case.timeline.filter(kind=Entry.EVIDENCE, text__contains=bundle.sha256).exists()
    assert all(i.custody.filter(action=CustodyAction.EXPORTED).exists() for i in case.evidence_items.all())


def test_a_bundle_needs_a_name_and_a_manager(client, principal, office, case):
    client.force_login(principal.user)
    post(client, case, ("one.png", screenshot()))
    r = client.post(f"/evidence/case/{case.pk}/bundle/", {"recipient": "PSNI", "signed_off_by": ""}, follow=True)
    assert "Enter ‘Your full name, to sign off the summary’." in r.content.decode()
    assert not Bundle.objects.exists()
    assert client.get(f"/evidence/case/{case.pk}/bundle/").status_code == 405


def test_verify_evidence_finds_a_changed_or_missing_file(client, principal, case):
    client.force_login(principal.user)
    post(client, case, ("one.png", screenshot()), ("two.png", screenshot("Second")))
    out = io.StringIO()
    call_command("verify_evidence", stdout=out)
    assert "Checked 2 file(s): 0 missing, 0 altered." in out.getvalue()
    one, two = case.evidence_items.all()
    path = Path(evidence_storage().path(one.storage_name))
    path.chmod(0o644)
    path.write_bytes(path.read_bytes() + b"tampered")
    Path(evidence_storage().path(two.storage_name)).unlink()
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_evidence", stdout=io.StringIO(), stderr=err)
    assert exit_info.value.code == 1
    assert f"ALTERED  {case.reference}  one.png" in err.getvalue()
    assert f"MISSING  {case.reference}  two.png" in err.getvalue()


def test_an_iphone_heic_screenshot_is_kept_and_read(client, principal, case, django_capture_on_commit_callbacks):
    heic = (FIXTURES / "meet-me-after-school.heic").read_bytes()  # pi-heif cannot encode; see fixtures/README.md
    client.force_login(principal.user)
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, case, ("IMG_0042.HEIC", heic)).status_code == 302
    item = case.evidence_items.get()
    assert item.content_type == "image/heic" and item.ocr_status == OcrStatus.DONE
    assert "after school" in item.ocr_text.lower()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_cut_short_image_is_refused_even_after_weasyprint_is_loaded(client, principal, case, fmt):
    import weasyprint  # noqa: F401  (it makes Pillow lenient with truncated images, process-wide)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    data = screenshot(fmt=fmt)
    client.force_login(principal.user)
    r = post(client, case, (f"cut.{fmt.lower()}", data[: len(data) * 2 // 3]))
    assert r.status_code == 400 and "is damaged or not really an image" in r.content.decode()
    assert not EvidenceItem.objects.exists()
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # left as WeasyPrint wants it


def test_an_upload_without_the_csrf_token_is_refused_and_leaves_nothing(principal, case):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(principal.user)
    r = post(client, case, ("a.png", screenshot()))
    assert r.status_code == 403
    assert not EvidenceItem.objects.exists() and not files_in_vault()


@pytest.mark.parametrize(
    ("name", "data"),
    [("fake.png", b"just some text, not a picture\n"), ("photo.jpg", screenshot()), ("letter.pdf", screenshot())],
)
def test_a_file_whose_name_and_content_disagree_is_questioned(client, principal, case, name, data):
    client.force_login(principal.user)
    r = post(client, case, (name, data))
    assert r.status_code == 400 and f"{name} is called a" in r.content.decode()
    assert not EvidenceItem.objects.exists() and not files_in_vault()


def test_leaving_the_capture_time_empty_asks_for_it_and_nothing_else(client, principal, case):
    client.force_login(principal.user)
    html = post(
        client, case, ("a.png", screenshot()), captured_on=localdate().isoformat(), captured_time=""
    ).content.decode()
    assert "Enter ‘Time the screenshot was taken’." in html and "in the future" not in html
