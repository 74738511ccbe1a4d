"""Signing tests into the admin as someone who passed both steps: password and second factor.

The second factor stays on in tests; these helpers give the signed-in session a verified
device, as django_otp.login does after a right code. Use them instead of force_login for
anyone the admin asks for a second factor (Moderators, Administrators, superusers).
"""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

BACKEND = "django.contrib.auth.backends.ModelBackend"


def verified_device(user):
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="Test app", defaults={"confirmed": True})
    return device


def sign_in(client, user):
    """Sign a Django test client in, with the second step passed."""
    client.force_login(user, backend=BACKEND)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
    session.save()
    return client


def sign_in_browser(page, live_server_url, user):
    """Give a Playwright page a signed-in, verified session cookie for the live server."""
    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
    session.save()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server_url}]
    )
    return page
