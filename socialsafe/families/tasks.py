"""Sending a batch of invitations in the background, in chunks, so that the progress page can follow it."""

from django.tasks import task

from socialsafe.families.models import BatchStatus, InvitationBatch
from socialsafe.families.services import batch_mark, batch_process_chunk

CHUNK = 50


@task()
def batch_process(batch_id: int) -> None:
    batch = InvitationBatch.objects.select_related("school").filter(pk=batch_id).first()
    if batch is None or batch.status == BatchStatus.DONE:
        return
    batch_mark(batch=batch, status=BatchStatus.RUNNING)
    while batch_process_chunk(batch=batch, size=CHUNK):
        pass
    batch_mark(batch=batch, status=BatchStatus.DONE)
