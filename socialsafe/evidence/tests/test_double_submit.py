"""A screenshot uploaded twice by a double click is kept once; the second upload leaves nothing behind."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from socialsafe.audit.tests.helpers import token_in
from socialsafe.evidence.storage import incoming_dir
from socialsafe.evidence.tests.helpers import metadata, screenshot

pytestmark = pytest.mark.django_db


def test_the_same_upload_twice_stores_one_item(client, principal, case):
    client.force_login(principal.user)
    token = token_in(client.get(f"/evidence/case/{case.pk}/add/"))
    png = screenshot()
    for _ in range(2):
        data = {**metadata(), "files": [SimpleUploadedFile("IMG_0001.PNG", png)], "submission": token}
        r = client.post(f"/evidence/case/{case.pk}/add/", data)
        assert r.status_code == 302 and r["Location"] == f"/incidents/{case.pk}/"
    assert case.evidence_items.count() == 1
    assert not list(incoming_dir().iterdir())  # the repeated upload's streamed file was discarded
