from django import template
from django.utils.timezone import localdate

from socialsafe.concerns.models import DocKind, PolicyVersion
from socialsafe.schools.roles import Perm, allows
from socialsafe.staffrules.models import StaffAttestation
from socialsafe.staffrules.selectors import due_on, school_year_label, school_year_start

register = template.Library()


@register.inclusion_tag("staffrules/_prompt.html", takes_context=True)
def attestation_prompt(context):
    """The home page's prompt while this year's confirmation is outstanding: two queries, none for non-staff."""
    request = context["request"]
    if request.school is None or not allows(request.roles, Perm.ATTEST_STAFF_RULES):
        return {"show": False}
    today = localdate()
    guidance = PolicyVersion.objects.filter(
        document__school=request.school, document__kind=DocKind.STAFF_GUIDANCE, published_on__lte=today
    ).exists()
    if not guidance:
        return {"show": False}
    year = school_year_start(today)
    if StaffAttestation.objects.filter(school=request.school, member__user=request.user, school_year=year).exists():
        return {"show": False}
    due = due_on(year=year, joined=request.user.date_joined)
    return {"show": True, "due": due, "overdue": today > due, "label": school_year_label(year)}
