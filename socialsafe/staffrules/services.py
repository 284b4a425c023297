"""Writes: a member's yearly attestation, and the reminders to those still outstanding."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.timezone import localdate, now

from socialsafe.audit.services import audit_record
from socialsafe.concerns.models import PolicyVersion
from socialsafe.concerns.services import policy_acknowledge
from socialsafe.incidents.rules import STAFF_ATTESTATION as RULE
from socialsafe.lib.mail import email_on_commit
from socialsafe.schools.models import Member, School
from socialsafe.staffrules.models import AttestationReminder, StaffAttestation
from socialsafe.staffrules.selectors import attestation_rows, current_guidance, school_year_label, school_year_start


@transaction.atomic
def staff_attest(
    *, member: Member, version: PolicyVersion, by, privacy_checked: bool, guidance_read: bool
) -> StaffAttestation:
    """Record this school year's attestation; a second one in the same year keeps the first.

    Reading the guidance also acknowledges that version, as the Policies page would."""
    member = Member.objects.select_for_update().get(pk=member.pk)  # two posts at once: the second waits, then finds it
    year = school_year_start(localdate())
    existing = StaffAttestation.objects.filter(member=member, school_year=year).first()
    if existing:
        return existing
    if not (privacy_checked and guidance_read):
        raise ValidationError("Confirm both statements.")
    if version.document.school_id != member.school_id or version != current_guidance(member.school):
        raise ValidationError("A newer version of the staff guidance has been published. Read it, then confirm.")
    attestation = StaffAttestation(
        school=member.school, member=member, school_year=year, version=version, privacy_checked=True
    )
    attestation.full_clean()
    attestation.save()
    policy_acknowledge(version=version, by=by)
    audit_record(
        actor=by,
        verb="staffrules.attested",
        target=attestation,
        data={"school_year": school_year_label(year), "version": version.label},
    )
    return attestation


def attestation_reminders_send(*, school: School | None = None, by=None, today: dt.date | None = None) -> int:
    """Email each member of staff still outstanding this school year, at most once every 7 days.

    Schools with no staff guidance published are skipped: there is nothing to read yet. Returns the emails sent."""
    today = today or localdate()
    schools = [school] if school is not None else School.objects.order_by("id")
    since = now() - dt.timedelta(days=RULE.remind_every_days)
    sent = 0
    for s in schools:
        version = current_guidance(s)
        if version is None:
            continue
        with transaction.atomic():
            # Lock the school's row so that two runs at once (cron and the button) cannot both remind someone.
            School.objects.select_for_update().filter(pk=s.pk).first()
            year = school_year_start(today)
            recent = set(
                AttestationReminder.objects.filter(school=s, at__gte=since).values_list("member_id", flat=True)
            )
            rows = [
                r
                for r in attestation_rows(school=s, today=today)
                if r.outstanding and r.member.pk not in recent and r.member.user.email
            ]
            for row in rows:
                AttestationReminder.objects.create(school=s, member=row.member, school_year=year)
                email_on_commit(
                    [row.member.user.email],
                    f"{s.name}: your yearly social media check",
                    "staffrules/email/reminder.txt",
                    {
                        "school": s,
                        "member": row.member,
                        "version": version,
                        "due": row.due,
                        "overdue": row.overdue,
                        "year": school_year_label(year),
                        "link": settings.SITE_URL.rstrip("/") + reverse("staffrules:index"),
                    },
                    school=s,
                )
            if rows:
                audit_record(
                    actor=by,
                    verb="staffrules.reminders_sent",
                    target=s,
                    data={"school_year": school_year_label(year), "count": len(rows)},
                )
        sent += len(rows)
    return sent
