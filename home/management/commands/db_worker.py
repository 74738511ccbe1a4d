"""django-tasks-db's `db_worker`, plus recovery of tasks whose worker died (home.taskqueue).

Same name and options as the original, which it replaces (home comes first in INSTALLED_APPS),
so every way the worker is started (make run, systemd units, tests) recovers stale tasks."""

import logging
import threading

from django_tasks_db.management.commands import db_worker

from django.conf import settings
from django.db import DatabaseError, connection

from home.taskqueue import recover_stale_tasks

logger = logging.getLogger("home.taskqueue")


class Worker(db_worker.Worker):
    def run(self):
        self.recover()
        timer = threading.Thread(target=self.recover_every_interval, name="recover-stale-tasks", daemon=True)
        timer.start()
        super().run()

    def recover(self):
        try:
            recover_stale_tasks()
        except DatabaseError:
            logger.warning("Could not check for stale tasks; will try again", exc_info=True)
        finally:
            # The timer thread has its own connection; do not hold it open between checks.
            if threading.current_thread() is not threading.main_thread():
                connection.close()

    def recover_every_interval(self):
        stop = threading.Event()
        while not stop.wait(settings.TASK_RECOVERY_INTERVAL):
            self.recover()


class Command(db_worker.Command):
    help = db_worker.Command.help + ", handing back tasks whose worker died"

    def handle(self, *args, **options):
        original = db_worker.Worker
        db_worker.Worker = Worker
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original
