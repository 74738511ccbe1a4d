"""Email alerts at scale on SQLite: `make bench`.

In a throwaway database: match and queue one newly published event against 10,000 and then
100,000 confirmed subscriptions (every filter dimension in the mix), and build 20,000 daily
digests (each subscriber with three waiting items). Each is timed, then run again under
tracemalloc for its peak Python memory, which should not grow with the number of subscriptions
(they are streamed, and written in chunks). Options: --sizes 10000,100000 --digests 20000.
"""

import argparse
import os
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="bpt-alerts-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Page, Site  # noqa: E402

from alerts import matching, outbox  # noqa: E402
from alerts.filters import columns, filter_key  # noqa: E402
from alerts.models import AlertEmail, AlertItem, Frequency, Kind, Subscriber, Subscription  # noqa: E402
from alerts.tasks import match_page  # noqa: E402
from events.factories import EventCategoryFactory, EventIndexPageFactory, EventPageFactory  # noqa: E402
from home.factories import AreaFactory, HomePageFactory, ThemeFactory  # noqa: E402

CHUNK = 5000


def build_site():
    call_command("migrate", verbosity=0)
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="bench-home")
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})
    areas = [AreaFactory(name=f"Area {n}", slug=f"area-{n}") for n in range(8)]
    categories = [EventCategoryFactory(name=f"Category {n}", slug=f"category-{n}") for n in range(6)]
    themes = [ThemeFactory(name=f"Theme {n}", slug=f"theme-{n}") for n in range(5)]
    return EventIndexPageFactory(parent=home), areas, categories, themes


def random_filters(rng, areas, categories, themes):
    roll = rng.random()
    if roll < 0.35:
        return {}
    filters = {"area": rng.choice(areas).slug}
    if roll > 0.6:
        filters["category"] = rng.choice(categories).slug
    if roll > 0.75:
        filters["theme"] = rng.choice(themes).slug
    if roll > 0.85:
        filters["free"] = True
    if roll > 0.9:
        filters["access"] = sorted(rng.sample(["step-free", "hearing-loop", "bsl", "quiet-space"], 2))
    if roll > 0.95:
        filters["mode"] = rng.choice(["in-person", "online"])
    return filters


def add_subscribers(count, start, areas, categories, themes, frequency=None):
    """`count` confirmed subscribers with one events subscription each, inserted in bulk."""
    rng = random.Random(start)
    now = timezone.now()
    for offset in range(0, count, CHUNK):
        numbers = range(start + offset, start + min(offset + CHUNK, count))
        subscribers = Subscriber.objects.bulk_create(
            [Subscriber(email=f"reader{n}@example.org", confirmed_at=now) for n in numbers]
        )
        subscriptions = []
        for subscriber in subscribers:
            filters = random_filters(rng, areas, categories, themes)
            subscriptions.append(
                Subscription(
                    subscriber=subscriber,
                    kind=Kind.EVENTS,
                    filters=filters,
                    filter_key=filter_key(filters),
                    frequency=frequency or rng.choice(Frequency.values),
                    confirmed_at=now,
                    **columns(filters),
                )
            )
        Subscription.objects.bulk_create(subscriptions)


def new_event(index, areas, categories, themes):
    event = EventPageFactory(
        parent=index,
        live=False,
        area=areas[0],
        category=categories[0],
        step_free_access=True,
        hearing_loop=True,
    )
    event.themes.set([themes[0]])
    event.save_revision().publish()
    return event


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def traced(function):
    tracemalloc.start()
    function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def bench_matching(sizes, site):
    rows = []
    have = 0
    for size in sizes:
        add_subscribers(size - have, have, *site[1:])
        have = size
        event = new_event(*site)
        seconds, result = timed(lambda event=event: match_page.call(event.pk))
        items = AlertItem.objects.filter(page_id=event.pk).count()
        immediate = AlertEmail.objects.filter(items__page_id=event.pk).distinct().count()
        # The same work again for a second event, under tracemalloc, for the peak memory.
        second = new_event(*site)
        peak = traced(lambda second=second: match_page.call(second.pk))
        rows.append((size, items, immediate, seconds, peak, result))
    return rows


def bench_digests(count, site):
    Subscription.objects.update(frequency=Frequency.WEEKLY)  # keep earlier rows out of the daily run
    start = Subscriber.objects.count()
    add_subscribers(count, start + 10_000_000, *site[1:], frequency=Frequency.DAILY)
    yesterday = matching.period_for(Frequency.DAILY, timezone.now() - timedelta(days=1))
    pages = [new_event(*site).pk for _ in range(3)]
    rows = Subscription.objects.filter(frequency=Frequency.DAILY).values_list("pk", "subscriber_id")
    batch = []
    for subscription_id, subscriber_id in rows.iterator(chunk_size=CHUNK):
        batch.extend(
            AlertItem(
                subscriber_id=subscriber_id,
                subscription_id=subscription_id,
                frequency=Frequency.DAILY,
                period=yesterday,
                page_id=page_id,
                change="new",
            )
            for page_id in pages
        )
        if len(batch) >= CHUNK:
            AlertItem.objects.bulk_create(batch)
            batch = []
    AlertItem.objects.bulk_create(batch)
    seconds, built = timed(lambda: outbox.build_emails(Frequency.DAILY))
    # Again for the peak memory: the same number of digests for the next day.
    AlertItem.objects.filter(frequency=Frequency.DAILY).update(email=None, period=yesterday + "x")
    AlertEmail.objects.filter(frequency=Frequency.DAILY).delete()
    peak = traced(lambda: outbox.build_emails(Frequency.DAILY))
    return built, seconds, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--digests", type=int, default=20000)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"Email alerts bench (SQLite {connection.Database.sqlite_version}, {WORKDIR})")
    site = build_site()
    print("\n| subscriptions | items queued | immediate emails built | match + queue s | peak MiB |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for size, items, immediate, seconds, peak, _result in bench_matching(sizes, site):
        print(f"| {size:,} | {items:,} | {immediate:,} | {seconds:.2f} | {peak / 2**20:.1f} |")
    built, seconds, peak = bench_digests(args.digests, site)
    print("\n| daily digests built and queued | seconds | peak MiB |")
    print("| ---: | ---: | ---: |")
    print(f"| {built:,} | {seconds:.2f} | {peak / 2**20:.1f} |")


if __name__ == "__main__":
    main()
