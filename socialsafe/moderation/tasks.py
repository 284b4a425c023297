"""Background work of the classifier: a case's texts are read when they arrive, never when a page is opened."""

import logging

from django.db import transaction
from django.tasks import task

from socialsafe.incidents.models import Incident
from socialsafe.moderation.services import flags_refresh

logger = logging.getLogger(__name__)


@task()
def classify_case(incident_id: int) -> None:
    """Score the case's texts not yet read and make its suggestions."""
    incident = Incident.objects.select_related("school").filter(pk=incident_id).first()
    if incident is None or incident.is_closed:
        return
    try:
        flags_refresh(incident=incident)
    except OSError:
        # A missing or unreadable model must never stop anyone working the case; the suggestions just do not come.
        logger.exception("The content classifier could not run")


def classify_later(incident_id: int) -> None:
    """Queue the case's new texts for the classifier once the transaction that brought them commits."""
    transaction.on_commit(lambda: classify_case.enqueue(incident_id))
