"""Which subscriptions a published page matches, and queuing what they should be told.

Runs in the task queue (alerts.tasks.match_page), never in the editor's request. Matching is
one query over the denormalised Subscription columns, inserted straight into the outbox by the
database, ignoring rows that already exist, so memory stays flat and matching twice queues
nothing twice."""

from datetime import timedelta

from django.db import connections, router
from django.db.models import F, Q
from django.utils import timezone

from .filters import event_access_mask
from .models import AlertItem, Change, Frequency, Kind, PageSnapshot, Subscription

# -- periods ------------------------------------------------------------------


def period_for(frequency, when=None):
    """The period an item queued at `when` belongs to, in UK time: one email per period."""
    local = timezone.localtime(when or timezone.now())
    if frequency == Frequency.DAILY:
        return local.strftime("%Y-%m-%d")
    if frequency == Frequency.WEEKLY:
        year, week, _day = local.isocalendar()
        return f"{year}-W{week:02d}"
    return local.strftime("%Y-%m-%dT%H")


# -- what a page is -----------------------------------------------------------


def kind_of(page):
    """The alert kind a specific page belongs to, or None."""
    label = page._meta.label_lower
    if label == "events.eventpage":
        return Kind.EVENTS
    if label == "stories.storypage":
        return Kind.STORIES
    if hasattr(page, "notify_subscribers"):
        return Kind.GUIDANCE
    return None


def event_state(event):
    """The facts whose change subscribers hear about."""
    return {
        "status": event.status,
        "start": event.start.isoformat() if event.start else "",
        "end": event.end.isoformat() if event.end else "",
        "all_day": event.all_day,
        "repeat": str(event.repeat or ""),
        "repeat_until": event.repeat_until.isoformat() if event.repeat_until else "",
        "venue": [event.venue_name.strip(), event.venue_postcode.strip(), event.online_url.strip()],
    }


def page_state(page, kind):
    if kind == Kind.EVENTS:
        return event_state(page)
    if kind == Kind.GUIDANCE:
        return {"change_note": page.change_note.strip() if page.notify_subscribers else ""}
    return {}


def changes_between(kind, old, new):
    """The changes that matter between two states, in the order subscribers read them."""
    if kind == Kind.GUIDANCE:
        note = new.get("change_note", "")
        return [Change.UPDATED] if note and note != old.get("change_note", "") else []
    if kind != Kind.EVENTS:
        return []
    changes = []
    if new["status"] != old.get("status"):
        if new["status"] == "cancelled":
            changes.append(Change.CANCELLED)
        elif new["status"] == "postponed":
            changes.append(Change.POSTPONED)
    if new["status"] not in ("cancelled", "postponed"):
        timing = ("start", "end", "all_day", "repeat", "repeat_until")
        if any(new[key] != old.get(key) for key in timing):
            changes.append(Change.RETIMED)
        if new["venue"] != old.get("venue"):
            changes.append(Change.MOVED)
    return changes


def detect_changes(page, kind):
    """Compare the page with its last snapshot, record the new one, and return the changes.

    A page published for the first time is new. A page that was live before alerts existed
    has no snapshot: it is recorded, and only an editor's guidance note is sent."""
    new = page_state(page, kind)
    snapshot = PageSnapshot.objects.filter(page_id=page.pk).first()
    if snapshot is None:
        PageSnapshot.objects.create(page_id=page.pk, state=new)
        first_publish = page.first_published_at and page.first_published_at == page.last_published_at
        if kind == Kind.GUIDANCE:
            # Guidance is announced only with the editor's note, new page or not.
            return ([Change.NEW] if first_publish else [Change.UPDATED]) if new.get("change_note") else []
        return [Change.NEW] if first_publish else []
    changes = changes_between(kind, snapshot.state, new)
    snapshot.state = new
    snapshot.save(update_fields=["state", "updated_at"])
    return changes


# -- who matches --------------------------------------------------------------


def matching_subscriptions(page, kind):
    """Confirmed subscriptions, of addresses we may mail, whose every filter the page meets."""
    subscriptions = Subscription.objects.filter(
        kind=kind,
        confirmed_at__isnull=False,
        subscriber__confirmed_at__isnull=False,
        subscriber__bounced_at__isnull=True,
        subscriber__complained_at__isnull=True,
    )
    if kind == Kind.EVENTS:
        area = page.area.slug if page.area_id else None
        category = page.category.slug if page.category_id else None
        themes = list(page.themes.values_list("slug", flat=True))
        subscriptions = subscriptions.filter(
            Q(area="") | Q(area__in=[area] if area else []),
            Q(category="") | Q(category__in=[category] if category else []),
            Q(theme="") | Q(theme__in=themes),
        )
        if not page.is_free:
            subscriptions = subscriptions.filter(free=False)
        modes = [""]
        if page.venue_name or page.venue_postcode:
            modes.append("in-person")
        if page.online_url:
            modes.append("online")
        mask = event_access_mask(page)
        subscriptions = (
            subscriptions.filter(mode__in=modes)
            .alias(missing=F("access_mask").bitand(~mask & 0xFFFF))
            .filter(missing=0)
        )
    elif kind == Kind.STORIES:
        areas = list(page.areas.values_list("slug", flat=True))
        themes = list(page.themes.values_list("slug", flat=True))
        subscriptions = subscriptions.filter(
            Q(area="") | Q(area__in=areas), Q(theme="") | Q(theme__in=themes)
        )
    return subscriptions


def queue_items(page, kind, changes, note="", now=None):
    """Queue an AlertItem per matching subscription and change; return how many were new.

    One INSERT ... SELECT per change: the database streams the matches straight into the
    outbox, so no row passes through Python and memory stays flat however many match. Rows
    already queued (the same subscriber, frequency, period, page and change) are skipped."""
    now = now or timezone.now()
    matches = (
        matching_subscriptions(page, kind)
        .order_by()
        .annotate(m_subscriber=F("subscriber_id"), m_subscription=F("pk"), m_frequency=F("frequency"))
        .values_list("m_subscriber", "m_subscription", "m_frequency")
    )
    select_sql, select_params = matches.query.sql_with_params()
    connection = connections[router.db_for_write(AlertItem)]
    quote = connection.ops.quote_name
    table = quote(AlertItem._meta.db_table)
    columns = ", ".join(
        quote(AlertItem._meta.get_field(name).column)
        for name in (
            "subscriber",
            "subscription",
            "frequency",
            "period",
            "page",
            "change",
            "note",
            "created_at",
        )
    )
    # WHERE 1 = 1 tells SQLite's parser that ON CONFLICT is not a join constraint.
    sql = (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608 (names quoted; values are parameters)
        "SELECT m.m_subscriber, m.m_subscription, m.m_frequency, "
        "CASE m.m_frequency WHEN %s THEN %s WHEN %s THEN %s ELSE %s END, %s, %s, %s, %s "
        f"FROM ({select_sql}) m WHERE 1 = 1 ON CONFLICT DO NOTHING"
    )
    created_at = connection.ops.adapt_datetimefield_value(now)
    inserted = 0
    with connection.cursor() as cursor:
        for change in changes:
            periods = [
                Frequency.DAILY,
                period_for(Frequency.DAILY, now),
                Frequency.WEEKLY,
                period_for(Frequency.WEEKLY, now),
                period_for(Frequency.IMMEDIATE, now),
            ]
            cursor.execute(sql, [*periods, page.pk, str(change), note[:255], created_at, *select_params])
            inserted += max(cursor.rowcount, 0)
    return inserted


def forget_unsent(page_id):
    """A page taken down is not mentioned in emails still to be built."""
    return AlertItem.objects.filter(page_id=page_id, email__isnull=True).delete()[0]


def lapsed_cutoff(now=None, months=12):
    return (now or timezone.now()) - timedelta(days=30 * months + 5)
