"""Revoking a licence to enter the premises from a case; lifting it early."""

import datetime as dt

import pytest
from django.utils.timezone import localdate
from pytest_django.asserts import assertContains, assertRedirects

from socialsafe.audit.models import AuditEvent
from socialsafe.lib.tests.clock import days_ago, days_ahead, iso, midday, shown
from socialsafe.registers.models import PremisesBan, PremisesStatus
from socialsafe.registers.tests.factories import make_ban

pytestmark = pytest.mark.django_db


def good() -> dict:
    """A bar that started eight days ago and runs 123 days (never short of four months), reviewed 28 days before."""
    starts_on = days_ago(8)
    ends_on = starts_on + dt.timedelta(days=123)
    return {
        "reason": "Malicious comments",
        "starts_on": iso(starts_on),
        "ends_on": iso(ends_on),
        "review_on": iso(ends_on - dt.timedelta(days=28)),
    }


def test_it_revokes_the_licence_and_writes_the_case_timeline(client, principal, parent_case, poster):
    client.force_login(principal.user)
    data = good()
    r = client.post(f"/registers/premises/case/{parent_case.pk}/new/", {**data, "guardian": poster.pk})
    ban = PremisesBan.objects.get()
    starts_on, ends_on = dt.date.fromisoformat(data["starts_on"]), dt.date.fromisoformat(data["ends_on"])
    assertRedirects(r, f"/registers/premises/{ban.pk}/", fetch_redirect_response=False)
    assert (ban.guardian, ban.incident, ban.school) == (poster, parent_case, parent_case.school)
    entry = parent_case.timeline.get(data__register="premises")
    assert (
        f"Licence to enter the premises revoked: Mrs Dana Poster, from {shown(starts_on)} until {shown(ends_on)}"
        in entry.text
    )
    assert AuditEvent.objects.filter(verb="registers.premises_revoked").count() == 1
    page = client.get(f"/registers/premises/{ban.pk}/")
    assertContains(page, f'href="/incidents/{parent_case.pk}/"')
    assertContains(page, shown(ends_on))
    assert AuditEvent.objects.filter(verb="registers.premises_viewed", actor=principal.user).count() == 1


def test_the_form_starts_with_the_case_parent_and_four_months(client, principal, parent_case, poster):
    client.force_login(principal.user)
    r = client.get(f"/registers/premises/case/{parent_case.pk}/new/")
    assertContains(r, f'<option value="{poster.pk}" selected>')


def test_it_accepts_a_free_text_name(client, principal, parent_case):
    client.force_login(principal.user)
    r = client.post(f"/registers/premises/case/{parent_case.pk}/new/", {**good(), "person_name": "Sam Uncle"})
    assert r.status_code == 302
    assert PremisesBan.objects.get().name == "Sam Uncle"


@pytest.mark.parametrize(
    "bad, message",
    [
        ({}, "Choose a parent or carer, or type the name of someone else (not both)."),
        ({"person_name": "Sam Uncle", "guardian": "POSTER"}, "not both"),
        ({"person_name": "Sam", "review_on": iso(days_ahead(200))}, "The review date must fall between"),
        ({"person_name": "Sam", "starts_on": "not a date"}, "Enter a real date"),
        ({"person_name": "Sam", "reason": ""}, "Enter ‘Reason’."),
        ({"guardian": "999999"}, "Select a valid choice"),
    ],
)
def test_it_refuses_bad_input(client, principal, parent_case, poster, bad, message):
    client.force_login(principal.user)
    data = {**good(), **{k: (poster.pk if v == "POSTER" else v) for k, v in bad.items()}}
    r = client.post(f"/registers/premises/case/{parent_case.pk}/new/", data)
    assert r.status_code == 400
    assertContains(r, message, status_code=400)
    assert not PremisesBan.objects.exists()


def test_someone_who_sees_but_does_not_manage_the_case_gets_403(client, teacher, parent_case, poster):
    client.force_login(teacher.user)  # the reporter: sees the case, cannot manage it
    assert client.get(f"/registers/premises/case/{parent_case.pk}/new/").status_code == 403
    assert (
        client.post(f"/registers/premises/case/{parent_case.pk}/new/", {**good(), "guardian": poster.pk}).status_code
        == 403
    )
    assert client.get("/registers/premises/").status_code == 403


def test_another_schools_case_and_bar_are_404(client, outsider, principal, parent_case):
    ban = make_ban(parent_case, by=principal.user)
    client.force_login(outsider.user)
    assert client.get(f"/registers/premises/case/{parent_case.pk}/new/").status_code == 404
    assert client.get(f"/registers/premises/{ban.pk}/").status_code == 404
    assert client.post(f"/registers/premises/{ban.pk}/lift/", {"reason": "x"}).status_code == 404
    assert "Poster" not in client.get("/registers/premises/").content.decode()


def test_wrong_methods_are_405(client, principal, parent_case):
    ban = make_ban(parent_case, by=principal.user)
    client.force_login(principal.user)
    assert client.get(f"/registers/premises/{ban.pk}/lift/").status_code == 405
    assert client.post(f"/registers/premises/{ban.pk}/").status_code == 405
    assert client.put(f"/registers/premises/case/{parent_case.pk}/new/").status_code == 405


def test_it_lifts_a_bar_early_with_a_reason(client, principal, parent_case, time_machine):
    time_machine.move_to(midday(localdate()))  # the day is known: nowhere near midnight
    ban = make_ban(parent_case, by=principal.user)
    client.force_login(principal.user)
    assert client.post(f"/registers/premises/{ban.pk}/lift/", {"reason": ""}).status_code == 400
    r = client.post(f"/registers/premises/{ban.pk}/lift/", {"reason": "Apology accepted by the Governors."})
    assert r.status_code == 302
    ban.refresh_from_db()
    assert ban.status == PremisesStatus.LIFTED and ban.lifted_on == localdate()
    assert parent_case.timeline.filter(text__contains="restored early").exists()
    r = client.post(f"/registers/premises/{ban.pk}/lift/", {"reason": "Again"})
    assertContains(r, "no longer in force", status_code=400)


def test_the_register_lists_bars_with_their_case(client, principal, parent_case):
    make_ban(parent_case, by=principal.user)
    client.force_login(principal.user)
    r = client.get("/registers/premises/")
    assertContains(r, "Mrs Dana Poster")
    assertContains(r, parent_case.reference)


def test_the_register_lists_the_bars_due_for_review_or_ending_as_the_dashboard_counts_them(client, principal, school):
    """The dashboard's two figures link here with ?due=review and ?due=ending; each list holds what it counted."""
    import datetime as dt

    from django.utils.timezone import localdate

    from socialsafe.incidents.tests.factories import IncidentFactory
    from socialsafe.registers.models import PremisesBan

    today = localdate()

    def bar(name, review_in, ends_in):
        return PremisesBan.objects.create(
            school=school,
            incident=IncidentFactory(school=school),
            person_name=name,
            starts_on=today - dt.timedelta(days=100),
            ends_on=today + dt.timedelta(days=ends_in),
            review_on=today + dt.timedelta(days=review_in),
            created_by=principal.user,
        )

    bar("Review soon", review_in=3, ends_in=60)
    bar("Ends soon", review_in=40, ends_in=10)
    bar("Neither", review_in=40, ends_in=60)
    client.force_login(principal.user)
    review = client.get("/registers/premises/", {"due": "review"}).text
    ending = client.get("/registers/premises/", {"due": "ending"}).text
    every = client.get("/registers/premises/", {"due": "junk"}).text
    assert "Review soon" in review and "Ends soon" not in review and "Neither" not in review
    assert "Ends soon" in ending and "Review soon" not in ending
    assert all(name in every for name in ("Review soon", "Ends soon", "Neither"))
    home = client.get("/").text
    assert 'href="/registers/premises/?due=review"' in home and 'href="/registers/premises/?due=ending"' in home
