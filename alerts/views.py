"""Subscribe, confirm, manage and unsubscribe: no accounts, only signed links.

Every page here is per visitor (a CSRF form, or a personal link), so none is kept by a cache.
The subscribe and "new link" pages answer the same whether or not an address is known."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from events import spam
from home.languages import current_code
from home.models import SiteSettings, cache_policy

from . import emails, tokens
from .filters import columns, describe, filter_key, normalise
from .forms import EmailForm, FrequencyForm, SubscribeForm
from .models import Kind, Subscriber, Subscription
from .tasks import queue_subscriber_email

logger = logging.getLogger("alerts")
ONE_EMAIL_PER = timedelta(hours=1)


def render(request, template, context=None, status=200):
    response = TemplateResponse(request, f"alerts/{template}.html", context or {}, status=status)
    return cache_policy(response, request, varies_per_visitor=True)


def alert_limit():
    return spam.RateLimit("email-alerts", settings.ALERT_RATE_LIMIT, settings.ALERT_RATE_LIMIT_WINDOW)


def rate_limited(request):
    """The shared limiter's 429 page, or None when this network may send another form."""
    limit = alert_limit()
    if limit.hit(spam.network_of(spam.client_ip(request))):
        return None
    logger.warning("Refused an email alerts form: more than %s in %ss", limit.limit, limit.window)
    response = render(
        request,
        "too_many",
        {"retry_minutes": max(1, limit.retry_after() // 60), "contact": SiteSettings.load()},
        status=429,
    )
    response["Retry-After"] = str(limit.retry_after())
    return response


def claim_email_slot(subscriber, field):
    """True for at most one caller an hour per address: a conditional update, safe under races."""
    now = timezone.now()
    free = Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": now - ONE_EMAIL_PER})
    return bool(Subscriber.objects.filter(free, pk=subscriber.pk).update(**{field: now}))


def send_link(subscriber):
    """Email whichever link the address needs: a confirmation while anything awaits one, else a
    manage link. At most one of each an hour."""
    if subscriber.subscriptions.filter(confirmed_at__isnull=True).exists():
        if claim_email_slot(subscriber, "confirmation_sent_at"):
            queue_subscriber_email(emails.CONFIRM, subscriber)
    elif subscriber.confirmed_at and claim_email_slot(subscriber, "link_sent_at"):
        queue_subscriber_email(emails.MANAGE_LINK, subscriber)


def subscription_kind(request):
    kind = request.GET.get("kind", Kind.EVENTS)
    if kind not in Kind.values:
        raise Http404("No such kind of alert.")
    return Kind(kind)


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    kind = subscription_kind(request)
    filters = normalise(kind, request.GET)
    context = {"kind": kind, "description": describe(kind, filters), "filters": filters}
    if request.method != "POST":
        return render(request, "subscribe", {**context, "form": SubscribeForm()})
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "subscribe", {**context, "form": form})
    if refused := rate_limited(request):
        return refused
    with transaction.atomic():
        subscriber, created = Subscriber.objects.get_or_create(
            email=form.cleaned_data["email"], defaults={"language": current_code()}
        )
        if not created and subscriber.confirmed_at is None and subscriber.language != current_code():
            # Anyone can type an address: only one not yet confirmed takes the language of the latest form.
            Subscriber.objects.filter(pk=subscriber.pk).update(language=current_code())
            subscriber.language = current_code()
        subscription, created = Subscription.objects.get_or_create(
            subscriber=subscriber,
            kind=kind,
            filter_key=filter_key(filters),
            defaults={"filters": filters, "frequency": form.cleaned_data["frequency"], **columns(filters)},
        )
        if not created and subscription.confirmed_at is None:
            # Only an unconfirmed request may be changed from here: anyone can type an address.
            Subscription.objects.filter(pk=subscription.pk).update(frequency=form.cleaned_data["frequency"])
        send_link(subscriber)
    return render(request, "check_email", {**context, "email": form.cleaned_data["email"]})


@require_http_methods(["GET", "HEAD"])
def confirm(request, token):
    try:
        _payload, subscriber = tokens.read(token, tokens.CONFIRM)
    except tokens.TokenExpired:
        return render(request, "link_expired", {"form": EmailForm()}, status=410)
    except tokens.TokenInvalid:
        subscriber = None
    if subscriber is None:
        return render(request, "link_invalid", {"form": EmailForm()}, status=404)
    now = timezone.now()
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk).update(confirmed_at=now, repermission_sent_at=None)
        subscriber.subscriptions.filter(confirmed_at__isnull=True).update(confirmed_at=now)
    return render(
        request,
        "confirmed",
        {
            "subscriptions": subscriber.subscriptions.order_by("pk"),
            "manage_url": emails.manage_url(subscriber),
        },
    )


def describe_all(subscriber):
    return [
        {
            "subscription": item,
            "title": describe(item.kind, item.filters),
            "form": FrequencyForm(initial={"frequency": item.frequency}, prefix=f"s{item.pk}"),
        }
        for item in subscriber.subscriptions.filter(confirmed_at__isnull=False).order_by("pk")
    ]


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    try:
        _payload, subscriber = tokens.read(token, tokens.MANAGE)
    except tokens.TokenExpired:
        return render(request, "link_expired", {"form": EmailForm()}, status=410)
    except tokens.TokenInvalid:
        subscriber = None
    if subscriber is None:
        return render(request, "link_invalid", {"form": EmailForm()}, status=404)
    done = ""
    if request.method == "POST":
        if subscriber.language != current_code():
            # Whoever holds the manage link is the subscriber: their emails follow the language they use.
            Subscriber.objects.filter(pk=subscriber.pk).update(language=current_code())
        action = request.POST.get("action", "")
        if action == "remove-all":
            subscriber.delete()
            return render(request, "unsubscribed", {"everything": True})
        subscription = subscriber.subscriptions.filter(pk=parse_id(request.POST.get("subscription"))).first()
        if subscription is not None and action == "remove":
            subscription.delete()
            done = _("You will no longer get emails about: %(subscription)s") % {
                "subscription": describe(subscription.kind, subscription.filters)
            }
            if not subscriber.subscriptions.exists():
                subscriber.delete()
                return render(request, "unsubscribed", {"everything": True})
        elif subscription is not None and action == "frequency":
            form = FrequencyForm(request.POST, prefix=f"s{subscription.pk}")
            if form.is_valid():
                Subscription.objects.filter(pk=subscription.pk).update(
                    frequency=form.cleaned_data["frequency"]
                )
                done = _("How often you get emails has been changed")
    return render(request, "manage", {"items": describe_all(subscriber), "done": done})


def parse_id(value):
    return (
        int(value)
        if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19
        else None
    )


@require_http_methods(["GET", "HEAD", "POST"])
def new_link(request):
    if request.method != "POST":
        return render(request, "new_link", {"form": EmailForm()})
    form = EmailForm(request.POST)
    if not form.is_valid():
        return render(request, "new_link", {"form": form})
    if refused := rate_limited(request):
        return refused
    subscriber = Subscriber.objects.filter(email=form.cleaned_data["email"]).first()
    if subscriber is not None:
        send_link(subscriber)
    return render(request, "link_sent", {"email": form.cleaned_data["email"]})


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """One-click unsubscribe (RFC 8058): a POST with no cookies and no CSRF token, idempotent.
    A GET only shows a button, because mail scanners follow links."""
    try:
        payload, subscriber = tokens.read(token, tokens.UNSUBSCRIBE)
    except (tokens.TokenExpired, tokens.TokenInvalid):
        return render(request, "link_invalid", {"form": EmailForm()}, status=404)
    if request.method != "POST":
        return render(request, "unsubscribe", {})
    if subscriber is not None:
        with transaction.atomic():
            wanted = subscriber.subscriptions.all()
            if payload.get("i"):
                wanted = wanted.filter(pk__in=[value for value in payload["i"] if isinstance(value, int)])
            wanted.delete()
            if not subscriber.subscriptions.exists():
                subscriber.delete()
    return render(request, "unsubscribed", {"everything": not payload.get("i")})
