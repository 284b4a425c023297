"""The heartbeat's writes. No audit row: a heartbeat every 15 seconds records no one's action, only a process's."""

import datetime as dt

from django.db import transaction
from django.utils.timezone import now

from socialsafe.ops.models import WorkerHeartbeat

# How often a worker says it is alive, and how old the newest heartbeat may be before /healthz fails. Four beats
# can be missed (a busy database, a long task holding the GIL) before the worker counts as gone.
HEARTBEAT_SECONDS = 15
STALE_AFTER = dt.timedelta(seconds=60)
# A worker killed with -9 cannot remove its row; rows this old are swept when a worker starts.
FORGET_AFTER = dt.timedelta(days=1)


@transaction.atomic
def heartbeat_beat(*, worker_id: str, host: str, pid: int, started: dt.datetime) -> WorkerHeartbeat:
    """Record that this worker is alive now."""
    beat, _ = WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"host": host, "pid": pid, "started": started, "beat": now()}
    )
    return beat


@transaction.atomic
def heartbeat_forget(*, worker_id: str) -> None:
    """Remove this worker's row as it stops, and the rows of workers that died long ago without removing theirs."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
    WorkerHeartbeat.objects.filter(beat__lt=now() - FORGET_AFTER).delete()
