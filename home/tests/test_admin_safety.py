"""Admin safety: sign-in lock-outs (django-axes), the second factor (django-otp), sessions,
password rules and the audit log. Runs on SQLite and PostgreSQL (`make test`)."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from django.urls import reverse

from wagtail.models import ModelLogEntry

from home import security
from home.roles import ADMINISTRATORS, EDITORS, MODERATORS

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"
LOGIN = "/admin/login/"


@pytest.fixture
def moderator(role_user):
    user = role_user(MODERATORS)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def editor(role_user):
    user = role_user(EDITORS)
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in_with_password(client, username, password, ip="192.0.2.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client, username, times, ip="192.0.2.1"):
    for _ in range(times):
        response = sign_in_with_password(client, username, "wrong password", ip=ip)
        assert response.status_code in (200, 429)
    return response


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def end_the_cool_off():
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))


def wait_out_code_throttling():
    """django-otp makes each wrong code double the wait before the next try; let it pass."""
    past = {"throttling_failure_timestamp": F("throttling_failure_timestamp") - timedelta(minutes=5)}
    TOTPDevice.objects.exclude(throttling_failure_timestamp=None).update(**past)
    StaticDevice.objects.exclude(throttling_failure_timestamp=None).update(**past)


def code_for(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


# --- Lock-outs ---------------------------------------------------------------------------


def test_four_wrong_passwords_still_let_the_right_one_in(client, editor):
    fail(client, editor.username, 4)
    response = sign_in_with_password(client, editor.username, PASSWORD)
    assert response.status_code == 302 and signed_in_as(client) == str(editor.pk)


def test_five_wrong_passwords_lock_the_username_even_against_the_right_password(client, editor):
    fail(client, editor.username, 5)
    response = sign_in_with_password(client, editor.username, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in locked for 15 minutes" in html and "even with the right password" in html
    assert signed_in_as(client) is None
    # From another address too: the lock is on the username.
    response = sign_in_with_password(client, editor.username, PASSWORD, ip="198.51.100.7")
    assert response.status_code == 429 and signed_in_as(client) is None


def test_the_lock_lifts_after_fifteen_minutes(client, editor):
    fail(client, editor.username, 5)
    assert sign_in_with_password(client, editor.username, PASSWORD).status_code == 429
    end_the_cool_off()
    response = sign_in_with_password(client, editor.username, PASSWORD)
    assert response.status_code == 302 and signed_in_as(client) == str(editor.pk)


def test_twenty_failures_from_one_address_lock_that_address_for_every_username(client, editor):
    for number in range(20):
        fail(client, f"guess{number}", 1, ip="203.0.113.9")
    response = sign_in_with_password(client, editor.username, PASSWORD, ip="203.0.113.9")
    assert response.status_code == 429 and signed_in_as(client) is None
    # Someone else, elsewhere, is not affected.
    response = sign_in_with_password(client, editor.username, PASSWORD, ip="198.51.100.7")
    assert response.status_code == 302


def test_nineteen_failures_spread_over_usernames_do_not_lock_the_address(client, editor):
    for number in range(19):
        fail(client, f"guess{number}", 1, ip="203.0.113.9")
    response = sign_in_with_password(client, editor.username, PASSWORD, ip="203.0.113.9")
    assert response.status_code == 302


def test_lock_outs_and_failed_sign_ins_are_in_wagtails_log(client, editor):
    fail(client, editor.username, 5)
    actions = list(ModelLogEntry.objects.filter(object_id=str(editor.pk)).values_list("action", flat=True))
    assert actions.count(security.LOGIN_FAILED_ACTION) == 5
    assert security.LOCKED_OUT_ACTION in actions
    # An unknown username is logged against axes' record of the attempts.
    fail(client, "nobody-by-that-name", 1)
    assert ModelLogEntry.objects.filter(
        action=security.LOGIN_FAILED_ACTION, data__username="nobody-by-that-name"
    ).exists()


def test_an_administrator_can_unlock_a_locked_account(client, signed_in, editor, role_user):
    fail(client, editor.username, 5)
    signed_in(role_user(ADMINISTRATORS))
    index = client.get(reverse("lockouts:index"))
    assert index.status_code == 200 and editor.username in index.content.decode()
    for attempt in AccessAttempt.objects.filter(username=editor.username):
        response = client.post(reverse("lockouts:delete", args=[attempt.pk]))
        assert response.status_code == 302
    client.logout()
    response = sign_in_with_password(client, editor.username, PASSWORD)
    assert response.status_code == 302 and signed_in_as(client) == str(editor.pk)


@pytest.mark.parametrize("role", [EDITORS, MODERATORS])
def test_only_administrators_see_lock_outs(client, signed_in, role_user, role):
    signed_in(role_user(role))
    assert client.get(reverse("lockouts:index")).status_code == 302


# --- The second factor ------------------------------------------------------------------


def test_a_moderator_must_set_up_a_second_factor_before_using_the_admin(client, moderator):
    sign_in_with_password(client, moderator.username, PASSWORD)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("hub_two_factor_setup"))
    setup = client.get(response["Location"])
    html = setup.content.decode()
    assert setup.status_code == 200 and "<svg" in html and "QR code for your authenticator app" in html
    device = TOTPDevice.objects.get(user=moderator, confirmed=False)
    assert "".join(setup.context["key_groups"]) in html.replace(" ", "")

    wrong = client.post(reverse("hub_two_factor_setup"), {"action": "confirm", "token": "000000"})
    assert wrong.status_code == 400 and client.get("/admin/pages/").status_code == 302
    # Straight after a wrong code even the right one waits: guessing is throttled.
    right = {"action": "confirm", "token": code_for(device), "next": "/admin/pages/"}
    assert client.post(reverse("hub_two_factor_setup"), right).status_code == 400
    wait_out_code_throttling()
    done = client.post(reverse("hub_two_factor_setup"), right)
    assert done.status_code == 200 and len(done.context["codes"]) == 10
    assert "no-store" in done["Cache-Control"] and "no-store" in setup["Cache-Control"]
    assert client.get("/admin/pages/").status_code == 200
    assert ModelLogEntry.objects.filter(
        object_id=str(moderator.pk), action=security.TWO_FACTOR_SET_UP_ACTION
    ).exists()


def test_with_a_device_signing_in_asks_for_a_code_and_a_recovery_code_works_once(client, moderator):
    device = TOTPDevice.objects.create(user=moderator, name="App", confirmed=True)
    from home.two_factor import new_recovery_codes

    codes = new_recovery_codes(moderator)
    sign_in_with_password(client, moderator.username, PASSWORD)
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("hub_two_factor_verify"))
    wrong = client.post(reverse("hub_two_factor_verify"), {"token": "12345678"})
    assert wrong.status_code == 400 and "did not work" in wrong.content.decode()
    wait_out_code_throttling()
    recovery = {"token": codes[0].upper(), "next": "/admin/pages/"}
    right = client.post(reverse("hub_two_factor_verify"), recovery)
    assert right.status_code == 302 and right["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200

    client.logout()
    sign_in_with_password(client, moderator.username, PASSWORD)
    assert client.post(reverse("hub_two_factor_verify"), {"token": codes[0]}).status_code == 400
    wait_out_code_throttling()
    assert client.post(reverse("hub_two_factor_verify"), {"token": code_for(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_code_check_never_redirects_off_site(client, moderator):
    device = TOTPDevice.objects.create(user=moderator, name="App", confirmed=True)
    sign_in_with_password(client, moderator.username, PASSWORD)
    response = client.post(
        reverse("hub_two_factor_verify"), {"token": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("wagtailadmin_home")


def test_superusers_need_a_second_factor_too(client, django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.gov.uk", PASSWORD)
    sign_in_with_password(client, "root", PASSWORD)
    assert client.get("/admin/")["Location"].startswith(reverse("hub_two_factor_setup"))


def test_editors_may_skip_the_second_factor_unless_the_setting_requires_it(client, editor, settings):
    sign_in_with_password(client, editor.username, PASSWORD)
    assert client.get("/admin/").status_code == 200
    settings.TWO_FACTOR_REQUIRED_FOR_EDITORS = True
    assert client.get("/admin/")["Location"].startswith(reverse("hub_two_factor_setup"))


def test_an_editor_who_set_up_a_device_must_use_it(client, editor):
    TOTPDevice.objects.create(user=editor, name="App", confirmed=True)
    sign_in_with_password(client, editor.username, PASSWORD)
    assert client.get("/admin/")["Location"].startswith(reverse("hub_two_factor_verify"))


def test_the_public_site_never_asks_for_a_second_factor(client, moderator, home):
    sign_in_with_password(client, moderator.username, PASSWORD)
    assert client.get(home.url).status_code == 200


# --- Sessions ---------------------------------------------------------------------------


def test_the_admin_session_ends_with_the_browser_and_after_eight_hours(client, editor, settings):
    response = sign_in_with_password(client, editor.username, PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 8 * 60 * 60
    assert 'name="remember"' not in client.get(LOGIN).content.decode()


def test_production_sends_the_session_cookie_over_https_only(monkeypatch):
    import importlib

    for name, value in {
        "DJANGO_SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "hub.example",
        "WAGTAILADMIN_BASE_URL": "https://hub.example",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SECURE_COOKIES", raising=False)
    production = importlib.import_module("config.settings.production")
    production = importlib.reload(production)
    assert production.SESSION_COOKIE_SECURE and production.SESSION_COOKIE_HTTPONLY
    assert production.SESSION_COOKIE_SAMESITE == "Lax" and production.SESSION_EXPIRE_AT_BROWSER_CLOSE


# --- Passwords ------------------------------------------------------------------------


def test_ensure_admin_refuses_a_weak_admin_password(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "password1")
    with pytest.raises(CommandError, match="ADMIN_PASSWORD is not accepted"):
        call_command("ensure_admin", stdout=StringIO())
    assert not get_user_model().objects.exists()


def test_ensure_admin_makes_the_first_account_an_administrator(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", PASSWORD)
    call_command("ensure_admin", stdout=StringIO())
    assert get_user_model().objects.get(username="admin").groups.filter(name=ADMINISTRATORS).exists()


def test_the_admin_user_form_applies_the_password_rules(client, signed_in, role_user):
    signed_in(role_user(ADMINISTRATORS))
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "newcomer",
            "email": "newcomer@example.gov.uk",
            "first_name": "New",
            "last_name": "Comer",
            "password1": "short1",
            "password2": "short1",
        },
    )
    assert response.status_code == 200 and not get_user_model().objects.filter(username="newcomer").exists()
    assert "too short" in response.content.decode()


# --- Audit ------------------------------------------------------------------------------


def test_sign_ins_and_role_changes_are_in_wagtails_log(client, editor):
    sign_in_with_password(client, editor.username, PASSWORD)
    editor.groups.add(Group.objects.get(name=MODERATORS))
    Group.objects.get(name=EDITORS).user_set.remove(editor)
    entries = ModelLogEntry.objects.filter(object_id=str(editor.pk))
    assert entries.filter(action=security.LOGIN_ACTION).exists()
    changes = [entry.data for entry in entries.filter(action=security.ROLES_CHANGED_ACTION).order_by("pk")]
    assert {"change": "added", "groups": [MODERATORS], "roles": [MODERATORS]} in changes
    assert {"change": "removed", "groups": [EDITORS], "roles": [EDITORS]} in changes
    history = client.get(reverse("wagtailadmin_reports:site_history"))
    # Editors cannot see site history; the log itself holds the entries.
    assert history.status_code in (200, 302, 403)
