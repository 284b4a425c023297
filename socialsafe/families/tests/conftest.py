import pytest
from django.utils.timezone import localdate

from socialsafe.concerns.models import DocKind
from socialsafe.concerns.services import policy_version_publish


@pytest.fixture
def policies(principal):
    """The school's Social Media Policy and Parents' Code of Conduct, published today."""
    return [
        policy_version_publish(
            school=principal.school, kind=kind, by=principal.user, label="1.0", published_on=localdate(), text=text
        )
        for kind, text in (
            (DocKind.SOCIAL_MEDIA, "Parents/carers are made aware of their responsibilities."),
            (DocKind.CODE_OF_CONDUCT, "Parents are asked to be courteous online and offline."),
        )
    ]
