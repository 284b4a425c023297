"""What a load balancer and a technician need to know about the running service, and nothing about anyone."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per running task worker (`manage.py worker`), touched every HEARTBEAT_SECONDS while it runs.

    django-tasks-db keeps no record of its workers (its issue #44 asks for one), so /healthz could not otherwise tell
    a stopped worker from an idle one. Host and process id say which worker it is; no personal data.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started = models.DateTimeField()
    beat = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"
