"""Events listing, filtered listing, .ics calendar and RSS speed at several sizes on SQLite.

Builds each site in a throwaway SQLite database with the events factories (a fifth of the events
repeat weekly for ten weeks), then times whole requests through Django's test Client: p50 and p95.
Run: .venv/bin/python benchmarks/events_bench.py --sizes 100,1000 --runs 20
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="bpt-events-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from wagtail.models import Page, Site  # noqa: E402

from events.factories import EventCategoryFactory, EventIndexPageFactory, EventPageFactory, days_from_now  # noqa: E402
from events.schedule import Repeat, local_today  # noqa: E402
from home.factories import AreaFactory, HomePageFactory  # noqa: E402

URLS = [
    ("listing", "/events/"),
    ("filtered listing", "/events/?when=this-month&area=erewash&free=1&access=step-free"),
    ("past events", "/events/past/"),
    ("whole calendar (.ics)", "/events/calendar/"),
    ("RSS feed", "/events/feed/"),
]


def build(size):
    connection.creation.create_test_db(verbosity=0, keepdb=False)
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="bench-home")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "port": 80, "root_page": home}
    )
    index = EventIndexPageFactory(parent=home)
    areas = [AreaFactory(name="Erewash", slug="erewash"), AreaFactory(name="High Peak", slug="high-peak")]
    categories = [EventCategoryFactory(), EventCategoryFactory()]
    for number in range(size):
        start = days_from_now(-20 + number % 60, 10 + number % 9)
        weekly = number % 5 == 0
        EventPageFactory(
            parent=index,
            title=f"Event {number}",
            start=start,
            end=start + timedelta(hours=2),
            area=areas[number % 2],
            category=categories[number % 2],
            is_free=number % 3 != 0,
            price="" if number % 3 else "£3",
            step_free_access=number % 2 == 0,
            repeat=Repeat.WEEKLY if weekly else Repeat.NONE,
            repeat_until=local_today() + timedelta(days=50) if weekly else None,
        )


def measure(client, url, runs):
    client.get(url)  # warm caches, as a running site would be
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    settings.MEDIA_ROOT = WORKDIR / "media"
    sizes = [int(value) for value in args.sizes.split(",")]
    if len(sizes) > 1:
        # One process per size, so each starts from an empty in-memory database.
        print(f"{'events':>7}  {'view':<24} {'p50 ms':>8} {'p95 ms':>8}", flush=True)
        for size in sizes:
            command = [sys.executable, __file__, "--sizes", str(size), "--runs", str(args.runs)]
            subprocess.run(command, check=True)  # noqa: S603
        return
    for size in sizes:
        build(size)
        client = Client()
        for label, url in URLS:
            p50, p95 = measure(client, url, args.runs)
            print(f"{size:>7}  {label:<24} {p50:>8.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
