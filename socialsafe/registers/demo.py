"""Demo register entries for the demo school: an official Facebook page, an approved class blog, a pending request."""

from django.db import transaction
from django.utils.timezone import localdate

from socialsafe.lib.dates import add_months
from socialsafe.registers.models import TeachingAccount
from socialsafe.registers.services import account_add_official, account_decide, account_request
from socialsafe.schools.models import Member, School, SchoolClass
from socialsafe.schools.roles import Role


@transaction.atomic
def demo_registers_create(*, school: School) -> int:
    """Add the demo accounts unless the school has accounts already; returns how many were made."""
    if TeachingAccount.objects.filter(school=school).exists():
        return 0
    principal = Member.objects.filter(school=school, roles__role=Role.PRINCIPAL).first()
    teachers = Member.objects.filter(school=school, roles__role=Role.CLASS_TEACHER).order_by("id")
    if principal is None or teachers.count() < 2:
        return 0
    review = add_months(localdate(), 12)
    account_add_official(
        school=school,
        member=principal,
        by=principal.user,
        review_on=review,
        fields={
            "service": "Facebook",
            "name": f"{school.name} (official page)",
            "url": f"https://www.facebook.com/{school.slug}primaryschool",
            "purpose": "News, events and closures for parents and the community.",
            "audience": "Everyone: a public page",
            "moderation": "Comments are off. The Principal and the school secretary post; the Principal checks "
            "the page daily.",
        },
    )
    blogger, asker = teachers[0], teachers[1]
    blog = account_request(
        member=blogger,
        by=blogger.user,
        fields={
            "service": "Class blog (Seesaw)",
            "name": f"{blogger.classes_taught.first() or 'Class'} learning blog",
            "url": f"https://app.seesaw.me/{school.slug}-class-blog",
            "purpose": "Sharing pupils' work with their own families and practising online safety.",
            "school_class": SchoolClass.objects.filter(teacher=blogger).first(),
            "audience": "Parents and carers of the class only",
            "moderation": "Every post and comment is approved by the class teacher before it appears.",
        },
    )
    account_decide(
        account=blog, by=principal.user, status="approved", note="Approved for this school year.", review_on=review
    )
    account_request(
        member=asker,
        by=asker.user,
        fields={
            "service": "YouTube",
            "name": "Science club experiments",
            "url": "",
            "purpose": "Short videos of the after-school science club's experiments, without pupils' faces.",
            "school_class": SchoolClass.objects.filter(teacher=asker).first(),
            "audience": "Unlisted: shared with the club's parents",
            "moderation": "Comments off; videos checked by a second member of staff before they are shared.",
        },
    )
    return TeachingAccount.objects.filter(school=school).count()
