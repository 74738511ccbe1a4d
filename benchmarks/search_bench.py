"""Search speed at 1,000, 10,000 and 100,000 pages on SQLite: `make bench`.

Builds each site in a throwaway SQLite database (one migrated template, copied per size), with pages
inserted in bulk (treebeard paths computed here) and the search index written in bulk, then times the
whole request for /search/ through Django's test Client: p50 and p95 for a rare word, a common word
and a phrase. Options: --sizes 1000,10000 --runs 30.
"""

import argparse
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="bpt-search-bench-"))
TEMPLATE_DB = WORKDIR / "template.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{TEMPLATE_DB}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Locale, Page, Site  # noqa: E402

from home.models import HomePage, StandardPage  # noqa: E402

QUERIES = [
    ("rare word", "allotment"),
    ("common word", "community"),
    ("phrase", '"hate crime"'),
]
COMMON = [
    "community",
    "people",
    "together",
    "local",
    "council",
    "group",
    "support",
    "residents",
    "help",
    "work",
    "area",
    "event",
    "families",
    "young",
    "older",
    "faith",
    "school",
    "neighbours",
    "project",
    "volunteers",
    "services",
    "place",
    "share",
    "voice",
    "respect",
    "trust",
]
SECTION_SIZE = 500
RARE_EVERY = 1000  # one page in a thousand mentions the rare word
FILLER = [
    "".join(
        random.Random(n).choice("abcdefghijklmnopqrstuvwxyz") for _ in range(random.Random(n).randint(3, 9))
    )
    for n in range(3000)
]


def words(rng, count):
    out = []
    for _ in range(count):
        out.append(rng.choice(COMMON) if rng.random() < 0.3 else rng.choice(FILLER))
    return out


def page_text(rng, n):
    """(title, introduction, body text) for page n: 'community' on nearly every page."""
    title_words = words(rng, rng.randint(3, 7))
    intro_words = words(rng, 25)
    body_words = words(rng, 150)
    if rng.random() < 0.95:
        body_words.insert(rng.randrange(len(body_words)), "community")
    if rng.random() < 0.05:
        at = rng.randrange(len(body_words))
        body_words[at:at] = ["hate", "crime"]
    if n % RARE_EVERY == 7:
        intro_words.insert(3, "allotment")
    return " ".join(title_words).capitalize(), " ".join(intro_words) + ".", " ".join(body_words) + "."


def build_template():
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Bringing People Together", slug="bench-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "port": 80, "root_page": home}
    )
    connections.close_all()
    print(f"Migrated a template database in {time.perf_counter() - started:.1f} s")


def use_database(path):
    connections.close_all()
    for alias in ("default",):
        connections[alias].settings_dict["NAME"] = str(path)
    settings.DATABASES["default"]["NAME"] = str(path)


def alphabet_path(index):
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(4):
        index, digit = divmod(index, 36)
        out = alphabet[digit] + out
    return out


def build_site(size):
    """Insert `size` standard pages and index them, all in bulk: sections of SECTION_SIZE pages under
    the home page, the first few in the menu, as a real site is shaped."""
    path = WORKDIR / f"site-{size}.sqlite3"
    shutil.copy(TEMPLATE_DB, path)
    use_database(path)
    started = time.perf_counter()
    rng = random.Random(size)
    home = HomePage.objects.get()
    sections = -(-size // SECTION_SIZE)
    rows = []
    for s in range(1, sections + 1):
        section_path = home.path + alphabet_path(s)
        rows.append(
            (
                section_path,
                home.depth + 1,
                f"{home.url_path}section-{s}/",
                f"section-{s}",
                s <= 6,
                (f"Section {s}", f"Pages about topic {s}.", ""),
            )
        )
    for n in range(1, size + 1):
        s, k = divmod(n - 1, SECTION_SIZE)
        rows.append(
            (
                home.path + alphabet_path(s + 1) + alphabet_path(k + 1),
                home.depth + 2,
                f"{home.url_path}section-{s + 1}/page-{n}/",
                f"page-{n}",
                False,
                page_text(rng, n),
            )
        )
    with transaction.atomic():
        for first in range(0, len(rows), 5000):
            insert_pages(rows[first : first + 5000])
        Page.objects.filter(pk=home.pk).update(numchild=sections)
        for s in range(1, sections + 1):
            Page.objects.filter(path=home.path + alphabet_path(s)).update(
                numchild=min(SECTION_SIZE, size - (s - 1) * SECTION_SIZE)
            )
    built = time.perf_counter() - started
    print(f"\n{size:,} pages: built and indexed in {built:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")


def insert_pages(rows):
    locale = Locale.get_default()
    content_type = ContentType.objects.get_for_model(StandardPage)
    now = timezone.now()
    index_table = Page.index_entries.rel.model._meta.db_table
    pages = [
        Page(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type,
            path=path,
            depth=depth,
            numchild=0,
            url_path=url_path,
            live=True,
            show_in_menus=in_menu,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            locale=locale,
            translation_key=uuid.uuid4(),
        )
        for path, depth, url_path, slug, in_menu, (title, intro, body) in rows
    ]
    created = Page.objects.bulk_create(pages)
    texts = [row[-1] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO home_standardpage (page_ptr_id, introduction, body, social_image_id)"
            " VALUES (%s, %s, %s, NULL)",
            [
                (
                    page.pk,
                    intro,
                    f'[{{"type": "paragraph", "value": "<p>{body}</p>", "id": "{uuid.uuid4()}"}}]',
                )
                for page, (title, intro, body) in zip(created, texts, strict=True)
            ],
        )
        # The search index's own triggers copy each row into its FTS5 table as it goes in.
        cursor.executemany(
            f"INSERT INTO {index_table} (content_type_id, object_id, title, autocomplete, body, title_norm)"
            " VALUES (%s, %s, %s, %s, %s, 1.0)",
            [
                (content_type.pk, str(page.pk), title, title, f"{intro} {body}")
                for page, (title, intro, body) in zip(created, texts, strict=True)
            ],
        )


def time_requests(query, runs):
    client = Client()
    for _ in range(3):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, response.status_code
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get("/search/", {"q": query})
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    status = re.search(r'role="status">\s*((?:About )?[\d,]+|No) result', response.content.decode())
    found = status.group(1).replace("No", "0") if status else "?"
    cuts = statistics.quantiles(timings, n=20, method="inclusive")
    return statistics.median(timings), cuts[18], found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    try:
        build_template()
        rows = []
        for size in sizes:
            build_site(size)
            for label, query in QUERIES:
                p50, p95, found = time_requests(query, args.runs)
                rows.append((size, label, query, found, p50, p95))
                print(f"  {label:<12} {query:<14} {found:>7} results   p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
        print("\nSummary (whole request through Django's test Client, SQLite, ranked by bm25):")
        print(f"{'pages':>8}  {'query':<26} {'results':>8} {'p50 ms':>8} {'p95 ms':>8}")
        for size, label, query, found, p50, p95 in rows:
            print(f"{size:>8,}  {label + ' ' + query:<26} {found:>8} {p50:>8.1f} {p95:>8.1f}")
    finally:
        connections.close_all()
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
