"""Admin screens for email alerts. Moderators see counts, never addresses; Administrators can
look up one address (typed in full: there is no list to browse or export), see what was sent
to it, and erase it on request."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from home.models import Area

from .filters import describe
from .forms import EmailForm
from .models import AlertEmail, Frequency, Kind, Subscriber, Subscription

COUNTS_PERMISSION = "alerts.view_alert_counts"
ERASE_PERMISSION = "alerts.erase_subscriber"


def counts():
    """Confirmed subscriptions by kind and by area, with frequencies; and the address states."""
    confirmed = Subscription.objects.filter(confirmed_at__isnull=False)
    by_frequency = {frequency: Count("pk", filter=Q(frequency=frequency)) for frequency in Frequency.values}
    kinds = {row["kind"]: row for row in confirmed.values("kind").annotate(total=Count("pk"), **by_frequency)}
    areas = dict(Area.objects.values_list("slug", "name"))
    by_area = [
        (areas.get(row["area"], row["area"]) if row["area"] else "Any area", row["total"])
        for row in confirmed.filter(kind__in=[Kind.EVENTS, Kind.STORIES])
        .values("area")
        .annotate(total=Count("pk"))
        .order_by("-total", "area")
    ]
    return {
        "kinds": [
            {
                "label": Kind(kind).label,
                "total": kinds.get(kind, {}).get("total", 0),
                "frequencies": [kinds.get(kind, {}).get(frequency, 0) for frequency in Frequency.values],
            }
            for kind in Kind.values
        ],
        "frequencies": Frequency.labels,
        "by_area": by_area,
        "subscribers": {
            "confirmed": Subscriber.objects.filter(confirmed_at__isnull=False).count(),
            "unconfirmed": Subscriber.objects.filter(confirmed_at__isnull=True).count(),
            "bounced": Subscriber.objects.filter(bounced_at__isnull=False).count(),
            "complained": Subscriber.objects.filter(complained_at__isnull=False).count(),
        },
        "emails": {
            "sent": AlertEmail.objects.filter(sent_at__isnull=False).count(),
            "waiting": AlertEmail.objects.filter(sent_at__isnull=True, failed_at__isnull=True).count(),
            "failed": AlertEmail.objects.filter(failed_at__isnull=False, sent_at__isnull=True).count(),
        },
    }


@permission_required(COUNTS_PERMISSION, raise_exception=True)
def overview(request):
    context = {"counts": counts(), "can_erase": request.user.has_perm(ERASE_PERMISSION), "form": EmailForm()}
    return TemplateResponse(request, "alerts/admin/overview.html", context)


@permission_required(ERASE_PERMISSION, raise_exception=True)
def find_subscriber(request):
    form = EmailForm(request.GET or None)
    subscriber = None
    if form.is_valid():
        subscriber = Subscriber.objects.filter(email=form.cleaned_data["email"]).first()
    context = {
        "form": form,
        "subscriber": subscriber,
        "searched": form.is_valid(),
        "subscriptions": [
            (describe(item.kind, item.filters), item)
            for item in (subscriber.subscriptions.order_by("pk") if subscriber else [])
        ],
        "sent": subscriber.emails.order_by("-created_at")[:200] if subscriber else [],
    }
    return TemplateResponse(request, "alerts/admin/subscriber.html", context)


@require_POST
@permission_required(ERASE_PERMISSION, raise_exception=True)
def erase_subscriber(request, pk):
    deleted, _ = Subscriber.objects.filter(pk=pk).delete()
    if deleted:
        messages.success(request, "The address, its subscriptions and its send log have been erased.")
    return redirect(reverse("alerts_admin"))
