"""Email alerts without accounts: a subscriber is an address and nothing else; what they asked
for is a Subscription; what matched waits in AlertItem (one row per subscriber, page, change and
period, so a page is mentioned once however often it is republished); AlertEmail is the send log.
"""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel


def new_token_salt():
    return secrets.token_urlsafe(12)


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("As soon as something happens")
    DAILY = "daily", _("Once a day (a daily digest)")
    WEEKLY = "weekly", _("Once a week (a weekly digest)")


class Kind(models.TextChoices):
    EVENTS = "events", _("Events")
    STORIES = "stories", _("Success stories")
    GUIDANCE = "guidance", _("Guidance, the charter and the action plan")


class Change(models.TextChoices):
    NEW = "new", "New"
    UPDATED = "updated", "Updated"
    CANCELLED = "cancelled", "Cancelled"
    POSTPONED = "postponed", "Postponed"
    MOVED = "moved", "Venue changed"
    RETIMED = "retimed", "Time changed"


class SubscriberQuerySet(models.QuerySet):
    def mailable(self):
        """Confirmed, and not known to bounce or complain."""
        return self.filter(confirmed_at__isnull=False, bounced_at__isnull=True, complained_at__isnull=True)

    def unconfirmed_before(self, cutoff):
        return self.filter(confirmed_at__isnull=True, created_at__lt=cutoff)


class Subscriber(models.Model):
    """One email address. Nothing else about the person is kept."""

    email = models.EmailField(unique=True, help_text="Stored in lower case.")
    token_salt = models.CharField(
        max_length=32,
        default=new_token_salt,
        help_text="Part of every link sent to this address; changing it makes every old link stop working.",
    )
    created_at = models.DateTimeField(default=timezone.now, help_text="When the address first signed up.")
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the address last clicked a confirmation link."
    )
    confirmation_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the last confirmation email was queued (at most one an hour)."
    )
    link_sent_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the last manage link was queued (at most one an hour).",
    )
    repermission_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When we last asked whether they still want the emails."
    )
    bounced_at = models.DateTimeField(null=True, blank=True, help_text="Mail to this address bounced.")
    complained_at = models.DateTimeField(
        null=True, blank=True, help_text="The recipient reported our mail as spam."
    )
    language = models.CharField(
        max_length=15,
        default="en-gb",
        help_text="The language of the site (a Django code: en-gb, pl, ur) when the address subscribed "
        "or last managed its emails; its emails are written in it.",
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        permissions = [
            ("view_alert_counts", "Can see how many people subscribe to each kind of alert"),
            ("erase_subscriber", "Can find one address, see what was sent to it, and erase it"),
        ]

    def __str__(self):
        return f"Subscriber {self.pk}"

    @classmethod
    def normalise(cls, email):
        return email.strip().lower()


class Subscription(models.Model):
    """What one subscriber asked for. Event filters are kept both as the normalised query dict
    (to show and link back to) and as columns, so matching happens in the database."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions", help_text="Who asked."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, help_text="What it is about.")
    filters = models.JSONField(default=dict, blank=True, help_text="The listing's filters, normalised.")
    filter_key = models.CharField(
        max_length=500, blank=True, help_text="The filters as a sorted query string, so each is kept once."
    )
    frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.DAILY, help_text="How often to email."
    )
    # Denormalised filters: empty, False or 0 mean "any".
    area = models.SlugField(max_length=100, blank=True, help_text="Area slug, or empty for any.")
    category = models.SlugField(max_length=100, blank=True, help_text="Category slug, or empty for any.")
    theme = models.SlugField(max_length=100, blank=True, help_text="Theme slug, or empty for any.")
    free = models.BooleanField(default=False, help_text="Free events only.")
    mode = models.CharField(max_length=20, blank=True, help_text="'in-person', 'online' or empty for either.")
    access_mask = models.PositiveIntegerField(
        default=0, help_text="Inclusion features every event must have, one bit each."
    )
    created_at = models.DateTimeField(default=timezone.now, help_text="When it was asked for.")
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the subscriber confirmed it; nothing is sent before."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "kind", "filter_key"], name="alerts_one_subscription"
            ),
        ]
        indexes = [models.Index(fields=["kind", "area"], name="alerts_sub_kind_area")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.filter_key or 'all'})"


class AlertItem(models.Model):
    """Something a subscriber will be told about, waiting for its email. The unique constraint
    makes queuing idempotent: republishing a page, or matching twice, adds nothing."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="items", help_text="Who."
    )
    subscription = models.ForeignKey(
        Subscription, null=True, on_delete=models.SET_NULL, related_name="+", help_text="What matched."
    )
    frequency = models.CharField(
        max_length=20, choices=Frequency.choices, help_text="Which email it goes in."
    )
    period = models.CharField(
        max_length=20, help_text="The day (daily), week (weekly) or hour (immediate) it belongs to."
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", help_text="About."
    )
    change = models.CharField(max_length=20, choices=Change.choices, help_text="What happened.")
    note = models.CharField(max_length=255, blank=True, help_text="The editor's change note, if any.")
    created_at = models.DateTimeField(default=timezone.now, help_text="When it matched.")
    email = models.ForeignKey(
        "AlertEmail",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
        help_text="The email it went in; empty while waiting.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "frequency", "period", "page", "change"], name="alerts_item_once"
            ),
        ]
        indexes = [models.Index(fields=["frequency", "period", "email"], name="alerts_item_waiting")]

    def __str__(self):
        return f"{self.get_change_display()}: page {self.page_id} ({self.frequency} {self.period})"


class AlertEmail(models.Model):
    """The send log: one email to one subscriber. `key` is unique per subscriber and period."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="emails", help_text="Sent to."
    )
    key = models.CharField(max_length=120, unique=True, help_text="Subscriber, frequency and period.")
    frequency = models.CharField(max_length=20, choices=Frequency.choices, help_text="Immediate or a digest.")
    period = models.CharField(max_length=20, help_text="The period it covers.")
    subject = models.CharField(max_length=255, blank=True, help_text="The subject line, once sent.")
    item_count = models.PositiveIntegerField(default=0, help_text="How many things it mentions.")
    created_at = models.DateTimeField(default=timezone.now, help_text="When it was built.")
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When the mail server accepted it.")
    failed_at = models.DateTimeField(null=True, blank=True, help_text="When retrying was given up.")

    class Meta:
        indexes = [models.Index(fields=["sent_at"], name="alerts_email_sent")]

    def __str__(self):
        return f"{self.get_frequency_display()} email for {self.period}"


class PageSnapshot(models.Model):
    """What a page looked like when subscribers were last told about it, to tell which changes matter."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", help_text="The page."
    )
    state = models.JSONField(default=dict, help_text="The facts compared on the next publish.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When last compared.")

    def __str__(self):
        return f"Snapshot of page {self.page_id}"


class NotifySubscribersMixin(models.Model):
    """For guidance, the charter and the action plan: like GOV.UK's "major change", an editor
    ticks the box and writes a one-line note; minor edits send nothing."""

    notify_subscribers = models.BooleanField(
        default=False,
        help_text="Tick for a significant change that email subscribers should hear about.",
    )
    change_note = models.CharField(
        max_length=255,
        blank=True,
        help_text="One line for subscribers saying what changed, e.g. 'Added advice on hate crime'.",
    )

    alert_panels = [
        MultiFieldPanel(
            [FieldPanel("notify_subscribers"), FieldPanel("change_note")], heading="Email subscribers"
        )
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.notify_subscribers and not self.change_note.strip():
            from django.core.exceptions import ValidationError

            raise ValidationError({"change_note": "Write a one-line note saying what changed"})
