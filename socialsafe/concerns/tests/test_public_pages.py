"""The school's public pages: its name and crest, the current policy and Code of Conduct, the newsletter item."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.utils.timezone import localdate
from PIL import Image
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from socialsafe.audit.models import AuditEvent
from socialsafe.audit.tests.helpers import token_in
from socialsafe.concerns.models import DocKind
from socialsafe.concerns.services import policy_version_publish
from socialsafe.incidents.rules import FAMILIES_TOLD
from socialsafe.schools.crest import school_crest_set

pytestmark = pytest.mark.django_db

PAGES = ["/s/glenmore/", "/s/glenmore/newsletter/", "/s/glenmore/online-safety/", "/s/glenmore/concern/"]


def image(kind: str = "PNG", size=(64, 48), exif: bool = False) -> bytes:
    out = io.BytesIO()
    picture = Image.new("RGB", size, (0, 90, 60))
    if exif:
        data = Image.Exif()
        data[0x010E] = "Taken in the Principal's garden"  # ImageDescription: must not survive
        picture.save(out, format=kind, exif=data)
    else:
        picture.save(out, format=kind)
    return out.getvalue()


def upload(data: bytes, name: str = "crest.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.fixture
def published(school, principal):
    today = localdate()
    policy_version_publish(
        school=school,
        kind=DocKind.SOCIAL_MEDIA,
        by=principal.user,
        label="1.0",
        published_on=today - dt.timedelta(days=10),
        text="OLD POLICY",
    )
    policy_version_publish(
        school=school,
        kind=DocKind.SOCIAL_MEDIA,
        by=principal.user,
        label="2.0",
        published_on=today,
        text="CURRENT POLICY TEXT",
    )
    policy_version_publish(
        school=school,
        kind=DocKind.SOCIAL_MEDIA,
        by=principal.user,
        label="3.0",
        published_on=today + dt.timedelta(days=7),
        text="FUTURE POLICY TEXT",
    )
    policy_version_publish(
        school=school,
        kind=DocKind.CODE_OF_CONDUCT,
        by=principal.user,
        label="1.0",
        published_on=today - dt.timedelta(days=30),
        text="CODE OF CONDUCT TEXT",
    )


def test_the_home_page_carries_the_schools_name_and_links_and_no_personal_data(client, school, published, principal):
    school.address, school.phone = "1 Main Street\nGlenmore", "028 9000 0000"
    school.save()
    r = client.get("/s/glenmore/")
    assertContains(r, "<title>Glenmore Primary School: social media and online safety</title>", html=False)
    links = (
        "/s/glenmore/policy/",
        "/s/glenmore/code-of-conduct/",
        "/s/glenmore/online-safety/",
        "/s/glenmore/welcome/",
    )
    for link in links:
        assertContains(r, f'href="{link}"')
    assertContains(r, 'href="/s/glenmore/accounts/"')
    assertContains(r, 'href="/s/glenmore/concern/"')
    assertContains(r, "1 Main Street")
    assertContains(r, "Powered by SocialSafe")
    assertNotContains(r, 'class="ss-header__product"')  # the school's name, not the product's, heads the page
    assertNotContains(r, principal.user.get_full_name())


def test_every_public_page_is_headed_by_the_school(client, school):
    for url in [*PAGES, "/s/glenmore/accounts/"]:
        r = client.get(url)
        assert r.status_code == 200, url
        assertContains(r, '<span class="ss-school-header__name">Glenmore Primary School</span>', html=False)


def test_an_unknown_school_is_a_plain_404(client, school, other_school):
    for url in ("/s/nowhere/", "/s/nowhere/policy/", "/s/nowhere/newsletter/", "/s/nowhere/crest.png"):
        r = client.get(url)
        assert r.status_code == 404
        assert b"glenmore" not in r.content.lower() and b"riverside" not in r.content.lower()


def test_the_policy_page_shows_the_version_in_force_never_a_future_one(client, published):
    r = client.get("/s/glenmore/policy/")
    assertContains(r, "CURRENT POLICY TEXT")
    assertContains(r, "Version 2.0")
    assertNotContains(r, "FUTURE POLICY TEXT")
    assertNotContains(r, "OLD POLICY")
    assertContains(client.get("/s/glenmore/code-of-conduct/"), "CODE OF CONDUCT TEXT")


def test_a_document_not_yet_published_is_a_404_and_the_home_page_says_so(client, school, principal):
    policy_version_publish(
        school=school,
        kind=DocKind.CODE_OF_CONDUCT,
        by=principal.user,
        label="1.0",
        published_on=localdate() + dt.timedelta(days=1),
        text="TOMORROW",
    )
    assert client.get("/s/glenmore/policy/").status_code == 404
    assert client.get("/s/glenmore/code-of-conduct/").status_code == 404
    r = client.get("/s/glenmore/")
    assertContains(r, 'id="not-yet"')
    assertNotContains(r, 'href="/s/glenmore/policy/"')


def test_the_newsletter_item_asks_families_to_read_and_gives_the_short_link(client, school):
    r = client.get("/s/glenmore/newsletter/")
    assertContains(r, "http://testserver/s/glenmore/")
    assertContains(r, "Social Media Policy")
    assertContains(r, "Code of Conduct")
    assertContains(r, "points to consider")
    assertContains(r, "css/public.css")  # the print rules: the item prints on its own
    for ask in FAMILIES_TOLD.asks:
        assertContains(r, ask)


def test_public_pages_write_nothing(client, school, published):
    before = AuditEvent.objects.count()
    for url in [*PAGES, "/s/glenmore/policy/"]:
        client.get(url)
    assert AuditEvent.objects.count() == before


# --- The crest ---


def crest_url() -> str:
    return "/concerns/public-pages/"


def test_the_principal_uploads_a_crest_and_it_is_served_reencoded_with_caching(client, school, principal):
    client.force_login(principal.user)
    r = client.post(crest_url(), {"crest": upload(image("JPEG", (900, 600), exif=True), "crest.jpg")})
    assertRedirects(r, crest_url(), fetch_redirect_response=False)
    school.refresh_from_db()
    assert school.crest.name.startswith("crests/glenmore-") and school.crest.name.endswith(".png")
    assert AuditEvent.objects.get(verb="school.crest_set").actor == principal.user
    client.logout()
    served = client.get("/s/glenmore/crest.png")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert "public" in served["Cache-Control"] and "max-age=86400" in served["Cache-Control"]
    stored = Image.open(io.BytesIO(served.content))
    assert stored.format == "PNG" and max(stored.size) == 400
    assert "Principal's garden" not in str(stored.info) and b"garden" not in served.content
    assert client.get("/s/glenmore/crest.png", headers={"If-None-Match": served["ETag"]}).status_code == 304
    assertContains(client.get("/s/glenmore/"), 'src="/s/glenmore/crest.png"')


def test_no_crest_is_a_404_and_the_header_shows_the_name_only(client, school):
    assert client.get("/s/glenmore/crest.png").status_code == 404
    assertNotContains(client.get("/s/glenmore/"), "crest.png")


@pytest.mark.parametrize(
    ("data", "name", "error"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "crest.svg", "SVG files"),
        (b'<?xml version="1.0"?><svg></svg>', "crest.png", "SVG files"),
        (b"GIF89a" + b"\x00" * 100, "crest.gif", "PNG or JPEG"),
        (b"not an image at all", "crest.png", "could not be read"),
        (image("PNG")[:40], "crest.png", "could not be read"),
        (b"\x89PNG" + b"\x00" * (1024 * 1024 + 1), "crest.png", "1 MB or smaller"),
        (b"", "crest.png", "empty"),
    ],
)
def test_a_bad_crest_is_refused_clearly_and_nothing_is_kept(client, school, principal, data, name, error):
    client.force_login(principal.user)
    r = client.post(crest_url(), {"crest": upload(data, name)})
    assertContains(r, error, status_code=400)
    assertContains(r, "There is a problem", status_code=400)
    school.refresh_from_db()
    assert not school.crest
    assert not AuditEvent.objects.filter(verb__startswith="school.crest").exists()


def test_no_file_is_refused(client, principal):
    client.force_login(principal.user)
    assertContains(client.post(crest_url(), {}), "Choose an image of the crest", status_code=400)


def test_uploading_twice_keeps_one_crest(client, school, principal):
    client.force_login(principal.user)
    token = token_in(client.get(crest_url()), crest_url())
    first = client.post(crest_url(), {"crest": upload(image()), "submission": token})
    second = client.post(crest_url(), {"crest": upload(image("PNG", (10, 10))), "submission": token})
    assert first.status_code == second.status_code == 302
    assert AuditEvent.objects.filter(verb="school.crest_set").count() == 1


def test_the_crest_can_be_removed(client, school, principal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        school_crest_set(school=school, by=principal.user, data=image())
    school.refresh_from_db()
    storage, name = school.crest.storage, school.crest.name
    client.force_login(principal.user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(crest_url(), {"remove": "1"}).status_code == 302
    school.refresh_from_db()
    assert not school.crest and not storage.exists(name)
    assert AuditEvent.objects.filter(verb="school.crest_removed").exists()


def test_the_page_gives_a_plain_links_snippet_without_script_or_frame(client, principal):
    client.force_login(principal.user)
    r = client.get(crest_url())
    html = r.content.decode()
    snippet = html.split('id="snippet-html"', 1)[1].split("</textarea>", 1)[0]
    assert "&lt;a href=&quot;http://testserver/s/glenmore/policy/&quot;&gt;" in snippet
    assert "script" not in snippet and "iframe" not in snippet
    assert r["X-Frame-Options"] == "DENY"
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("principal", 200),
        ("vice_principal", 200),
        ("designated_teacher", 403),
        ("teacher", 403),
        ("office", 403),
        ("governor", 403),
        ("parent", 403),
        ("officer", 403),
    ],
)
def test_only_the_schools_leaders_manage_the_public_pages(client, persona, code, request):
    client.force_login(request.getfixturevalue(persona).user)
    assert client.get(crest_url()).status_code == code
    r = client.post(crest_url(), {"crest": upload(image())})
    assert r.status_code == (302 if code == 200 else code)


def test_another_schools_principal_changes_only_their_own_crest(client, school, outsider):
    client.force_login(outsider.user)
    assertNotContains(client.get(crest_url()), "glenmore")
    client.post(crest_url(), {"crest": upload(image())})
    school.refresh_from_db()
    assert not school.crest


def test_it_takes_get_and_post_only(client, principal):
    client.force_login(principal.user)
    assert client.put(crest_url()).status_code == 405
