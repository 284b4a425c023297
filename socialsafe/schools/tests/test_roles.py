"""Roles that open case and child-protection records: granted only on the Roles page, never by a file or to oneself.

The office and the Vice-Principal hold the roster import; a staff file must not let them make themselves or anyone
else Principal, designated teacher or Chair, demote the real Principal, or hand an outside address an account.
"""

import datetime as dt
import re

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from socialsafe.audit.models import AuditEvent
from socialsafe.schools.models import Member, MemberRole
from socialsafe.schools.roles import Role
from socialsafe.schools.services import RosterRejected, roster_import

pytestmark = pytest.mark.django_db

HEADER = "title,first_name,last_name,email,job_title,roles,class\n"


def staff_file(*rows: str) -> bytes:
    return (HEADER + "".join(f"{row}\n" for row in rows)).encode()


def post_import(client, data: bytes):
    upload = SimpleUploadedFile("staff.csv", data, content_type="text/csv")
    return client.post("/school/import/", {"kind": "staff", "file": upload})


def roles_of(email: str) -> set[str]:
    return set(MemberRole.objects.filter(member__user__email=email).values_list("role", flat=True))


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("Ms,Eve,Intruder,eve@outside.example,DT,designated teacher,", "give the role of Designated teacher"),
        ("Ms,Eve,Intruder,eve@outside.example,,Vice-Principal,", "give the role of Vice-Principal"),
        ("Ms,Eve,Intruder,eve@outside.example,,deputy designated teacher,", "Deputy designated teacher"),
        ("Ms,Eve,Intruder,eve@outside.example,,Chair of Governors,", "give the role of Chair of Governors"),
    ],
)
def test_it_refuses_a_staff_file_that_gives_a_privileged_role(client, office, principal, row, words):
    client.force_login(office.user)
    before = Member.objects.count()
    r = post_import(client, staff_file("Mr,Conor,Burns,conor@example.com,,class teacher,", row))
    assert r.status_code == 400
    assert "Nothing was imported" in r.content.decode()
    assert words in r.content.decode()
    assert "line 3" in r.content.decode().lower() or ">3<" in r.content.decode()
    assert Member.objects.count() == before  # not even the clean row
    assert not AuditEvent.objects.filter(verb__startswith="roster.imported").exists()
    assert len(mail.outbox) == 0


def test_it_refuses_a_file_that_makes_the_importer_principal(client, office, principal):
    client.force_login(office.user)
    r = post_import(client, staff_file("Mrs,Olive,Office,office@example.com,,office; Principal,"))
    assert r.status_code == 400
    html = r.content.decode()
    assert "nobody can change their own" in html
    assert "give the role of Principal" in html
    assert roles_of("office@example.com") == {Role.OFFICE}


def test_it_refuses_a_file_that_demotes_the_principal_or_moves_the_chair(office, principal, chair):
    data = staff_file(
        "Mrs,Ruth,Patterson,principal@example.com,,class teacher,",
        "Mr,New,Chair,newchair@example.com,,Chair of Governors,",
        "Mr,Old,Chair,chair@example.com,,governor,",
    )
    with pytest.raises(RosterRejected) as info:
        roster_import(school=office.school, kind="staff", data=data, by=office.user)
    errors = {e.line: e.message for e in info.value.checked.errors}
    assert "take away the role of Principal" in errors[2]
    assert "give the role of Chair of Governors" in errors[3]
    assert "take away the role of Chair of Governors" in errors[4]
    assert roles_of("principal@example.com") == {Role.PRINCIPAL}
    assert roles_of("chair@example.com") == {Role.CHAIR_OF_GOVERNORS}


def test_it_accepts_a_file_that_keeps_the_privileged_roles_as_they_are(office, principal):
    data = staff_file(
        "Mrs,Ruth,Patterson,principal@example.com,Principal,Principal,",
        "Mr,Conor,Burns,conor@example.com,P4 teacher,class teacher; ICT co-ordinator,",
    )
    summary = roster_import(school=office.school, kind="staff", data=data, by=office.user)
    assert (summary.created, summary.updated) == (1, 1)
    assert roles_of("principal@example.com") == {Role.PRINCIPAL}


def test_the_command_line_import_refuses_privileged_roles_too(school, tmp_path, capsys):
    path = tmp_path / "staff.csv"
    path.write_bytes(staff_file("Mrs,Ruth,Patterson,ruth@example.com,,Principal,"))
    with pytest.raises(SystemExit):
        call_command("import_roster", "--school", school.slug, "--kind", "staff", str(path))
    assert "give the role of Principal" in capsys.readouterr().err
    assert not Member.objects.exists()


def test_an_import_audits_each_role_change_with_before_and_after(office, teacher):
    data = staff_file("Mr,Tom,Teacher,teacher@example.com,,class teacher; ICT co-ordinator,")
    roster_import(school=office.school, kind="staff", data=data, by=office.user)
    event = AuditEvent.objects.get(verb="member.roles_changed")
    assert event.actor == office.user
    assert event.target_id == str(teacher.member.pk)
    assert event.data["before"] == [Role.CLASS_TEACHER]
    assert event.data["after"] == [Role.CLASS_TEACHER, Role.ICT_COORDINATOR]
    assert event.data["via"] == "roster import"


def _link(message) -> str:
    return re.search(r"https?://\S+/password-reset/\S+/", message.body).group(0)


def test_a_new_account_opens_nothing_until_its_owner_accepts_the_invitation(
    client, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        summary = roster_import(
            school=office.school,
            kind="staff",
            data=staff_file("Ms,Nora,New,nora@example.com,,class teacher,"),
            by=office.user,
        )
    assert summary.invited == 1
    nora = Member.objects.get(user__email="nora@example.com")
    assert not nora.user.has_usable_password()
    assert nora.invited_at is not None
    assert AuditEvent.objects.filter(verb="member.invited", target_id=str(nora.pk)).exists()
    (invite,) = mail.outbox
    assert invite.to == ["nora@example.com"]
    assert "works for 24 hours" in invite.body

    # "Forgotten your password?" does not hand over an account that has never been claimed.
    mail.outbox.clear()
    client.post("/accounts/password-reset/", {"email": "nora@example.com"})
    assert mail.outbox == []

    link = _link(invite).split("://", 1)[1].split("/", 1)[1]
    r = client.get("/" + link, follow=True)
    r = client.post(
        r.redirect_chain[-1][0], {"new_password1": "a long new passphrase", "new_password2": "a long new passphrase"}
    )
    assert r.status_code == 302
    assert authenticate(username="nora@example.com", password="a long new passphrase") is not None


def test_an_invitation_link_expires_within_48_hours(client, office, time_machine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        roster_import(
            school=office.school, kind="staff", data=staff_file("Ms,Nora,New,nora@example.com,,staff,"), by=office.user
        )
    link = _link(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]
    time_machine.move_to(dt.datetime.now(dt.UTC) + dt.timedelta(hours=48, minutes=1))
    r = client.get("/" + link, follow=True)
    assert "link" in r.content.decode().lower()
    assert not Member.objects.get(user__email="nora@example.com").user.has_usable_password()
    assert b'name="new_password1"' not in r.content


def test_the_office_can_send_a_new_invitation(client, office, django_capture_on_commit_callbacks):
    roster_import(
        school=office.school, kind="staff", data=staff_file("Ms,Nora,New,nora@example.com,,staff,"), by=office.user
    )
    nora = Member.objects.get(user__email="nora@example.com")
    client.force_login(office.user)
    assert "Send a new invitation" in client.get("/school/people/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/school/people/{nora.pk}/invite/")
    assert r.status_code == 302
    assert mail.outbox[-1].to == ["nora@example.com"]
    assert AuditEvent.objects.filter(verb="member.invited", target_id=str(nora.pk)).count() == 2


def test_an_invitation_is_refused_for_an_account_that_has_a_password(client, office, teacher):
    client.force_login(office.user)
    r = client.post(f"/school/people/{teacher.member.pk}/invite/", follow=True)
    assert "already chosen a password" in r.content.decode()
    assert mail.outbox == []


def test_only_the_roster_keepers_send_invitations(client, teacher, outsider, office):
    client.force_login(teacher.user)
    assert client.post(f"/school/people/{office.member.pk}/invite/").status_code == 403
    client.force_login(outsider.user)
    assert client.post(f"/school/people/{office.member.pk}/invite/").status_code == 404
    client.force_login(office.user)
    assert client.get(f"/school/people/{office.member.pk}/invite/").status_code == 405


# --- The Roles page ---


def roles_url(member) -> str:
    return reverse("schools:member_roles", args=[member.pk])


def test_the_principal_gives_a_teacher_the_designated_role(
    client, principal, teacher, django_capture_on_commit_callbacks
):
    client.force_login(principal.user)
    page = client.get(roles_url(teacher.member)).content.decode()
    assert "Opens case records." in page
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(roles_url(teacher.member), {"roles": [Role.CLASS_TEACHER, Role.DESIGNATED_TEACHER]})
    assert r.status_code == 302
    assert roles_of("teacher@example.com") == {Role.CLASS_TEACHER, Role.DESIGNATED_TEACHER}
    event = AuditEvent.objects.get(verb="member.roles_changed")
    assert (event.actor, event.target_id) == (principal.user, str(teacher.member.pk))
    assert event.data["before"] == [Role.CLASS_TEACHER]
    assert event.data["after"] == [Role.DESIGNATED_TEACHER, Role.CLASS_TEACHER]
    assert event.data["added"] == [Role.DESIGNATED_TEACHER]
    (notice,) = mail.outbox
    assert notice.to == ["teacher@example.com"] and "Designated teacher" in notice.body
    assert "given Designated teacher" in client.get(roles_url(teacher.member)).content.decode()


def test_a_second_post_of_the_same_roles_changes_nothing(client, principal, teacher):
    client.force_login(principal.user)
    data = {"roles": [Role.CLASS_TEACHER, Role.DESIGNATED_TEACHER]}
    client.post(roles_url(teacher.member), data)
    r = client.post(roles_url(teacher.member), data, follow=True)
    assert "are unchanged" in r.content.decode()
    assert AuditEvent.objects.filter(verb="member.roles_changed").count() == 1


def test_nobody_can_change_their_own_roles(client, principal):
    client.force_login(principal.user)
    page = client.get(roles_url(principal.member)).content.decode()
    assert "These are your own roles" in page and 'name="roles"' not in page
    r = client.post(roles_url(principal.member), {"roles": [Role.PRINCIPAL, Role.CHAIR_OF_GOVERNORS]})
    assert r.status_code == 400
    assert "Nobody can change their own roles" in r.content.decode()
    assert roles_of("principal@example.com") == {Role.PRINCIPAL}
    assert not AuditEvent.objects.filter(verb="member.roles_changed").exists()


def test_the_service_refuses_a_change_to_ones_own_roles(principal):
    from django.core.exceptions import ValidationError

    from socialsafe.schools.services import member_roles_set

    with pytest.raises(ValidationError, match="their own roles"):
        member_roles_set(
            member=principal.member, roles={Role.PRINCIPAL, Role.OFFICE}, by=principal.user, by_roles=principal_roles()
        )


def principal_roles() -> frozenset[str]:
    return frozenset({Role.PRINCIPAL})


def test_the_principal_cannot_change_who_is_principal(client, principal, vice_principal):
    client.force_login(principal.user)
    page = client.get(roles_url(vice_principal.member)).content.decode()
    assert 'value="principal"' not in page
    client.post(roles_url(vice_principal.member), {"roles": [Role.VICE_PRINCIPAL, Role.PRINCIPAL]})
    assert roles_of("vp@example.com") == {Role.VICE_PRINCIPAL}  # the box was not offered, so it is ignored


def test_the_chair_changes_the_principals_role_and_only_that(client, principal, vice_principal, chair):
    client.force_login(chair.user)
    r = client.post(roles_url(vice_principal.member), {"roles": [Role.PRINCIPAL]})
    assert r.status_code == 400
    assert "is the Principal: take the role from them first" in r.content.decode()
    assert roles_of("vp@example.com") == {Role.VICE_PRINCIPAL}

    assert client.post(roles_url(principal.member), {"roles": []}).status_code == 400  # one role at least
    principal_member = principal.member
    MemberRole.objects.create(member=principal_member, role=Role.CLASS_TEACHER)
    assert client.post(roles_url(principal_member), {"roles": []}).status_code == 302
    assert roles_of("principal@example.com") == {Role.CLASS_TEACHER}
    assert client.post(roles_url(vice_principal.member), {"roles": [Role.PRINCIPAL]}).status_code == 302
    assert roles_of("vp@example.com") == {Role.VICE_PRINCIPAL, Role.PRINCIPAL}
    # The Chair cannot give the other roles: designated teacher is not offered to them.
    client.post(roles_url(vice_principal.member), {"roles": [Role.PRINCIPAL, Role.DESIGNATED_TEACHER]})
    assert Role.DESIGNATED_TEACHER not in roles_of("vp@example.com")


@pytest.mark.parametrize("persona", ["vice_principal", "office", "designated_teacher", "teacher", "governor"])
def test_other_roles_cannot_open_the_roles_page(client, request, persona, principal):
    person = request.getfixturevalue(persona)
    client.force_login(person.user)
    assert client.get(roles_url(principal.member)).status_code == 403
    assert client.post(roles_url(principal.member), {"roles": []}).status_code == 403
    assert roles_of("principal@example.com") == {Role.PRINCIPAL}


def test_another_schools_member_is_not_found(client, outsider, teacher):
    client.force_login(outsider.user)
    assert client.get(roles_url(teacher.member)).status_code == 404


def test_the_roles_page_refuses_other_methods(client, principal, teacher):
    client.force_login(principal.user)
    assert client.put(roles_url(teacher.member)).status_code == 405


def test_an_unknown_role_is_refused(client, principal, teacher):
    client.force_login(principal.user)
    r = client.post(roles_url(teacher.member), {"roles": ["superuser"]})
    assert r.status_code == 400
    assert roles_of("teacher@example.com") == {Role.CLASS_TEACHER}


def test_the_back_office_shows_roles_without_changing_them(client, office):
    office.user.is_staff = True
    office.user.save()
    client.force_login(office.user)
    r = client.get(f"/admin/schools/member/{office.member.pk}/change/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Office staff" in html  # shown
    assert 'name="roles-0-role"' not in html and 'name="roles-__prefix__-role"' not in html  # not changeable
    assert 'name="user"' not in html  # the sign-in behind a member cannot be swapped either


def test_the_back_office_cannot_switch_a_privileged_member_back_on(client, office, designated_teacher):
    office.user.is_staff = True
    office.user.save()
    client.force_login(office.user)
    html = client.get(f"/admin/schools/member/{designated_teacher.member.pk}/change/").content.decode()
    assert 'name="is_active"' not in html
    html = client.get(f"/admin/schools/member/{office.member.pk}/change/").content.decode()
    assert 'name="is_active"' in html


def test_set_role_gives_a_new_school_its_first_principal(school, office, capsys):
    call_command("set_role", "--school", school.slug, "--email", "office@example.com", "--role", "principal")
    assert roles_of("office@example.com") == {Role.OFFICE, Role.PRINCIPAL}
    event = AuditEvent.objects.get(verb="member.roles_changed")
    assert event.actor is None and event.data["via"] == "command line"
    with pytest.raises(CommandError, match="not a member"):
        call_command("set_role", "--school", school.slug, "--email", "nobody@example.com", "--role", "principal")
