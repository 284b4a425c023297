"""A screenshot uploaded twice by a double click is kept once; the second upload leaves nothing behind."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.timezone import localtime

from socialsafe.audit.tests.helpers import token_in
from socialsafe.evidence.storage import incoming_dir
from socialsafe.evidence.tests.helpers import screenshot

pytestmark = pytest.mark.django_db


def test_the_same_upload_twice_stores_one_item(client, principal, case):
    client.force_login(principal.user)
    token = token_in(client.get(f"/evidence/case/{case.pk}/add/"))
    when = localtime() - dt.timedelta(days=1)
    png = screenshot()
    for _ in range(2):
        r = client.post(
            f"/evidence/case/{case.pk}/add/",
            {
                "posted_on": when.date().isoformat(),
                "posted_time": "09:00",
                "captured_on": when.date().isoformat(),
                "captured_time": "10:00",
                "captured_by": "Ruth Patterson",
                "platform": "whatsapp",
                "url": "",
                "author_shown": "Mum of twins",
                "grounds": "Threats against a member of staff; needed for the school's response.",
                "files": [SimpleUploadedFile("IMG_0001.PNG", png)],
                "submission": token,
            },
        )
        assert r.status_code == 302 and r["Location"] == f"/incidents/{case.pk}/"
    assert case.evidence_items.count() == 1
    assert not list(incoming_dir().iterdir())  # the repeated upload's streamed file was discarded
