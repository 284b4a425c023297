"""Photo consent per child, set by a linked parent, every change kept; staff see the answers for their pupils."""

import pytest

from socialsafe.audit.models import AuditEvent
from socialsafe.concerns.models import AppendOnlyError, PhotoConsent
from socialsafe.schools.models import GuardianLink, SchoolClass
from socialsafe.schools.tests.factories import PupilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(parent):
    pupil = parent.guardian.pupils.get()
    pupil.last_name = "Quillfeather"  # a name no other made-up person on the page can contain
    pupil.save(update_fields=["last_name"])
    return pupil


def test_a_parent_sets_consent_and_every_change_is_kept(client, parent, child):
    client.force_login(parent.user)
    html = client.get("/concerns/consent/").content.decode()
    assert child.full_name in html and "Not answered" in html
    assert "not to post photos or videos of other children" in html
    assert client.post(f"/concerns/consent/{child.pk}/", {f"c{child.pk}-may_publish": "yes"}).status_code == 302
    assert client.post(f"/concerns/consent/{child.pk}/", {f"c{child.pk}-may_publish": "no"}).status_code == 302
    answers = list(PhotoConsent.objects.filter(pupil=child).order_by("id").values_list("may_publish", flat=True))
    assert answers == [True, False]
    html = client.get("/concerns/consent/").content.decode()
    assert "The school may not publish" in html
    assert AuditEvent.objects.filter(verb="consent.photo_set").count() == 2


@pytest.mark.parametrize("value", ["", "maybe", "YES"])
def test_a_bad_answer_is_refused(client, parent, child, value):
    client.force_login(parent.user)
    assert client.post(f"/concerns/consent/{child.pk}/", {f"c{child.pk}-may_publish": value}).status_code == 400
    assert not PhotoConsent.objects.exists()


def test_a_parent_cannot_set_it_for_another_child(client, parent, school, outsider):
    stranger = PupilFactory(school=school)
    client.force_login(parent.user)
    assert client.post(f"/concerns/consent/{stranger.pk}/", {f"c{stranger.pk}-may_publish": "yes"}).status_code == 404
    assert not PhotoConsent.objects.exists()


def test_only_those_with_parental_responsibility_may_set_it(client, parent, child):
    GuardianLink.objects.filter(guardian=parent.guardian).update(parental_responsibility=False)
    client.force_login(parent.user)
    r = client.post(f"/concerns/consent/{child.pk}/", {f"c{child.pk}-may_publish": "yes"})
    assert r.status_code == 400 and "parental responsibility" in r.content.decode()
    assert not PhotoConsent.objects.exists()


def test_staff_may_not_set_it(client, principal, child):
    client.force_login(principal.user)
    assert client.post(f"/concerns/consent/{child.pk}/", {f"c{child.pk}-may_publish": "yes"}).status_code == 403


def test_staff_see_the_answers_for_the_pupils_they_may_see(client, parent, child, teacher, principal, school):
    p4 = SchoolClass.objects.get(school=school, name="P4")
    in_p4 = PupilFactory(school=school, school_class=p4, first_name="Rory", last_name="Teacherson")
    client.force_login(parent.user)
    client.post(f"/concerns/consent/{child.pk}/", {f"c{child.pk}-may_publish": "no"})
    client.force_login(principal.user)
    html = client.get("/concerns/consent/school/").content.decode()
    assert child.last_name in html and "Teacherson" in html
    assert child.last_name in client.get("/concerns/consent/school/?show=no").content.decode()
    assert child.last_name not in client.get("/concerns/consent/school/?show=unknown").content.decode()
    client.force_login(teacher.user)
    html = client.get("/concerns/consent/school/").content.decode()
    assert in_p4.last_name in html and child.last_name not in html  # a class teacher: their own class only


@pytest.mark.parametrize("persona", ["parent", "chair", "staff"])
def test_the_list_is_for_staff_who_need_it(client, persona, request):
    client.force_login(request.getfixturevalue(persona).user)
    assert client.get("/concerns/consent/school/").status_code == 403


def test_the_list_never_shows_another_school(client, outsider, child):
    client.force_login(outsider.user)
    assert child.last_name not in client.get("/concerns/consent/school/").content.decode()


def test_consent_rows_are_append_only(client, parent, child):
    client.force_login(parent.user)
    client.post(f"/concerns/consent/{child.pk}/", {f"c{child.pk}-may_publish": "yes"})
    row = PhotoConsent.objects.get()
    row.may_publish = False
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        PhotoConsent.objects.update(may_publish=False)


def test_set_only_answers_post(client, parent, child):
    client.force_login(parent.user)
    assert client.get(f"/concerns/consent/{child.pk}/").status_code == 405
