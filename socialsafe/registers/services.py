"""Every change to the registers: atomic, audited, and written on the timeline of the case it comes from."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.timezone import localdate, localtime, now

from socialsafe.audit.services import audit_record
from socialsafe.incidents import rules
from socialsafe.incidents.access import whole_file_incidents
from socialsafe.incidents.models import Entry, Incident, Kind, Platform, ResponsibleKind, TargetKind
from socialsafe.incidents.services import (
    actions_fulfil,
    ict_ban_record,
    incident_report,
    premises_bar_record,
    timeline_add,
)
from socialsafe.lib.mail import from_school
from socialsafe.registers.models import (
    AccountReport,
    AccountReportStatus,
    AccountStatus,
    IctBan,
    PremisesBan,
    PublicPost,
    TeachingAccount,
)
from socialsafe.schools.access import roles_for_user
from socialsafe.schools.models import Member, School
from socialsafe.schools.roles import Role

# A public form takes at most this many posts an hour from one address.
PUBLIC_POSTS_PER_HOUR = 5
REVIEW_REMINDER_DAYS = 14
END_REMINDER_DAYS = 14


def _d(day: dt.date | None) -> str:
    return f"{day:%-d %b %Y}" if day else "no date set"


@transaction.atomic
def premises_ban_create(*, incident: Incident, by, fields: dict[str, Any]) -> PremisesBan:
    """Revoke someone's licence to enter the premises (at least four months), on the case's timeline."""
    ban = PremisesBan(school=incident.school, incident=incident, created_by=by, **fields)
    ban.full_clean()
    ban.save()
    timeline_add(
        incident=incident,
        by=by,
        kind=Entry.NOTE,
        text=f"Licence to enter the premises revoked: {ban.name}, from {_d(ban.starts_on)} until {_d(ban.ends_on)}"
        f" (review on {_d(ban.review_on)}).",
        data={"register": "premises", "id": ban.pk},
    )
    audit_record(actor=by, verb="registers.premises_revoked", target=ban, school=incident.school)
    actions_fulfil(incident=incident, by=by, record=rules.PREMISES_BARRED, data=premises_bar_record(ban))
    return ban


@transaction.atomic
def premises_ban_lift(*, ban: PremisesBan, by, reason: str) -> PremisesBan:
    """Lift a bar before its end date, with the reason on the case's timeline."""
    ban = PremisesBan.objects.select_for_update().get(pk=ban.pk)
    if not reason.strip():
        raise ValidationError("Say why the bar is lifted early.")
    ban.lift(on=localdate(), reason=reason.strip())
    ban.save(update_fields=["status", "lifted_on", "lift_reason"])
    timeline_add(
        incident=ban.incident,
        by=by,
        kind=Entry.NOTE,
        text=f"Licence to enter the premises restored early for {ban.name}: {ban.lift_reason}",
        data={"register": "premises", "id": ban.pk},
    )
    audit_record(actor=by, verb="registers.premises_lifted", target=ban, school=ban.school)
    return ban


def _normalise(name: str) -> str:
    return " ".join(name.lower().replace(".", " ").split())


def _surnames(name: str) -> set[str]:
    """The parts of a surname, so that Robinson matches Robinson-Smith."""
    last = _normalise(name).split()[-1] if name.strip() else ""
    return {part for part in last.split("-") if len(part) > 1}


@transaction.atomic
def reception_check(*, school: School, name: str, by, request=None) -> tuple[dt.date | None, bool]:
    """(the date until which the named adult is barred today, or None; whether someone barred has the same surname).

    Reception writes down what the visitor says ("Mrs L Robinson"), so an exact miss with a surname in common is
    never reported as all clear. Logged: it is a look-up of a person.
    """
    wanted = _normalise(name)
    until, possible = None, False
    for ban in PremisesBan.objects.in_force().filter(school=school).select_related("guardian"):
        full = ban.person_name if not ban.guardian_id else f"{ban.guardian.first_name} {ban.guardian.last_name}"
        names = {_normalise(full)} | ({_normalise(ban.guardian.display_name)} if ban.guardian_id else set())
        if wanted in names:
            until = max(until or ban.ends_on, ban.ends_on)
        elif _surnames(wanted) & _surnames(full):
            possible = True
    audit_record(
        actor=by,
        verb="registers.reception_check",
        school=school,
        request=request,
        data={"barred": until is not None, "possible_match": possible and until is None},
    )
    return until, possible and until is None


def premises_ban_viewed(*, ban: PremisesBan, by, request=None) -> None:
    """Log that someone opened a bar's record: it names a parent and their case."""
    audit_record(actor=by, verb="registers.premises_viewed", target=ban, school=ban.school, request=request)


def premises_reminders_send(*, today: dt.date | None = None) -> int:
    """Email the Principal once per bar before its review date and once before its end; returns emails sent."""
    today = today or localdate()
    sent = 0
    bans = PremisesBan.objects.in_force(today).select_related("school", "incident", "guardian")
    for ban in bans:
        for which, due, field, days in (
            ("review", ban.review_on, "review_reminded_at", REVIEW_REMINDER_DAYS),
            ("end", ban.ends_on, "end_reminded_at", END_REMINDER_DAYS),
        ):
            if getattr(ban, field) is not None or not today <= due <= today + dt.timedelta(days=days):
                continue
            with transaction.atomic():
                # Claim the reminder first, so two runs at once cannot both send it.
                if PremisesBan.objects.filter(pk=ban.pk, **{f"{field}__isnull": True}).update(**{field: now()}) == 0:
                    continue
                text = f"Reminder sent: the bar on {ban.name} {which}s on {_d(due)}."
                timeline_add(incident=ban.incident, by=None, kind=Entry.NOTIFIED, text=text)
                _email_principals(
                    ban.school,
                    f"Premises bar {which} on {_d(due)}",
                    "registers/email/premises_reminder.txt",
                    {"ban": ban, "which": which, "due": due},
                    case=ban.incident,
                )
            sent += 1
    return sent


def _email_principals(school: School, subject: str, template: str, context: dict, case: Incident | None = None) -> None:
    """Email the school's Principal; about a case, only those who see its whole file (for a case about the
    Principal, its handler, the Chair of Governors)."""
    members = list(
        Member.objects.filter(school=school, is_active=True, roles__role=Role.PRINCIPAL).select_related("user")
    )
    if case is not None:
        if case.handler_id:
            members.append(case.handler)
        members = [
            m
            for m in {m.pk: m for m in members}.values()
            if whole_file_incidents(m.user, school, roles_for_user(m.user, school)).filter(pk=case.pk).exists()
        ]
    emails = [m.user.email for m in members]
    if not emails:
        return

    def send() -> None:
        body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
        send_mail(subject, body, from_school(school), emails)

    transaction.on_commit(send)


@transaction.atomic
def ict_ban_create(*, incident: Incident, by, fields: dict[str, Any]) -> IctBan:
    """Ban a pupil from school ICT equipment, on the case's timeline."""
    ban = IctBan(school=incident.school, incident=incident, created_by=by, **fields)
    ban.full_clean()
    ban.save()
    until = f" until {_d(ban.ends_on)}" if ban.ends_on else " until further notice"
    timeline_add(
        incident=incident,
        by=by,
        kind=Entry.NOTE,
        text=f"Banned from school ICT equipment: {ban.pupil.full_name}, from {_d(ban.starts_on)}{until}. "
        f"Reason: {ban.reason}.",
        data={"register": "ict", "id": ban.pk},
    )
    audit_record(actor=by, verb="registers.ict_banned", target=ban, school=incident.school)
    actions_fulfil(incident=incident, by=by, record=rules.ICT_BANNED, data=ict_ban_record(ban))
    return ban


@transaction.atomic
def ict_ban_reinstate(*, ban: IctBan, by, note: str = "") -> IctBan:
    """Give a pupil their ICT access back, recording who did it and when."""
    ban = IctBan.objects.select_for_update(of=("self",)).select_related("pupil", "incident").get(pk=ban.pk)
    ban.reinstate(by=by, note=note.strip())
    ban.save(update_fields=["reinstated_at", "reinstated_by", "reinstate_note"])
    timeline_add(
        incident=ban.incident,
        by=by,
        kind=Entry.NOTE,
        text=f"ICT access given back to {ban.pupil.full_name}." + (f" {ban.reinstate_note}" if note.strip() else ""),
        data={"register": "ict", "id": ban.pk},
    )
    audit_record(actor=by, verb="registers.ict_reinstated", target=ban, school=ban.school)
    return ban


@transaction.atomic
def account_request(*, member: Member, by, fields: dict[str, Any]) -> TeachingAccount:
    """A member of staff asks the Principal to approve an account before any teaching use."""
    account = TeachingAccount(school=member.school, requested_by=member, **fields)
    account.full_clean()
    account.save()
    audit_record(actor=by, verb="registers.account_requested", target=account, school=member.school)
    _email_principals(
        member.school,
        "A teaching account needs your approval",
        "registers/email/account_requested.txt",
        {"account": account},
    )
    return account


@transaction.atomic
def account_add_official(
    *, school: School, member: Member, by, fields: dict[str, Any], review_on: dt.date
) -> TeachingAccount:
    """The Principal records one of the school's own official accounts: approved as it is added."""
    account = TeachingAccount(school=school, requested_by=member, official=True, **fields)
    account.move_to(AccountStatus.APPROVED, by=by, note="The school's official account.", review_on=review_on)
    account.full_clean()
    account.save()
    audit_record(actor=by, verb="registers.account_official_added", target=account, school=school)
    return account


@transaction.atomic
def account_decide(
    *, account: TeachingAccount, by, status: str, note: str = "", review_on: dt.date | None = None
) -> TeachingAccount:
    """The Principal approves (with a review date) or declines a request; the requester is told."""
    account = (
        TeachingAccount.objects.select_for_update(of=("self",)).select_related("requested_by__user").get(pk=account.pk)
    )
    if status not in (AccountStatus.APPROVED, AccountStatus.DECLINED, AccountStatus.RETIRED):
        raise ValidationError("Choose approve or decline.")
    account.move_to(status, by=by, note=note.strip(), review_on=review_on if status == AccountStatus.APPROVED else None)
    account.save()
    audit_record(
        actor=by, verb=f"registers.account_{status}", target=account, school=account.school, data={"note": note.strip()}
    )
    if account.conduct_case_id:
        timeline_add(
            incident=account.conduct_case,
            by=by,
            kind=Entry.NOTE,
            text=f"The account {account} is now {account.get_status_display().lower()}.",
            data={"register": "accounts", "id": account.pk},
        )
    email = account.requested_by.user.email

    def send() -> None:
        body = render_to_string(
            "registers/email/account_decided.txt", {"account": account, "site_url": settings.SITE_URL}
        )
        subject = f"Your account request is {account.get_status_display().lower()}"
        send_mail(subject, body, from_school(account.school), [email])

    if account.requested_by.user_id != by.pk:
        transaction.on_commit(send)
    return account


@transaction.atomic
def account_record_used_before_approval(*, account: TeachingAccount, by, details: str) -> Incident:
    """The account was used before the Principal approved it: file a staff conduct concern about it."""
    account = (
        TeachingAccount.objects.select_for_update(of=("self",))
        .select_related("requested_by", "school")
        .get(pk=account.pk)
    )
    if account.conduct_case_id:
        raise ValidationError("A conduct concern has already been filed for this account.")
    if not details.strip():
        raise ValidationError("Say how the account was used before approval.")
    incident = incident_report(
        school=account.school,
        by=by,
        fields={
            "kind": Kind.STAFF_CONDUCT,
            "summary": f"Teaching account used before the Principal's approval: {account}"[:200],
            "description": f"{details.strip()}\n\nAccount: {account} ({account.url or 'no address given'}). "
            f"Requested by {account.requested_by} on {localtime(account.requested_at):%-d %b %Y}; "
            f"status: {account.get_status_display().lower()}.",
            "occurred_at": now(),
            "out_of_hours": False,
            "grounds": [],
            "platform": Platform.OTHER,
            "url": account.url,
            "target_kind": TargetKind.SCHOOL,
            "responsible_kind": ResponsibleKind.COLLEAGUE,
            "responsible_member": account.requested_by,
        },
    )
    account.conduct_case = incident
    account.save(update_fields=["conduct_case"])
    timeline_add(
        incident=incident,
        by=by,
        kind=Entry.NOTE,
        text=f"Filed from the approved accounts register: {account} was used before approval.",
        data={"register": "accounts", "id": account.pk},
    )
    audit_record(actor=by, verb="registers.account_used_before_approval", target=account, school=account.school)
    return incident


class RateLimited(Exception):
    """Too many posts from one address: try again later."""


@transaction.atomic
def account_report_submit(*, school: School, ip: str | None, fields: dict[str, Any]) -> AccountReport:
    """Anyone reports an account the school does not recognise; limited per address, the Principal is told."""
    ip = ip or "127.0.0.1"
    since = now() - dt.timedelta(hours=1)
    PublicPost.objects.filter(at__lt=now() - dt.timedelta(days=1)).delete()  # keeps the table small
    if PublicPost.objects.filter(ip_address=ip, at__gte=since).count() >= PUBLIC_POSTS_PER_HOUR:
        raise RateLimited
    PublicPost.objects.create(ip_address=ip)
    report = AccountReport(school=school, ip_address=ip, **fields)
    report.full_clean()
    report.save()
    audit_record(actor=None, verb="registers.account_reported", target=report, school=school)
    _email_principals(
        school,
        "An account was reported from the school's public page",
        "registers/email/account_reported.txt",
        {"report": report},
    )
    return report


@transaction.atomic
def account_report_review(*, report: AccountReport, by) -> AccountReport:
    """The Principal marks a reported account as looked at."""
    report = AccountReport.objects.select_for_update().get(pk=report.pk)
    if report.status == AccountReportStatus.REVIEWED:
        raise ValidationError("This report has already been reviewed.")
    report.status, report.reviewed_by, report.reviewed_at = AccountReportStatus.REVIEWED, by, now()
    report.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit_record(actor=by, verb="registers.account_report_reviewed", target=report, school=report.school)
    return report
