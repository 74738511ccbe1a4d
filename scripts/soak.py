"""`make soak`: a bounded load test of the production path on 127.0.0.1.

Builds a throwaway site (the seed content plus --stories and --events generated pages), starts
gunicorn with production settings (config/gunicorn.conf.py) and the task worker, then for
--seconds sends a mix from --clients concurrent clients: 80% pages, 15% filtered listings,
4% searches, 1% event submissions (real form posts, with their CSRF and timing tokens). Prints
requests per second, p50/p95/p99 and the count of 5xx and other errors per kind; exits 1 on any
5xx or error. Reuses `make prod-check`'s environment and helpers (scripts/prod_check.py).
"""

import argparse
import http.client
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import prod_check  # noqa: E402

ROOT = prod_check.ROOT
HEADERS = {"Host": prod_check.PUBLIC_HOST, "X-Forwarded-Proto": "https"}
MIX = [("page", 80), ("listing", 15), ("search", 4), ("form post", 1)]
SEARCH_WORDS = ["community", "cohesion", "charter", "lunch", "volunteer", "faith", "derby", "youth"]


def build_site(stories, events):
    """Seed content plus generated stories and events, so listings and search have real work."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_seed_content", verbosity=0)
    call_command("sync_site_address", verbosity=0)
    from events.factories import EventPageFactory
    from events.models import EventIndexPage
    from home.models import Area
    from stories.factories import StoryPageFactory
    from stories.models import StoryIndexPage

    story_index, event_index = StoryIndexPage.objects.first(), EventIndexPage.objects.first()
    areas = list(Area.objects.all())
    started = time.monotonic()
    for number in range(stories):
        story = StoryPageFactory.build(title=f"Soak story {number}: {random.choice(SEARCH_WORDS)} news")
        story_index.add_child(instance=story)
        if areas:
            story.areas.add(random.choice(areas))
            story.save()
    for number in range(events):
        event = EventPageFactory.build(title=f"Soak event {number}: {random.choice(SEARCH_WORDS)} meet-up")
        event_index.add_child(instance=event)
    print(f"soak: generated {stories} stories and {events} events in {time.monotonic() - started:.0f}s")


def targets():
    """Paths for each kind of request, from the built site."""
    from wagtail.models import Page

    from events.models import EventIndexPage, SubmitEventPage
    from home.models import Area, Theme
    from stories.models import StoryIndexPage

    pages = [page.url for page in Page.objects.live().filter(depth__gt=1).specific() if page.url]
    events, stories = EventIndexPage.objects.first(), StoryIndexPage.objects.first()
    listings = []
    for area in Area.objects.all():
        listings += [f"{events.url}?area={area.slug}", f"{stories.url}?area={area.slug}"]
    for theme in Theme.objects.all():
        listings.append(f"{stories.url}?theme={theme.slug}")
    listings += [f"{stories.url}?page=2", f"{events.url}?when=this-week", f"{events.url}?free=on"]
    searches = [f"/search/?{urlencode({'q': word})}" for word in SEARCH_WORDS]
    return {"page": pages, "listing": listings, "search": searches}, SubmitEventPage.objects.first().url


class Client:
    def __init__(self, port):
        self.port = port
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.connection.request(method, path, body=body, headers={**HEADERS, **(headers or {})})
                response = self.connection.getresponse()
                return response.status, response.getheaders(), response.read()
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        return None


def form_post_data(client, form_path, number, area_slug, category_slug):
    """GET the form (CSRF cookie and token, timing token), then the answers for one submission."""
    _status, headers, body = client.request("GET", form_path)
    html = body.decode()
    csrf_cookie = next(
        value.split(";")[0]
        for name, value in headers
        if name.lower() == "set-cookie" and "csrftoken" in value
    )
    fields = dict(re.findall(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]+)"', html))
    start = time.localtime(time.time() + 14 * 86400)
    data = {
        **fields,
        "organiser_name": "Soak Test Group",
        "contact_name": "Sam Jones",
        "contact_email": f"soak{number}@example.org",
        "title": f"Soak lunch {number}",
        "summary": "Soup and a chat.",
        "description": "Everyone welcome.",
        "start_date_day": start.tm_mday,
        "start_date_month": start.tm_mon,
        "start_date_year": start.tm_year,
        "start_time": "12pm",
        "end_time": "2pm",
        "where": "in_person",
        "venue_name": "Riverside Centre",
        "venue_address": "1 River Street\nMatlock",
        "venue_postcode": "DE4 3AG",
        "area": area_slug,
        "category": category_slug,
        "consent": "on",
        "website": "",
    }
    return urlencode(data), csrf_cookie


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def run_load(port, paths, form_path, seconds, clients, forms):
    from events.models import EventCategory
    from home.models import Area

    area, category = Area.objects.first(), EventCategory.objects.first()
    area_value, category_value = str(area.pk), str(category.pk)
    kinds, weights = zip(*MIX, strict=True)
    results = {kind: {"latencies": [], "5xx": 0, "errors": 0} for kind in kinds}
    lock, counter = threading.Lock(), iter(range(10**9))
    # Form posts need a timing token at least SUBMISSION_MIN_FILL_SECONDS old: fetch them first.
    prepared = [
        form_post_data(Client(port), form_path, next(counter), area_value, category_value) for _ in range(60)
    ]
    time.sleep(3.5)
    deadline = time.monotonic() + seconds

    def worker():
        client, rng = Client(port), random.Random()
        while time.monotonic() < deadline:
            kind = rng.choices(kinds, weights)[0]
            began = time.perf_counter()
            try:
                if kind == "form post":
                    with lock:
                        body, cookie = prepared.pop() if prepared else (None, None)
                    if body is None:
                        continue
                    status, _headers, answer = client.request(
                        "POST",
                        form_path,
                        body=body,
                        headers={
                            "Content-Type": "application/x-www-form-urlencoded",
                            "Cookie": cookie,
                            "Origin": f"https://{prod_check.PUBLIC_HOST}",
                            "Referer": f"https://{prod_check.PUBLIC_HOST}{form_path}",
                        },
                    )
                    ok = status == 200 and b"govuk-panel--confirmation" in answer  # stored, not refused
                else:
                    status, _headers, _body = client.request("GET", rng.choice(paths[kind]))
                    ok = status == 200
            except (OSError, http.client.HTTPException):
                status, ok = None, False
            elapsed = time.perf_counter() - began
            with lock:
                entry = results[kind]
                entry["latencies"].append(elapsed)
                if status is not None and status >= 500:
                    entry["5xx"] += 1
                elif not ok:
                    entry["errors"] += 1

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started


def report(results, elapsed, clients):
    rows = [("kind", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "5xx", "errors")]
    everything = []
    for kind, entry in [*results.items(), ("all", None)]:
        if entry is None:
            latencies = sorted(everything)
            entry = {
                "5xx": sum(e["5xx"] for e in results.values()),
                "errors": sum(e["errors"] for e in results.values()),
            }
        else:
            latencies = sorted(entry["latencies"])
            everything += latencies
        rows.append(
            (
                kind,
                str(len(latencies)),
                f"{len(latencies) / elapsed:.1f}",
                *(f"{percentile(latencies, q) * 1000:.0f}" for q in (0.5, 0.95, 0.99)),
                str(entry["5xx"]),
                str(entry["errors"]),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print(f"soak: {elapsed:.0f}s, {clients} concurrent clients, gunicorn with production settings")
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return rows[-1][6] == "0" and rows[-1][7] == "0"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--forms", type=int, default=30, help="Form posts prepared (at most this many sent).")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="bpt-soak-"))
    os.environ.update(prod_check.production_environment(data))
    # Real form posts at load: no per-network limit, and nobody to email.
    os.environ.update(SUBMISSION_RATE_LIMIT="1000000", LOG_LEVEL="ERROR")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)
    build_site(args.stories, args.events)
    paths, form_path = targets()
    port = prod_check.free_port()
    env = dict(os.environ)
    log = open(data / "servers.log", "w")  # noqa: SIM115 (closed below): one access line per request
    quiet = {"cwd": ROOT, "env": env, "stdout": log, "stderr": subprocess.STDOUT}
    processes = {
        "gunicorn": subprocess.Popen([*prod_check.GUNICORN, "--bind", f"127.0.0.1:{port}"], **quiet),
        "task worker": subprocess.Popen(prod_check.TASK_WORKER, **quiet),
    }
    try:
        prod_check.wait_until_up(port, processes)
        print(f"soak: {len(paths['page'])} pages, {len(paths['listing'])} listings; {args.seconds}s of load")
        results, elapsed = run_load(port, paths, form_path, args.seconds, args.clients, args.forms)
    finally:
        for process in processes.values():
            process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
    passed = report(results, elapsed, args.clients)
    shutil.rmtree(data, ignore_errors=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
