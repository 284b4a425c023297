"""Demo families: the first classes asked, about half of them answered, so the coverage page shows something."""

from django.db import transaction
from django.test.utils import override_settings

from socialsafe.families.models import BatchStatus, InvitationBatch
from socialsafe.families.services import batch_create, batch_mark, batch_process_chunk, invitation_acknowledge
from socialsafe.schools.models import Member, Pupil, School, SchoolClass
from socialsafe.schools.roles import Role

DEMO_CLASSES = 3  # the youngest classes: the families "new" to the school


def demo_families_create(*, school: School) -> int:
    """Invite the families of the first classes and record every other one's answer; returns how many were asked."""
    if InvitationBatch.objects.filter(school=school).exists():
        return 0
    principal = Member.objects.filter(school=school, roles__role=Role.PRINCIPAL).select_related("user").first()
    classes = list(SchoolClass.objects.filter(school=school).order_by("year_group", "name")[:DEMO_CLASSES])
    pupils = Pupil.objects.filter(school=school, school_class__in=classes).current().values_list("pk", flat=True)
    # Invented families must not be emailed, nor fill the console of `make run`.
    quiet = override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}})
    with quiet, transaction.atomic():
        batch = batch_create(
            school=school, pupil_ids=list(pupils), by=principal.user if principal else None, reason="Demo"
        )
        if batch is None:
            return 0
        # Sent here and now: the worker finds the batch finished and leaves it.
        while batch_process_chunk(batch=batch):
            pass
        batch_mark(batch=batch, status=BatchStatus.DONE)
        for invitation in (
            batch.invitations.filter(pupils__school_class__in=classes[: DEMO_CLASSES - 1])
            .distinct()
            .order_by("pk")[::2]
        ):
            invitation_acknowledge(invitation=invitation)
    return batch.total
