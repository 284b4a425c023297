"""Issuing a letter from a case: choose, fill, edit, preview, issue; kept as PDF and Word with their hashes."""

import hashlib

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from socialsafe.audit.models import AuditEvent
from socialsafe.letters.models import Letter
from socialsafe.letters.tests.helpers import docx_text, pdf_text, template_of
from socialsafe.lib.tests.clock import in_letter

pytestmark = pytest.mark.django_db


def form_data(case, taker, **overrides):
    template = template_of(case.school)
    data = {
        "template": template.pk,
        "recipient": case.responsible_guardian_id,
        "recipient_name": "",
        "recipient_address": "4 Mill Road\nGlenmore",
        "names": "",
        "note_taker": taker.pk,
        "meeting_date": "",
        "subject": template.subject,
        "body": template.body,
        "action": "issue",
    }
    data.update(overrides)
    return data


def test_it_lists_the_letters_to_choose_from(client, principal, parent_case):
    client.force_login(principal.user)
    r = client.get(f"/letters/case/{parent_case.pk}/new/")
    assertContains(r, "Invitation to a meeting (the policy&#x27;s model letter)")
    assertContains(r, "Referral cover letter")


def test_the_form_starts_with_the_template_and_the_cases_parent(client, principal, parent_case, poster):
    client.force_login(principal.user)
    r = client.get(f"/letters/case/{parent_case.pk}/new/?kind=invitation")
    assertContains(r, f'<option value="{poster.pk}" selected>')
    assertContains(r, "It has been drawn to my attention")
    assertNotContains(r, "Issue the letter")  # preview first


def test_preview_shows_the_filled_letter_and_stores_nothing(client, principal, parent_case, note_taker):
    client.force_login(principal.user)
    r = client.post(f"/letters/case/{parent_case.pk}/new/", form_data(parent_case, note_taker, action="preview"))
    assertContains(r, "Dear Mrs Poster,")
    assertContains(r, f"comments online on WhatsApp on {in_letter(parent_case.occurred_at)}")
    assertContains(r, "My colleague Mr David Irvine (Vice-Principal) will be present")
    assertContains(r, "Issue the letter")
    assert not Letter.objects.exists()


def test_it_issues_the_letter_as_pdf_and_docx_on_the_timeline(client, principal, parent_case, note_taker):
    client.force_login(principal.user)
    body = template_of(parent_case.school).body.replace("in the first instance.", "in the first instance, please.")
    r = client.post(f"/letters/case/{parent_case.pk}/new/", form_data(parent_case, note_taker, body=body))
    letter = Letter.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/letters/{letter.pk}/"
    assert "in the first instance, please." in letter.text  # the edit is kept
    pdf, docx = letter.pdf.read(), letter.docx.read()
    assert pdf.startswith(b"%PDF-") and letter.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert letter.docx_sha256 == hashlib.sha256(docx).hexdigest()
    for text in (pdf_text(pdf), docx_text(docx)):
        assert "Dear Mrs Poster," in text
        assert "My colleague Mr David Irvine (Vice-Principal) will be present" in text
        assert "Mrs Ruth Patterson Principal" in text
        assert "Glenmore Primary School" in text and "1 School Lane" in text
        assert f"Our reference: {parent_case.reference}" in text
        assert "4 Mill Road" in text
    entry = parent_case.timeline.get(data__letter=letter.pk)
    assert letter.pdf_sha256 in entry.text and letter.docx_sha256 in entry.text
    assert AuditEvent.objects.filter(verb="letters.issued").count() == 1
    assertContains(client.get(f"/incidents/{parent_case.pk}/"), f'href="/letters/{letter.pk}/"')


def test_a_missing_merge_field_is_reported_and_nothing_is_issued(client, principal, parent_case, note_taker):
    client.force_login(principal.user)
    r = client.post(f"/letters/case/{parent_case.pk}/new/", form_data(parent_case, note_taker, note_taker=""))
    assertContains(r, "No value for the merge field {{ note_taker_name }}", status_code=400)
    assert not Letter.objects.exists()


def test_an_unknown_field_or_a_tag_in_the_edited_text_is_refused(client, principal, parent_case, note_taker):
    client.force_login(principal.user)
    for body, message in (
        ("Dear {{ parent }}", "Unknown merge field {{ parent }}"),
        ("{% if 1 %}x{% endif %}", "Only merge fields"),
    ):
        r = client.post(f"/letters/case/{parent_case.pk}/new/", form_data(parent_case, note_taker, body=body))
        assertContains(r, message, status_code=400)
    assert not Letter.objects.exists()


def test_the_notice_letter_needs_a_premises_entry(client, principal, parent_case, note_taker):
    client.force_login(principal.user)
    template = template_of(parent_case.school, "premises_notice")
    data = form_data(parent_case, note_taker, template=template.pk, subject=template.subject, body=template.body)
    r = client.post(f"/letters/case/{parent_case.pk}/new/", data)
    assertContains(r, "No value for the merge field {{ licence_start }}", status_code=400)


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"recipient": ""}, "Choose the parent or carer the letter is addressed to, or type a name."),
        ({"recipient": "99999"}, "Select a valid choice"),
        ({"note_taker": "99999"}, "Select a valid choice"),
        ({"subject": ""}, "Enter ‘Subject’."),
        ({"body": ""}, "Enter ‘The letter’."),
        ({"meeting_date": "soon"}, "Enter a real date."),
    ],
)
def test_it_refuses_bad_input(client, principal, parent_case, note_taker, bad, message):
    client.force_login(principal.user)
    r = client.post(f"/letters/case/{parent_case.pk}/new/", form_data(parent_case, note_taker, **bad))
    assertContains(r, message, status_code=400)
    assert not Letter.objects.exists()


def test_an_unknown_or_other_schools_template_is_404(client, principal, parent_case, note_taker, outsider):
    other = template_of(outsider.school)
    client.force_login(principal.user)
    assert client.get(f"/letters/case/{parent_case.pk}/new/?template={other.pk}").status_code == 404
    assert client.get(f"/letters/case/{parent_case.pk}/new/?kind=nonsense").status_code == 404
    r = client.post(f"/letters/case/{parent_case.pk}/new/", form_data(parent_case, note_taker, template=other.pk))
    assert r.status_code == 404


def test_a_letter_to_someone_else_by_name(client, principal, parent_case, note_taker):
    client.force_login(principal.user)
    template = template_of(parent_case.school, "referral_cover")
    data = form_data(
        parent_case,
        note_taker,
        recipient="",
        recipient_name="PSNI Antrim",
        template=template.pk,
        subject=template.subject,
        body=template.body,
    )
    assert client.post(f"/letters/case/{parent_case.pk}/new/", data).status_code == 302
    letter = Letter.objects.get()
    assert letter.recipient_name == "PSNI Antrim" and letter.text.startswith("Dear PSNI Antrim,")
    assert letter.subject == f"Referral: comments posted online (our reference {parent_case.reference})"


def test_only_those_who_manage_the_case_may_write(client, teacher, outsider, parent_case, note_taker):
    client.force_login(teacher.user)  # reported it: can see it, cannot manage it
    assert client.get(f"/letters/case/{parent_case.pk}/new/").status_code == 403
    assert client.post(f"/letters/case/{parent_case.pk}/new/", form_data(parent_case, note_taker)).status_code == 403
    client.force_login(outsider.user)
    assert client.get(f"/letters/case/{parent_case.pk}/new/").status_code == 404
    assert not Letter.objects.exists()


def test_wrong_method_is_405(client, principal, parent_case):
    client.force_login(principal.user)
    assert client.put(f"/letters/case/{parent_case.pk}/new/").status_code == 405


def test_the_notice_letter_from_the_premises_register(client, principal, parent_case, note_taker):
    from socialsafe.registers.tests.factories import make_ban

    ban = make_ban(parent_case, by=principal.user)
    client.force_login(principal.user)
    r = client.get(f"/letters/case/{parent_case.pk}/new/?kind=premises_notice&ban={ban.pk}")
    assertContains(r, f'<option value="{ban.pk}" selected>')
    template = template_of(parent_case.school, "premises_notice")
    data = form_data(
        parent_case, note_taker, template=template.pk, subject=template.subject, body=template.body, premises_ban=ban.pk
    )
    assert client.post(f"/letters/case/{parent_case.pk}/new/", data).status_code == 302
    letter = Letter.objects.get()
    assert letter.premises_ban == ban
    assert f"is revoked from {in_letter(ban.starts_on)} until {in_letter(ban.ends_on)}" in pdf_text(letter.pdf.read())
    assert f"This decision will be reviewed on {in_letter(ban.review_on)}." in letter.text


def test_the_form_lists_the_merge_fields(client, principal, parent_case):
    client.force_login(principal.user)
    r = client.get(f"/letters/case/{parent_case.pk}/new/?kind=invitation")
    assertContains(r, "<code>{{ note_taker_role }}</code>")
    assertContains(r, "Note-taker&#x27;s role")


def test_the_model_letters_alternatives_are_offered(client, principal, parent_case, note_taker):
    client.force_login(principal.user)
    page = client.get(f"/letters/case/{parent_case.pk}/new/?kind=invitation").content.decode()
    assert "The comments are about" in page and "me or the class teacher" in page
    r = client.post(f"/letters/case/{parent_case.pk}/new/", form_data(parent_case, note_taker, action="preview"))
    assertContains(r, "relating to an event you believe")  # the model letter's first choice, unless changed
    data = form_data(parent_case, note_taker, event_words="events", raise_with="me or the class teacher")
    client.post(f"/letters/case/{parent_case.pk}/new/", data)
    letter = Letter.objects.get()
    assert "relating to events you believe" in letter.text
    assert "raise them with me or the class teacher in the first instance" in letter.text
    r = client.post(f"/letters/case/{parent_case.pk}/new/", {**data, "event_words": "a riot", "action": "preview"})
    assert r.status_code == 400 and "Select a valid choice" in r.content.decode()
