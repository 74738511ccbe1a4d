"""A second factor for the admin (django-otp): an authenticator app (TOTP) plus recovery codes.

Who must use it: home.roles.needs_two_factor. Anyone who has set one up must use it to sign in.
Until then, the middleware sends such users to the set-up page, and afterwards to the check,
whatever admin page they ask for; the public site is never affected.
"""

from base64 import b32encode
from functools import partial
from urllib.parse import urlencode

import segno
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils.functional import LazyObject, SimpleLazyObject, empty
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from wagtail.log_actions import log

from .roles import needs_two_factor
from .security import TWO_FACTOR_SET_UP_ACTION

RECOVERY_CODE_COUNT = 10
SETUP_URL_NAME = "hub_two_factor_setup"
VERIFY_URL_NAME = "hub_two_factor_verify"
# Admin pages a signed-in but unverified user may still reach.
ALWAYS_ALLOWED = {
    VERIFY_URL_NAME,
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
}


class RequireTwoFactorMiddleware:
    """Stops admin requests from users who need a second factor and have not given one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # django-otp wraps AuthenticationMiddleware's lazy user in a second lazy object, which
        # Wagtail's log() cannot see through (it unwraps one level): leave a single level.
        request.user = SimpleLazyObject(partial(unwrap, request.user))
        return self.check(request) or self.get_response(request)

    def check(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        admin_prefix = reverse("wagtailadmin_home")
        if not request.path_info.startswith(admin_prefix):
            return None
        try:
            url_name = resolve(request.path_info).url_name
        except Resolver404:
            return None
        if url_name in ALWAYS_ALLOWED:
            return None
        has_device = user_has_device(user, confirmed=True)
        if has_device:
            return redirect_with_next(VERIFY_URL_NAME, request)
        if url_name == SETUP_URL_NAME or not needs_two_factor(user):
            return None
        return redirect_with_next(SETUP_URL_NAME, request)


def unwrap(user):
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def redirect_with_next(url_name, request):
    return redirect(f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}")


def next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def clean_token(value):
    """Codes as people type them: spaces and dashes ignored, at most 16 characters kept."""
    return "".join(ch for ch in (value or "") if ch.isalnum())[:16].lower()


def new_recovery_codes(user):
    """Replace the user's recovery codes; each works once. Returns them for showing once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@never_cache  # the page shows the secret key and recovery codes
def setup(request):
    """Set up (or replace) the authenticator app: a QR code, the key as text, and a code to check."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if request.method == "POST" and request.POST.get("action") == "new-codes" and confirmed:
        return TemplateResponse(
            request, "home/admin/recovery_codes.html", {"codes": new_recovery_codes(user)}
        )

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    error = ""
    if request.method == "POST" and request.POST.get("action") == "confirm":
        if device.verify_token(clean_token(request.POST.get("token"))):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = new_recovery_codes(user)
            otp_login(request, device)
            log(instance=user, action=TWO_FACTOR_SET_UP_ACTION, user=user)
            return TemplateResponse(
                request, "home/admin/recovery_codes.html", {"codes": codes, "next": next_url(request)}
            )
        error = "The code did not match. Enter the 6-digit code your app shows now."

    key = b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m")
    return TemplateResponse(
        request,
        "home/admin/two_factor_setup.html",
        {
            "heading": "Set up a second step for signing in",
            "already_set_up": confirmed is not None,
            "required": needs_two_factor(user),
            "qr_svg": qr.svg_inline(scale=5, title="QR code for your authenticator app", border=2),
            "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
            "error": error,
            "next": request.GET.get("next") or request.POST.get("next") or "",
        },
        status=400 if error else 200,
    )


@never_cache
def verify(request):
    """The second step of signing in: a code from the app, or a recovery code."""
    error = ""
    if request.method == "POST":
        token = clean_token(request.POST.get("token"))
        for device in devices_for_user(request.user, for_verify=True):
            if token and device.verify_token(token):
                otp_login(request, device)
                return redirect(next_url(request))
        error = (
            "That code did not work. Enter the code your app shows now, or a recovery code. "
            "After several wrong codes, wait a minute before trying again."
        )
    return TemplateResponse(
        request,
        "home/admin/two_factor_verify.html",
        {
            "heading": "Enter the code from your authenticator app",
            "error": error,
            "next": request.GET.get("next") or request.POST.get("next") or "",
        },
        status=400 if error else 200,
    )
