"""Calendar import, parsing only (no network, no database): `make bench`.

Times events.importing.parse.parse and measures its peak Python memory (tracemalloc) on an
ordinary calendar and on hostile ones, each of which must fail fast with its message. Prints
one table. Options: --runs 5.
"""

import argparse
import os
import sys
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from events.importing import SourceError  # noqa: E402
from events.importing.parse import parse  # noqa: E402

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
FIXTURES = ROOT / "events" / "tests" / "importing" / "fixtures"


def calendar(events):
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{uid}\r\n" + "".join(f"{line}\r\n" for line in lines) + "END:VEVENT\r\n"
        for uid, lines in events
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n".encode()


def weekly(n):
    return (
        f"w{n}",
        [
            f"DTSTART:2026120{1 + n % 7}T1{n % 10}0000Z",
            f"DTEND:2026120{1 + n % 7}T1{n % 10}3000Z",
            "RRULE:FREQ=WEEKLY;BYDAY=MO,WE",
            f"SUMMARY:Club {n}",
            "LOCATION:Hall\\, Matlock DE4 3AG",
        ],
    )


CASES = [
    ("Google fixture (series, moved date, all-day)", (FIXTURES / "google.ics").read_bytes()),
    ("Outlook fixture (Windows time zone, floating)", (FIXTURES / "outlook.ics").read_bytes()),
    (
        "500 one-off events",
        calendar(
            (
                f"e{n}",
                [f"DTSTART:20261{n % 2 + 1}{n % 28 + 1:02d}T190000Z", f"SUMMARY:Event {n}", "LOCATION:Hall"],
            )
            for n in range(500)
        ),
    ),  # fmt: skip
    ("9 twice-weekly series (936 dates)", calendar(weekly(n) for n in range(9))),
    (
        "hostile: every second for ever",
        calendar([("s", ["DTSTART:20261201T100000Z", "RRULE:FREQ=SECONDLY"])]),
    ),
    (
        "hostile: 20 daily rules since 1900",
        calendar((f"d{n}", [f"DTSTART:19000101T10{n:02d}00Z", "RRULE:FREQ=DAILY"]) for n in range(20)),
    ),  # fmt: skip
    ("hostile: 100,000 events", calendar((f"e{n}", ["DTSTART:20261210T190000Z"]) for n in range(100_000))),
]


def attempt(body):
    try:
        return f"{len(parse(body, 'Group', NOW))} events"
    except SourceError as error:
        return f"refused: {error}"


def measure(body, runs):
    """Median time over `runs`, then peak memory in one more run (tracemalloc slows it down)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        outcome = attempt(body)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    attempt(body)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return sorted(times)[len(times) // 2], peak, outcome


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'calendar':48} {'size':>8} {'median':>9} {'peak mem':>9}  outcome")
    for name, body in CASES:
        median, peak, outcome = measure(body, args.runs)
        print(
            f"{name:48} {len(body) / 1024:7.0f}K {median * 1000:7.0f}ms {peak / 2**20:7.1f}MB  {outcome[:70]}"
        )


if __name__ == "__main__":
    main()
