"""What users get from a large hub, every page type: `make bench`.

1. Builds the site in a throwaway SQLite database: the seed content (every page type), then in
   bulk (treebeard paths and child rows written here, a progress bar meanwhile) 10,000 events, 2,000
   stories and 500 guidance notes, with their occurrences and search index entries.
2. In this process: database queries per request for each page type (page cache off), and the
   time to publish a guidance note (p50/p95).
3. Serves the site with gunicorn (2 workers, production settings, static files collected) on
   127.0.0.1 and measures from a separate load process (wrk): uncached p50/p95 with the page cache
   off (one connection); then, with the page cache on, cached requests per second next to a static
   file of the same size from the same server, and the ratio; then Lighthouse's performance score
   (mobile profile, Debian's Chromium) for each HTML page type, when npm has installed it.
Prints one table and writes the same figures to bench/site-<pages>.json. Options: --events,
--stories, --notes, --seconds (per wrk run), --only (page types, comma-separated), --keep (leave
the work folder). `make bench` runs it twice: every page type at 12,500 pages, then search and the
sitemap at 100,000 (--notes 88000).
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# BENCH_WORKDIR keeps the built site (and collected static files) for the next run.
WORKDIR = Path(os.environ.get("BENCH_WORKDIR") or tempfile.mkdtemp(prefix="bpt-site-bench-"))
REUSE = (WORKDIR / "site.sqlite3").exists()
DB_PATH = WORKDIR / "site.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Locale, Page  # noqa: E402

from events.models import EventIndexPage, EventOccurrence, EventPage  # noqa: E402
from events.schedule import Repeat, spans  # noqa: E402
from guidance.models import GuidanceIndexPage, GuidanceNotePage, Priority  # noqa: E402
from home.models import Area, Theme  # noqa: E402
from stories.models import StoryIndexPage, StoryPage  # noqa: E402
from testing.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

BAR_WIDTH = 30
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
NOT_HTML = ("sitemap", "feed", ".ics")
WORDS = [
    "community",
    "people",
    "together",
    "local",
    "council",
    "group",
    "support",
    "residents",
    "help",
    "neighbours",
    "faith",
    "school",
    "volunteers",
    "young",
    "older",
    "families",
    "respect",
    "trust",
    "belonging",
    "welcome",
    "share",
    "voice",
    "place",
]


def progress(label, done, total):
    filled = BAR_WIDTH * done // max(total, 1)
    end = "\n" if done >= total else ""
    print(
        f"\r  {label:<22} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done:>6,}/{total:,}",
        end=end,
        flush=True,
    )


def text(n, count):
    return " ".join(WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(count))


def alphabet_path(index):
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(4):
        index, digit = divmod(index, 36)
        out = alphabet[digit] + out
    return out


def bulk_children(parent, model, count, fields_for, label):
    """Insert `count` live pages of `model` under `parent`: Page rows with bulk_create, the
    model's own table with executemany, the search index in bulk. Returns the new pages' ids."""
    parent = Page.objects.get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(model)
    locale = Locale.get_default()
    index_table = Page.index_entries.rel.model._meta.db_table
    own_fields = [field for field in model._meta.local_concrete_fields if field.attname != "page_ptr_id"]
    columns = ", ".join(["page_ptr_id"] + [connection.ops.quote_name(f.column) for f in own_fields])
    placeholders = ", ".join(["%s"] * (len(own_fields) + 1))
    now = timezone.now()
    ids = []
    first_child = parent.numchild + 1
    for start in range(0, count, 1000):
        numbers = range(start, min(start + 1000, count))
        pages, rows = [], []
        for n in numbers:
            values = fields_for(n)
            title = values.pop("title")
            slug = f"{model._meta.model_name}-{n}"
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    path=parent.path + alphabet_path(first_child + n),
                    depth=parent.depth + 1,
                    numchild=0,
                    url_path=f"{parent.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    latest_revision_created_at=now,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                )
            )
            instance = model(**values)
            rows.append((title, values.get("summary", ""), instance))
        with transaction.atomic():
            created = Page.objects.bulk_create(pages)
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({placeholders})",  # noqa: S608
                    [
                        [page.pk]
                        + [f.get_db_prep_save(getattr(instance, f.attname), connection) for f in own_fields]
                        for page, (_title, _summary, instance) in zip(created, rows, strict=True)
                    ],
                )
                cursor.executemany(
                    f"INSERT INTO {index_table}"
                    " (content_type_id, object_id, title, autocomplete, body, title_norm)"
                    " VALUES (%s, %s, %s, %s, %s, 1.0)",
                    [
                        (content_type.pk, str(page.pk), title, title, summary)
                        for page, (title, summary, _instance) in zip(created, rows, strict=True)
                    ],
                )
        ids += [page.pk for page in created]
        progress(label, len(ids), count)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)
    return ids


def build(args):
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_seed_content", verbosity=0)
    print(f"Migrated and seeded in {time.perf_counter() - started:.1f} s; adding content in bulk:")
    areas, themes = list(Area.objects.all()), list(Theme.objects.all())
    priorities = list(Priority.objects.all())
    now = timezone.now()

    def event_fields(n):
        start = (now + timedelta(days=(n % 540) - 90, hours=n % 9)).replace(minute=0, second=0, microsecond=0)
        weekly = n % 10 == 0
        return {
            "title": f"{text(n, 3).capitalize()} {n}",
            "summary": text(n, 20),
            "start": start,
            "end": start + timedelta(hours=2),
            "repeat": Repeat.WEEKLY if weekly else Repeat.NONE,
            "repeat_until": (start + timedelta(days=70)).date() if weekly else None,
            "organiser_name": "Matlock Neighbours",
            "venue_name": "Riverside Community Centre",
            "venue_postcode": "DE4 3AG",
            "area_id": areas[n % len(areas)].pk if areas else None,
            # A quarter serve an action plan priority, so the plan lists each one's next events.
            "priority_id": priorities[n % len(priorities)].pk if priorities and n % 4 == 0 else None,
        }

    def story_fields(n):
        return {
            "title": f"{text(n + 1, 4).capitalize()} {n}",
            "summary": text(n + 2, 25),
            "listing_date": (now - timedelta(days=n % 1500)).date(),
            "body": [{"type": "paragraph", "value": f"<p>{text(n, 120)}</p>", "id": str(uuid.uuid4())}],
            "organisation_name": "Example Lunch Club",
            "consent_people": "Everyone pictured.",
            "consent_date": (now - timedelta(days=n % 1500)).date(),
            "consent_method": "form",
        }

    def note_fields(n):
        return {"title": f"{text(n + 3, 4).capitalize()} {n}", "summary": text(n + 4, 25)}

    events_index = EventIndexPage.objects.first()
    stories_index = StoryIndexPage.objects.first()
    guidance_index = GuidanceIndexPage.objects.first()
    event_ids = bulk_children(events_index, EventPage, args.events, event_fields, "events")
    story_ids = bulk_children(stories_index, StoryPage, args.stories, story_fields, "stories")
    bulk_children(guidance_index, GuidanceNotePage, args.notes, note_fields, "guidance notes")
    occurrences = []
    for number, event in enumerate(EventPage.objects.filter(pk__in=event_ids).iterator()):
        occurrences += [
            EventOccurrence(event_id=event.pk, start=span.start, end=span.end, all_day=event.all_day)
            for span in spans(event.start, event.end, event.all_day, event.repeat, event.repeat_until)
        ]
        if number % 1000 == 999 or number == len(event_ids) - 1:
            EventOccurrence.objects.bulk_create(occurrences)
            occurrences = []
            progress("event dates", number + 1, len(event_ids))
    if themes:
        through = StoryPage.themes.through
        through.objects.bulk_create(
            [through(storypage_id=pk, theme_id=themes[pk % len(themes)].pk) for pk in story_ids]
        )
    pages = Page.objects.count()
    print(f"Built {pages:,} pages in {time.perf_counter() - started:.1f} s")
    return pages


def page_types():
    """[(label, path)] for every public page type, from the built site."""
    event = EventPage.objects.filter(occurrences__end__gt=timezone.now()).order_by("-pk").first()
    occurrence = event.occurrences.filter(end__gt=timezone.now()).order_by("start").first()
    story = StoryPage.objects.order_by("-pk").first()
    note = GuidanceNotePage.objects.order_by("-pk").first()
    events_url = EventIndexPage.objects.first().url
    stories_url = StoryIndexPage.objects.first().url

    def url_of(model_label):
        from django.apps import apps

        page = apps.get_model(model_label).objects.live().first()
        return page.url if page else None

    area = Area.objects.first()
    # The section with the most pages: its sitemap is the biggest file (10,000 addresses at most).
    largest_section = Page.objects.get(depth=2).get_children().live().order_by("-numchild").first()
    types = [
        ("home", "/"),
        ("guidance index", GuidanceIndexPage.objects.first().url),
        ("guidance note", note.url),
        ("charter", url_of("guidance.StrategyPage")),
        ("action plan", url_of("guidance.ActionPlanPage")),
        ("resources", url_of("guidance.ResourcesPage")),
        ("events listing", events_url),
        ("events filtered", f"{events_url}?area={area.slug}&when=this-month" if area else None),
        ("event", event.url),
        ("occurrence", f"{event.url}{timezone.localtime(occurrence.start):%Y-%m-%d}/"),
        ("stories index", stories_url),
        ("story", story.url),
        ("search", "/search/?q=community"),
        ("sitemap", "/sitemap.xml"),
        ("sitemap section", f"/sitemap-{largest_section.slug}.xml"),
        ("events feed", f"{events_url}feed/"),
        ("stories feed", f"{stories_url}feed/"),
        ("whole .ics", f"{events_url}calendar/"),
        ("event .ics", f"{event.url}calendar/"),
    ]
    return [(label, path) for label, path in types if path]


def count_queries(types):
    client = Client()
    counts = {}
    for label, path in types:
        client.get(path)  # first-use work (settings rows, renditions) is not what we count
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[label] = len(queries)
    return counts


def time_publishing(runs):
    note = GuidanceNotePage.objects.order_by("pk").first().specific
    timings = []
    for run in range(runs):
        note.summary = f"Updated for the bench, run {run}."
        began = time.perf_counter()
        note.save_revision().publish()
        timings.append((time.perf_counter() - began) * 1000)
    return percentiles(timings)


def percentiles(timings):
    return statistics.median(timings), statistics.quantiles(timings, n=20, method="inclusive")[18]


# --- serving and load ------------------------------------------------------------------

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format('WRK {"p50": %.3f, "p95": %.3f, "requests": %d, "seconds": %.3f, "errors": %d}\\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.requests,
    summary.duration / 1e6, errors))
end
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(page_cache):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="bench-only-secret-key",  # noqa: S106
        ALLOWED_HOSTS="127.0.0.1",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        DATABASE_URL=f"sqlite:///{DB_PATH}",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        SECURE_COOKIES="false",
        STATIC_ROOT=str(WORKDIR / "static"),
        CACHE_DIR=str(WORKDIR / "cache"),
        PAGE_CACHE_ENABLED="true" if page_cache else "false",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(*command):
    """A management command with the production settings the server uses."""
    arguments = [sys.executable, "manage.py", *command]
    subprocess.run(arguments, cwd=ROOT, env=server_environment(True), check=True)  # noqa: S603


class Server:
    def __init__(self, page_cache):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(gunicorn),
                "--config",
                "config/gunicorn.conf.py",  # the production server's settings: threads, start-up hook
                "config.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=server_environment(page_cache),
            stdout=subprocess.DEVNULL,  # the access log, written as in production
            start_new_session=True,
        )
        for _ in range(600):
            try:
                fetch(self.base + "/robots.txt")  # answered once a worker is up
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a worker still busy with a slow request
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def wrk(url, seconds, connections):
    script = WORKDIR / "report.lua"
    script.write_text(WRK_SCRIPT)
    threads = min(2, connections)
    output = subprocess.run(  # noqa: S603
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s", "-s", str(script)]  # noqa: S607
        + [url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK "))
    figures = json.loads(line[4:])
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def fetch(url):
    from urllib.request import urlopen

    with urlopen(url, timeout=300) as response:  # noqa: S310
        return response.status, response.read(), response.headers


def measure_uncached(types, seconds):
    server = Server(page_cache=False)
    try:
        results = {}
        for label, path in types:
            # Once (what it caches for every worker is built), then in every worker: a worker's
            # first request builds its URL tables.
            fetch(server.base + path)
            wrk(server.base + path, 1, 4)
            figures = wrk(server.base + path, seconds, 1)
            results[label] = {"p50": figures["p50"], "p95": figures["p95"], "errors": figures["errors"]}
            print(f"  uncached {label:<18} p50 {figures['p50']:7.1f} ms  p95 {figures['p95']:7.1f} ms")
        return results
    finally:
        server.stop()


def measure_cached(types, seconds, home_bytes):
    static_dir = WORKDIR / "static"
    # WhiteNoise indexes static files when it starts, so the file is written first.
    (static_dir / "bench-same-size.html").write_bytes(b"x" * home_bytes)
    server = Server(page_cache=True)
    try:
        static = wrk(f"{server.base}/static/bench-same-size.html", seconds, 16)
        print(f"  static file ({home_bytes:,} bytes): {static['rps']:,.0f} req/s")
        results = {"static_file": {"bytes": home_bytes, "rps": static["rps"]}}
        for label, path in types:
            fetch(server.base + path)
            hit = fetch(server.base + path)[2].get("X-Page-Cache") == "hit"
            figures = wrk(server.base + path, seconds, 16)
            ratio = figures["rps"] / static["rps"]
            results[label] = {"rps": figures["rps"], "ratio": ratio, "cached": hit}
            print(f"  cached   {label:<18} {figures['rps']:8,.0f} req/s  {ratio:5.2f} of static  hit={hit}")
        if LIGHTHOUSE.exists():
            for label, figures in measure_lighthouse(server, types).items():
                results[label].update(figures)
        return results
    finally:
        server.stop()


def measure_lighthouse(server, types):
    """Lighthouse's performance score and layout shift (its default mobile profile, Debian's
    Chromium) for each HTML page type, as served from the page cache."""
    results = {}
    report_path = WORKDIR / "lighthouse.json"
    for label, path in types:
        if any(word in label for word in NOT_HTML):
            continue
        command = [
            str(LIGHTHOUSE),
            server.base + path,
            "--only-categories=performance",
            "--output=json",
            f"--output-path={report_path}",
            "--quiet",
            f"--chrome-flags={' '.join(['--headless=new', *CHROMIUM_ARGS])}",
        ]
        # On a busy machine Lighthouse now and then loses its trace (NO_NAVSTART): one more try.
        for _attempt in range(2):
            run = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)  # noqa: S603
            if run.returncode == 0:
                break
        else:
            print(f"  lighthouse {label:<16} failed twice; left out")
            continue
        report = json.loads(report_path.read_text())
        score = report["categories"]["performance"]["score"]
        shift = report["audits"]["cumulative-layout-shift"]["numericValue"]
        results[label] = {"lighthouse": score, "cls": shift}
        print(f"  lighthouse {label:<16} performance {score:.2f}  layout shift {shift:.3f}")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--stories", type=int, default=2_000)
    parser.add_argument("--notes", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--publish-runs", type=int, default=20)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--only", help="page types to measure, comma-separated, e.g. 'search,sitemap'")
    args = parser.parse_args()
    try:
        pages = Page.objects.count() if REUSE else build(args)
        # As the daily job keeps a live site's planner statistics (make run runs it at start too).
        call_command("analyze_database", stdout=open(os.devnull, "w"))  # noqa: SIM115
        types = page_types()
        if args.only:
            types = [(label, path) for label, path in types if label in args.only.split(",")]
        queries = count_queries(types)
        home_bytes = len(Client().get("/").content)
        publish = time_publishing(args.publish_runs)
        connection.close()
        if not (WORKDIR / "static" / "staticfiles.json").exists():
            print("Collecting static files (production storage: hashed, gzip and brotli)...")
            manage("collectstatic", "--noinput", "-v0")
        manage("createcachetable")
        print(f"Serving with gunicorn (2 workers, production settings), {args.seconds} s of wrk per figure:")
        uncached = measure_uncached(types, args.seconds)
        cached = measure_cached(types, args.seconds, home_bytes)
        report = {
            "pages": pages,
            "machine": f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at the end",
            "when": timezone.now().isoformat(timespec="seconds"),
            "publish_ms": {"p50": publish[0], "p95": publish[1]},
            "static_file": cached.pop("static_file"),
            "page_types": {
                label: {"queries": queries[label], **uncached[label], **cached[label]} for label, _ in types
            },
        }
        print_table(report)
        out = ROOT / "bench" / f"site-{pages}.json"
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(report, indent=2))
        print(f"\nWrote {out.relative_to(ROOT)}")
    finally:
        if args.keep or os.environ.get("BENCH_WORKDIR"):
            print(f"Kept {WORKDIR}")
        else:
            shutil.rmtree(WORKDIR, ignore_errors=True)


def print_table(report):
    static = report["static_file"]
    print(f"\n{report['pages']:,} pages; {report['machine']}.")
    print(f"Static file of the home page's size ({static['bytes']:,} bytes): {static['rps']:,.0f} req/s.")
    print(
        f"{'page type':<18} {'queries':>7} {'p50 ms':>7} {'p95 ms':>7} {'cached req/s':>12} {'of static':>9}"
        f" {'lighthouse':>10}"
    )
    for label, row in report["page_types"].items():
        lighthouse = f"{row['lighthouse']:>10.2f}" if "lighthouse" in row else ""
        print(
            f"{label:<18} {row['queries']:>7} {row['p50']:>7.1f} {row['p95']:>7.1f} "
            f"{row['rps']:>12,.0f} {row['ratio']:>9.2f} {lighthouse}"
        )
    publish = report["publish_ms"]
    print(f"Publish a guidance note: p50 {publish['p50']:.0f} ms, p95 {publish['p95']:.0f} ms.")


if __name__ == "__main__":
    main()
