"""Run the jobs in home.scheduler on their timers until stopped (`make run` starts it)."""

import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from home.scheduler import JOBS, run_due_jobs


class Command(BaseCommand):
    help = "Run scheduled jobs (publishing, the privacy purge, ...) when due. Safe to run on several servers."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is due now, then exit.")
        parser.add_argument("--interval", type=float, default=15, help="Seconds between checks (15).")

    def handle(self, *args, once=False, interval=15, **options):
        if once:
            ran = run_due_jobs()
            self.stdout.write(f"Ran {len(ran)} job(s): {', '.join(ran) or 'none due'}.")
            return
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(f"Checking {len(JOBS)} scheduled job(s) every {interval:g}s.")
        while not stop.is_set():
            run_due_jobs()
            close_old_connections()
            stop.wait(interval)
