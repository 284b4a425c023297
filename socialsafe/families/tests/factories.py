from contextlib import nullcontext

from socialsafe.families import codes
from socialsafe.families.services import batch_create
from socialsafe.schools.tests.factories import GuardianFactory, PupilFactory


def invited_family(principal, django_capture_on_commit_callbacks=None, *, email="ann@example.com", class_name="P4"):
    """A pupil with one parent, invited through a real batch; returns (invitation, its code).

    Without the fixture (a transactional test), the commit itself sends the invitation."""
    from socialsafe.schools.models import SchoolClass

    school_class, _ = SchoolClass.objects.get_or_create(
        school=principal.school, name=class_name, defaults={"year_group": int(class_name[1:])}
    )
    pupil = PupilFactory(school=principal.school, school_class=school_class, first_name="Orla", last_name="Quinn")
    guardian = GuardianFactory(
        school=principal.school, email=email, first_name="Ann", last_name="Quinn", children=[pupil]
    )
    capture = django_capture_on_commit_callbacks
    with capture(execute=True) if capture else nullcontext():
        batch = batch_create(school=principal.school, pupil_ids=[pupil.pk], by=principal.user, reason="test")
    invitation = batch.invitations.get(guardian=guardian)
    return invitation, codes.shown(codes.code_for(invitation.code_nonce))
