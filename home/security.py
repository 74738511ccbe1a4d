"""Admin safety: sign-in throttling (django-axes) and the audit trail of sign-ins and roles.

Sign-ins, failed sign-ins, lock-outs and role changes go into Wagtail's log (Reports > Site
history), with the actions registered in home/wagtail_hooks.py.
"""

import logging

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from axes.signals import user_locked_out

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Sum
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.shortcuts import render

from wagtail.log_actions import log

from .roles import ROLE_NAMES

logger = logging.getLogger("home.security")

LOGIN_ACTION = "hub.login"
LOGOUT_ACTION = "hub.logout"
LOGIN_FAILED_ACTION = "hub.login_failed"
LOCKED_OUT_ACTION = "hub.locked_out"
ROLES_CHANGED_ACTION = "hub.roles_changed"
TWO_FACTOR_SET_UP_ACTION = "hub.two_factor_set_up"


class HubAxesHandler(AxesDatabaseHandler):
    """Axes has one failure limit; the hub has one per lock-out parameter (LOGIN_FAILURE_LIMITS:
    5 for a username, 20 for an address). Failures are reported on axes' scale, so reaching a
    parameter's own limit is exactly reaching AXES_FAILURE_LIMIT."""

    def get_failures(self, request, credentials=None):
        limit = settings.AXES_FAILURE_LIMIT
        attempts = self.get_user_attempts(request, credentials)
        scaled = [0]
        for parameter, queryset in zip(settings.AXES_LOCKOUT_PARAMETERS, attempts, strict=True):
            failures = queryset.aggregate(total=Sum("failures_since_start"))["total"] or 0
            scaled.append(failures * limit // settings.LOGIN_FAILURE_LIMITS[parameter])
        return max(scaled)


def lockout_response(request, credentials, *args, **kwargs):
    """The lock-out page, in the admin's sign-in style; 429 so clients and monitors see why."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "home/admin/lockout.html", {"minutes": minutes}, status=429)


def _user_named(username):
    if not username:
        return None
    return get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: username}).first()


def _audit(user_or_attempt, action, actor=None, **data):
    """Log against the account when it exists, else against axes' record of the attempts."""
    if user_or_attempt is not None:
        log(instance=user_or_attempt, action=action, user=actor, data=data)


@receiver(user_logged_in, dispatch_uid="hub-audit-login")
def audit_login(sender, request, user, **kwargs):
    _audit(user, LOGIN_ACTION, actor=user, ip_address=getattr(request, "axes_ip_address", None))


@receiver(user_logged_out, dispatch_uid="hub-audit-logout")
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        _audit(user, LOGOUT_ACTION, actor=user)


@receiver(user_login_failed, dispatch_uid="hub-audit-login-failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    ip_address = getattr(request, "axes_ip_address", None)
    target = _user_named(username) or AccessAttempt.objects.filter(username=username).first()
    _audit(target, LOGIN_FAILED_ACTION, username=username, ip_address=ip_address)


@receiver(user_locked_out, dispatch_uid="hub-audit-locked-out")
def audit_locked_out(sender, request, username, ip_address, **kwargs):
    logger.warning("Sign-in locked out: username %r from %s", username, ip_address)
    target = _user_named(username) or AccessAttempt.objects.filter(username=username).first()
    _audit(target, LOCKED_OUT_ACTION, username=username, ip_address=ip_address)


@receiver(m2m_changed, sender=get_user_model().groups.through, dispatch_uid="hub-audit-roles")
def audit_role_change(sender, instance, action, reverse, pk_set, **kwargs):
    """Adding or removing a user's group, from either side of the relation."""
    if action not in {"post_add", "post_remove"} or not pk_set:
        return
    from django.contrib.auth.models import Group

    verb = "added" if action == "post_add" else "removed"
    if reverse:  # group.user_set.add(...)
        users, groups = get_user_model().objects.filter(pk__in=pk_set), [instance]
    else:
        users, groups = [instance], Group.objects.filter(pk__in=pk_set)
    names = sorted(group.name for group in groups)
    for user in users:
        _audit(
            user, ROLES_CHANGED_ACTION, change=verb, groups=names, roles=sorted(set(names) & set(ROLE_NAMES))
        )
