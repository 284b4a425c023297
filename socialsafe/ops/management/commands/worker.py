import logging
import os
import socket
import threading
from typing import Any

from django.db import DatabaseError, connection
from django.utils.timezone import now
from django_tasks_db.management.commands import db_worker

from socialsafe.ops.services import HEARTBEAT_SECONDS, heartbeat_beat, heartbeat_forget

logger = logging.getLogger("socialsafe.ops")


class Command(db_worker.Command):
    help = """Run the background task worker (django-tasks-db's db_worker, same options) and keep its heartbeat.

    Every 15 seconds a thread records that this worker is alive, for /healthz. Run as many side by side as needed,
    on one machine or several: each claims a task under a database lock, so no task runs twice.
    """

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id, stop = options["worker_id"], threading.Event()
        identity = {"worker_id": worker_id, "host": socket.gethostname()[:255], "pid": os.getpid(), "started": now()}
        heartbeat_beat(**identity)  # at once, so /healthz is green as soon as the worker has started
        thread = threading.Thread(target=_beat, args=(identity, stop), name="worker-heartbeat", daemon=True)
        thread.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            thread.join(timeout=5)
            try:
                heartbeat_forget(worker_id=worker_id)
            except DatabaseError:
                logger.warning("Could not remove worker %s's heartbeat; /healthz ignores it after a minute.", worker_id)


def _beat(identity: dict, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT_SECONDS):
        try:
            heartbeat_beat(**identity)
        except DatabaseError:
            # The database is away (a restart, a failover): say so and try again at the next beat.
            logger.warning("Worker %s could not record its heartbeat.", identity["worker_id"], exc_info=True)
        finally:
            connection.close()  # this thread's own connection: not held open between beats
