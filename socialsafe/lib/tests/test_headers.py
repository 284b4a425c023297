"""Responses to signed-in people are never stored by a browser or proxy; the back office's sign-in page works."""

import pytest

pytestmark = pytest.mark.django_db


def test_signed_in_pages_and_downloads_are_not_stored(client, principal, case):
    client.force_login(principal.user)
    for url in ("/", f"/incidents/{case.pk}/", f"/incidents/{case.pk}/chronology.csv", "/audit/"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert "no-store" in r["Cache-Control"] and "private" in r["Cache-Control"], url
    # A refusal to someone signed in is not stored either.
    assert "no-store" in client.get("/incidents/999999/")["Cache-Control"]


def test_the_back_office_sign_in_page_answers_an_anonymous_visitor(client):
    # The back office signs in through SocialSafe's own pages (their limits and the second factor).
    for method in (client.get, client.post):
        r = method("/admin/login/")
        assert r.status_code == 302 and r["Location"] == "/accounts/sign-in/?next=%2Fadmin%2F"
    assert client.get(r["Location"]).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_every_page_sends_the_browser_protections(client, principal):
    client.force_login(principal.user)
    r = client.get("/")
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["X-Frame-Options"] == "DENY"
    assert r["Referrer-Policy"] == "same-origin"
    assert r["Cross-Origin-Opener-Policy"] == "same-origin"
