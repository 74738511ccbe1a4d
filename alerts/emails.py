"""The alert emails: a confirmation, a "manage your alerts" link, the alerts themselves and the
re-permission question. Plain text plus a plain HTML part in GOV.UK Notify's style; no images,
no tracking pixels, no redirected links. Rendered when the task runs, from ids only."""

from collections import OrderedDict
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events import schedule
from home.languages import active_language, mail_language

from . import tokens
from .filters import describe
from .models import Change, Frequency, Kind

CONFIRM, MANAGE_LINK, ALERT, REPERMISSION = "confirm", "manage_link", "alert", "repermission"

SECTION_TITLES = OrderedDict(
    [
        ((Kind.EVENTS, "new"), _("New events")),
        ((Kind.EVENTS, "changed"), _("Changes to events")),
        ((Kind.STORIES, "new"), _("New success stories")),
        ((Kind.GUIDANCE, "new"), _("New guidance")),
        ((Kind.GUIDANCE, "changed"), _("Updated guidance")),
    ]
)


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def link(name, subscriber, purpose, subscription_ids=()):
    return absolute(reverse(name, args=[tokens.make(subscriber, purpose, subscription_ids)]))


def manage_url(subscriber):
    return link("alerts:manage", subscriber, tokens.MANAGE)


def unsubscribe_url(subscriber, subscription_ids):
    return link("alerts:unsubscribe", subscriber, tokens.UNSUBSCRIBE, subscription_ids)


def render_message(kind, to, context, headers=None):
    language = active_language()
    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": absolute("/"),
        "language_tag": language.tag,
        "language_direction": language.direction,
        **context,
    }
    subject = " ".join(render_to_string(f"alerts/emails/{kind}_subject.txt", context).split())
    context["subject"] = subject
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"alerts/emails/{kind}.txt", context),
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(render_to_string(f"alerts/emails/{kind}.html", context), "text/html")
    return message


def in_reader_language(subscriber):
    """Words, dates and links (/pl/email-alerts/...) in the language the subscriber used on the site."""
    return translation.override(mail_language(subscriber.language))


def confirmation_message(subscriber):
    pending = subscriber.subscriptions.filter(confirmed_at__isnull=True).order_by("pk")
    with in_reader_language(subscriber):
        return render_message(
            CONFIRM,
            subscriber.email,
            {
                "confirm_url": link("alerts:confirm", subscriber, tokens.CONFIRM),
                "subscriptions": [describe_subscription(item) for item in pending],
                "days": settings.ALERT_TOKEN_MAX_AGE[tokens.CONFIRM] // 86400,
            },
        )


def manage_link_message(subscriber):
    with in_reader_language(subscriber):
        return render_message(
            MANAGE_LINK,
            subscriber.email,
            {
                "manage_url": manage_url(subscriber),
                "days": settings.ALERT_TOKEN_MAX_AGE[tokens.MANAGE] // 86400,
            },
        )


def repermission_message(subscriber):
    with in_reader_language(subscriber):
        return render_message(
            REPERMISSION,
            subscriber.email,
            {
                "confirm_url": link("alerts:confirm", subscriber, tokens.CONFIRM),
                "manage_url": manage_url(subscriber),
                "days": settings.ALERT_TOKEN_MAX_AGE[tokens.CONFIRM] // 86400,
            },
        )


def describe_subscription(subscription):
    return {
        "title": describe(subscription.kind, subscription.filters),
        "frequency": Frequency(subscription.frequency).label.lower(),
    }


def item_entry(page, change, note):
    """What an email says about one page."""
    entry = {"title": page.title, "url": page.full_url or absolute(page.url or "/"), "lines": []}
    if page._meta.label_lower == "events.eventpage":
        span = page.listing_span
        if page.status != "scheduled":
            # Whatever the change, a cancelled or postponed event says so first.
            entry["lines"].append(
                page.get_status_display() + (f": {page.status_note}" if page.status_note else "")
            )
        elif change == Change.RETIMED:
            entry["lines"].append(gettext("The time has changed"))
        elif change == Change.MOVED:
            entry["lines"].append(gettext("The venue has changed"))
        if span:
            entry["lines"].append(schedule.describe_span(span.local_start, span.local_end, page.all_day))
        if page.location_text:
            entry["lines"].append(page.location_text)
    elif note:
        entry["lines"].append(note)
    summary = getattr(page, "summary", "") or getattr(page, "introduction", "")
    if isinstance(summary, str) and summary and change == Change.NEW:
        entry["lines"].append(summary)
    return entry


def alert_sections(items):
    """[(title, [entry])] from (page, change, note) rows: a page that is new this period is
    listed once, as new, with its latest details; its changes are not listed as well."""
    by_page = OrderedDict()
    for page, change, note in items:
        if not page.live:
            continue  # taken down since: not mentioned
        by_page.setdefault(page.pk, (page, []))[1].append((change, note))
    sections = OrderedDict((key, []) for key in SECTION_TITLES)
    for page, changes in by_page.values():
        kind = page_kind(page)
        kinds = {change for change, _note in changes}
        note = next((note for _change, note in changes if note), "")
        if Change.NEW in kinds:
            sections[(kind, "new")].append(item_entry(page, Change.NEW, note))
            continue
        for change in (Change.CANCELLED, Change.POSTPONED, Change.RETIMED, Change.MOVED, Change.UPDATED):
            if change in kinds:
                sections.setdefault((kind, "changed"), []).append(item_entry(page, change, note))
                if kind == Kind.EVENTS and change in (Change.CANCELLED, Change.POSTPONED):
                    break
    return [
        (SECTION_TITLES.get(key, gettext("Updates")), entries) for key, entries in sections.items() if entries
    ]


def page_kind(page):
    from .matching import kind_of

    return kind_of(page) or Kind.GUIDANCE


def alert_message(alert_email, items, subscriptions):
    """The email for an AlertEmail: its sections, and links to manage or leave what it covers."""
    with in_reader_language(alert_email.subscriber):
        return build_alert_message(alert_email, items, subscriptions)


def build_alert_message(alert_email, items, subscriptions):
    sections = alert_sections(items)
    if not sections:
        return None
    subscriber = alert_email.subscriber
    count = sum(len(entries) for _title, entries in sections)
    unsubscribe = unsubscribe_url(subscriber, [subscription.pk for subscription in subscriptions])
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return render_message(
        ALERT,
        subscriber.email,
        {
            "frequency": alert_email.frequency,
            "digest": alert_email.frequency != Frequency.IMMEDIATE,
            "period_label": period_label(alert_email.frequency, alert_email.period),
            "count": count,
            "sections": sections,
            "subscriptions": [describe_subscription(item) for item in subscriptions],
            "manage_url": manage_url(subscriber),
            "unsubscribe_url": unsubscribe,
        },
        headers=headers,
    )


def period_label(frequency, period):
    if frequency == Frequency.DAILY:
        return schedule.format_date(date.fromisoformat(period))
    if frequency == Frequency.WEEKLY:
        year, week = period.split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
        return gettext("the week of %(date)s") % {"date": schedule.format_date(monday)}
    return ""
