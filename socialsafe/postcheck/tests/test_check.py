"""The check page, its htmx panel and its JSON endpoint: who may use them, what they say, and that nothing is kept."""

import json
import logging

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from socialsafe.audit.models import AuditEvent
from socialsafe.postcheck.tests.conftest import make_photo

pytestmark = pytest.mark.django_db
URL = reverse("postcheck:check")
API = reverse("postcheck:api")
DRAFT = "Great to see Shaun Murphy win at sports day, tell all the P5 parents!"


@pytest.mark.parametrize("who", ["principal", "vice_principal", "designated_teacher", "teacher", "office", "staff"])
def test_it_is_open_to_every_member_of_staff(client, request, who, roster):
    persona = request.getfixturevalue(who)
    client.force_login(persona.user)
    page = client.get(URL)
    assert page.status_code == 200
    assert b"Check before you post" in page.content
    assert client.post(URL, {"text": DRAFT}).status_code == 200
    assert client.post(API, {"text": DRAFT}).status_code == 200


@pytest.mark.parametrize("who", ["chair", "governor", "parent", "officer"])
def test_it_is_refused_to_governors_parents_and_officers(client, request, who, roster):
    client.force_login(request.getfixturevalue(who).user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"text": DRAFT}).status_code == 403
    assert client.post(API, {"text": DRAFT}).status_code == 403


def test_it_asks_anonymous_people_to_sign_in(client):
    assert client.get(URL).status_code == 302
    assert client.post(API, {"text": DRAFT}).status_code == 302


def test_another_schools_principal_is_checked_against_their_own_roster(client, outsider, roster):
    client.force_login(outsider.user)
    result = client.post(API, {"text": DRAFT}).json()
    assert not any(n["warns"] for n in result["names"])  # Seán Murphy is Glenmore's pupil, not Riverside's
    assert "names_a_pupil" not in {w["id"] for w in result["warnings"]}


def test_it_warns_with_the_policy_and_the_match(client, teacher, roster):
    client.force_login(teacher.user)
    page = client.post(URL, {"text": "Seán Murphy was brilliant at sports day"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "It names a pupil" in html and "It shows a school event" in html
    assert "No reference should be made on social media to pupils, parents/carers or school staff." in html
    assert "Seán Murphy (pupil, P5)" in html
    assert "What to change:" in html
    assert AuditEvent.objects.filter(verb="postcheck.checked").get().data == {"warnings": 2}


def test_the_htmx_panel_is_the_result_alone(client, teacher, roster):
    client.force_login(teacher.user)
    panel = client.post(URL, {"text": "Seán Murphy was brilliant"}, headers={"HX-Request": "true"})
    assert panel.status_code == 200
    html = panel.content.decode()
    assert html.lstrip().startswith('<div id="result"') and "<html" not in html
    assert "It names a pupil" in html


def test_an_empty_draft_is_refused_with_a_clear_message(client, teacher):
    client.force_login(teacher.user)
    page = client.post(URL, {"text": "   "})
    assert page.status_code == 400
    assert "Paste the words of your post, or choose a photo, to check it." in page.content.decode()
    panel = client.post(URL, {"text": ""}, headers={"HX-Request": "true"})
    assert panel.status_code == 200 and "Paste the words" in panel.content.decode()
    api = client.post(API, {"text": ""})
    assert api.status_code == 400 and "text" in api.json()["errors"]
    assert not AuditEvent.objects.filter(verb="postcheck.checked").exists()


def test_a_file_that_is_not_a_photo_is_said_so(client, teacher):
    client.force_login(teacher.user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("notes.jpg", b"this is not a picture", content_type="image/jpeg")
    result = client.post(API, {"text": "hello", "photo": upload}).json()
    assert "not a photo we can read" in result["photo_error"]
    assert result["photo"] is None


def test_a_photo_too_large_is_refused(client, teacher, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from socialsafe.postcheck import photo

    client.force_login(teacher.user)
    upload = SimpleUploadedFile("big.jpg", b"\xff" * (photo.MAX_PHOTO_BYTES + 1), content_type="image/jpeg")
    response = client.post(API, {"text": "hello", "photo": upload})
    assert response.status_code == 400
    assert "larger than 10 MB" in response.json()["errors"]["photo"][0]


def test_the_photo_findings_are_shown_with_their_limits(client, teacher):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(teacher.user)
    upload = SimpleUploadedFile("p.jpg", make_photo(gps=True), content_type="image/jpeg")
    page = client.post(URL, {"text": "", "photo": upload})
    html = page.content.decode()
    assert page.status_code == 200
    assert "The photo records where it was taken" in html and "What the photo check cannot do" in html


def test_the_json_endpoint_gives_the_same_result(client, teacher, roster):
    client.force_login(teacher.user)
    result = client.post(API, {"text": DRAFT}).json()
    ids = {w["id"] for w in result["warnings"]}
    assert {"names_a_pupil", "shows_a_school_event", "addresses_a_parent"} <= ids
    warning = next(w for w in result["warnings"] if w["id"] == "names_a_pupil")
    assert warning["clause"].startswith("No reference should be made") and warning["advice"]
    assert any(n["person"]["display"] == "Seán Murphy (pupil, P5)" for n in result["names"])
    assert set(result["scores"]) >= {"offensive", "insult"}


def test_the_json_endpoint_needs_the_csrf_token(teacher, roster):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(teacher.user)
    assert client.post(API, {"text": DRAFT}).status_code == 403


@pytest.mark.parametrize("url", [URL, API])
def test_a_draft_is_never_sent_in_a_url(client, teacher, url):
    client.force_login(teacher.user)
    if url == API:
        assert client.get(url).status_code == 405
    else:
        page = client.get(url, {"text": "Seán Murphy"})
        assert page.status_code == 200 and "Seán Murphy" not in page.content.decode()
    assert client.put(url).status_code == 405


def _text_columns():
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if fields:
            yield model, fields


def test_no_table_row_and_no_log_line_holds_the_draft(client, teacher, roster, caplog, settings):
    secret = "Zebedee-Quokka sports day with Seán Murphy"
    client.force_login(teacher.user)
    before = AuditEvent.objects.count()
    with caplog.at_level(logging.DEBUG):
        client.post(URL, {"text": secret})
        client.post(URL, {"text": secret}, headers={"HX-Request": "true"})
        client.post(API, {"text": secret})
        client.post(URL, {"text": secret * 200})  # too long: refused, and still not logged
    for model, fields in _text_columns():
        for row in model._default_manager.values_list(*fields):
            assert "Zebedee" not in json.dumps(row, default=str, ensure_ascii=False), model
    assert "Zebedee" not in caplog.text
    verbs = AuditEvent.objects.order_by("pk").values_list("verb", flat=True)[before:]
    assert list(verbs) == ["postcheck.checked"] * 3


def test_an_error_report_hides_the_draft(client, teacher, monkeypatch):
    """A crash while checking: Django's error report (what an admin email or Sentry gets) shows no draft."""
    from django.test import Client
    from django.views.debug import ExceptionReporter

    from socialsafe.postcheck import services

    reports = []

    def crash(**kwargs):
        import sys

        try:
            raise RuntimeError("the classifier is missing")
        except RuntimeError:
            reports.append(sys.exc_info())
            raise

    monkeypatch.setattr(services, "check_draft", crash)
    client = Client(raise_request_exception=False)
    client.force_login(teacher.user)
    holder = {}
    from django.core.signals import got_request_exception

    def keep(sender, request, **kw):
        holder["request"] = request

    got_request_exception.connect(keep)
    try:
        assert client.post(URL, {"text": "Zebedee Murphy"}).status_code == 500
    finally:
        got_request_exception.disconnect(keep)
    report = ExceptionReporter(holder["request"], *reports[0]).get_traceback_text()
    assert "Zebedee" not in report


def test_a_large_photo_is_never_written_to_the_servers_disk(client, teacher, settings, tmp_path):
    """Over FILE_UPLOAD_MAX_MEMORY_SIZE Django would spill an upload to a temporary file: not for a checked photo."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    (tmp_path / "uploads").mkdir()
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    client.force_login(teacher.user)
    spilled = []
    import tempfile

    original = tempfile.NamedTemporaryFile

    def watch(*args, **kwargs):
        f = original(*args, **kwargs)
        spilled.append(f.name)
        return f

    import django.core.files.temp as temp

    temp.NamedTemporaryFile, saved = watch, temp.NamedTemporaryFile
    try:
        photo = make_photo(size=(1600, 1200))
        assert len(photo) > 1024
        upload = SimpleUploadedFile("big.jpg", photo, content_type="image/jpeg")
        result = client.post(API, {"text": "", "photo": upload}).json()
    finally:
        temp.NamedTemporaryFile = saved
    assert result["photo"]["width"] == 1600
    assert not spilled and not list((tmp_path / "uploads").iterdir())
