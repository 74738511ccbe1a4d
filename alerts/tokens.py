"""Signed, expiring links: confirm, manage and one-click unsubscribe. No password, no account.

A token names the subscriber and carries their token salt, so an erased subscriber's links (or
links to an id used again later) never work; django.core.signing dates it, so it expires."""

from django.conf import settings
from django.core import signing

from .models import Subscriber

CONFIRM, MANAGE, UNSUBSCRIBE = "confirm", "manage", "unsubscribe"


class TokenExpired(Exception):
    """Signed by us, but too old."""


class TokenInvalid(Exception):
    """Not signed by us, tampered with, or for someone no longer subscribed."""


def max_age(purpose):
    return settings.ALERT_TOKEN_MAX_AGE[purpose]


def make(subscriber, purpose, subscription_ids=()):
    payload = {"s": subscriber.pk, "k": subscriber.token_salt}
    if subscription_ids:
        payload["i"] = sorted(subscription_ids)
    return signing.dumps(payload, salt=f"alerts.{purpose}", compress=True)


def read(token, purpose):
    """(payload, Subscriber or None). Raises TokenExpired or TokenInvalid.

    The subscriber is None when the token is genuine but they have since left (unsubscribing
    twice must still succeed)."""
    try:
        payload = signing.loads(token, salt=f"alerts.{purpose}", max_age=max_age(purpose))
    except signing.SignatureExpired as error:
        raise TokenExpired from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise TokenInvalid from error
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise TokenInvalid
    subscriber = Subscriber.objects.filter(pk=payload["s"], token_salt=payload.get("k")).first()
    return payload, subscriber
