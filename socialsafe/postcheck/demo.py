"""Demo requests from "Check before you post": one question waiting for the Principal, one answered."""

from django.db import transaction

from socialsafe.postcheck.models import AdviceRequest
from socialsafe.postcheck.services import advice_answer, advice_request, check_draft
from socialsafe.schools.models import Member, School
from socialsafe.schools.roles import Role

DRAFTS = [
    ("What a week! Sports day at Glenmore went brilliantly, the P5s were amazing.",
     "Can I share this on my own Facebook if I leave the photo out?",
     "Thanks for asking. Please don't: sports day is a school event, and the school's page will share it."),
    ("Hello to all the P6 parents, the trip letter is in the bags tonight!",
     "Is it all right to remind parents from my own account?", ""),
]  # fmt: skip


@transaction.atomic
def demo_postcheck_create(*, school: School) -> int:
    """Add the demo requests unless the school has some already; returns how many were made."""
    if AdviceRequest.objects.filter(school=school).exists():
        return 0
    principal = Member.objects.filter(school=school, roles__role=Role.PRINCIPAL).first()
    teachers = list(Member.objects.filter(school=school, roles__role=Role.CLASS_TEACHER).order_by("id")[:2])
    if principal is None or len(teachers) < 2:
        return 0
    for teacher, (text, question, answer) in zip(teachers, DRAFTS, strict=True):
        warnings = [{"id": w.id, "title": w.title} for w in check_draft(school=school, text=text).warnings]
        advice = advice_request(member=teacher, by=teacher.user, text=text, question=question, warnings=warnings)
        if answer:
            advice_answer(advice=advice, by=principal.user, answer=answer)
    return len(DRAFTS)
