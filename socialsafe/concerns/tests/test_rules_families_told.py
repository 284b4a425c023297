"""FAMILIES_TOLD in incidents/rules.py: the policy's words, and the public pages and newsletter that follow them."""

from pathlib import Path

from django.conf import settings

from socialsafe.concerns.models import DocKind
from socialsafe.incidents.rules import FAMILIES_TOLD

POLICY = Path(settings.BASE_DIR).parent / "shared" / "policy" / "social-media-policy.txt"


def _policy_text() -> str:
    # The policy lives beside the repository on the team's machines; in a bare checkout the quotes are checked by
    # their shape only.
    return POLICY.read_text(encoding="utf-8") if POLICY.exists() else ""


def test_families_told_by_website_and_newsletter_quotes_the_policy():
    text = _policy_text()
    for quote in (FAMILIES_TOLD.clause, *FAMILIES_TOLD.asks):
        assert quote.startswith("Parents/carers") and quote.endswith(".")
        if text:
            assert quote in " ".join(text.split()), quote


def test_families_told_names_the_documents_the_public_pages_show():
    assert set(FAMILIES_TOLD.documents) == {DocKind.SOCIAL_MEDIA, DocKind.CODE_OF_CONDUCT}
    assert FAMILIES_TOLD.channels == ("website", "newsletter")
