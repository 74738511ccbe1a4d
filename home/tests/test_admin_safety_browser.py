"""The sign-in safety pages in a real browser, checked with axe (WCAG 2.2 A/AA): the second
factor's set-up page with its QR code, the code check, and the lock-out page."""

import pytest

from testing.browser import run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase"


@pytest.fixture
def moderator(live_server, django_user_model):
    from django.apps import apps
    from django.contrib.auth.models import Group

    from home.roles import MODERATORS, apply_roles

    apply_roles(apps)  # a transactional test starts from an empty database
    user = django_user_model.objects.create_user("mo", "mo@example.gov.uk", PASSWORD)
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


def sign_in(page, url, username, password):
    page.goto(url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def assert_no_violations(page):
    violations = run_axe(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


def test_a_moderator_is_taken_to_an_accessible_set_up_page_with_a_qr_code(
    live_server, browser_page, moderator
):
    sign_in(browser_page, live_server.url, "mo", PASSWORD)
    assert "/admin/two-factor/set-up/" in browser_page.url
    assert browser_page.locator("svg title").text_content() == "QR code for your authenticator app"
    assert browser_page.locator("label[for=token]").is_visible()
    assert_no_violations(browser_page)


def test_the_code_check_and_the_lock_out_page_are_accessible(live_server, browser_page, moderator):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=moderator, name="App", confirmed=True)
    sign_in(browser_page, live_server.url, "mo", PASSWORD)
    assert "/admin/two-factor/verify/" in browser_page.url
    browser_page.fill("#token", "000000")
    browser_page.click("button[type=submit]")
    assert browser_page.locator("#token-error").is_visible()
    assert_no_violations(browser_page)

    browser_page.context.clear_cookies()
    for _ in range(5):
        sign_in(browser_page, live_server.url, "mo", "wrong password")
    assert "Sign-in locked for 15 minutes" in browser_page.content()
    assert_no_violations(browser_page)


def test_browser_tests_can_sign_in_a_verified_administrator(live_server, browser_page, moderator):
    from django.contrib.auth.models import Group

    from home.roles import ADMINISTRATORS
    from testing.auth import sign_in_browser

    moderator.groups.add(Group.objects.get(name=ADMINISTRATORS))
    sign_in_browser(browser_page, live_server.url, moderator)
    browser_page.goto(live_server.url + "/admin/lockouts/")
    assert browser_page.url == live_server.url + "/admin/lockouts/"
    assert "Sign-in lock-outs" in browser_page.content()
