"""The admin-safety pages people see before they reach the admin (the sign-in lock-out, setting
up the second step, the recovery codes, entering a code): valid HTML, and no WCAG 2.2 A/AA
failures in a real browser, wrong answers included."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.urls import reverse

from home.roles import MODERATORS
from home.tests.test_admin_safety import LOGIN, PASSWORD, code_for, fail, sign_in_with_password
from home.tests.test_admin_safety import wait_out_code_throttling as wait_out_throttling
from testing.browser import run_axe
from testing.html_validator import validate_documents

SETUP, VERIFY = "hub_two_factor_setup", "hub_two_factor_verify"


def moderator_with_password(role_user):
    user = role_user(MODERATORS)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.mark.django_db
@pytest.mark.html_validity
def test_the_lock_out_and_second_step_pages_are_valid_html(client, role_user):
    user = moderator_with_password(role_user)
    documents = {}
    sign_in_with_password(client, user.username, PASSWORD)
    setup = client.get(reverse(SETUP))
    documents["set-up"] = setup
    documents["set-up, wrong code"] = client.post(reverse(SETUP), {"action": "confirm", "token": "000000"})
    wait_out_throttling()
    device = TOTPDevice.objects.get(user=user)
    documents["recovery codes"] = client.post(
        reverse(SETUP), {"action": "confirm", "token": code_for(device)}
    )
    client.logout()
    sign_in_with_password(client, user.username, PASSWORD)
    documents["verify"] = client.get(reverse(VERIFY))
    documents["verify, wrong code"] = client.post(reverse(VERIFY), {"token": "12345678"})
    client.logout()
    documents["lock-out"] = fail(client, user.username, 5)

    expected = {"set-up": 200, "set-up, wrong code": 400, "recovery codes": 200}
    expected |= {"verify": 200, "verify, wrong code": 400, "lock-out": 429}
    assert {name: response.status_code for name, response in documents.items()} == expected
    assert "Sign-in locked" in documents["lock-out"].content.decode()
    errors = validate_documents({name: response.content.decode() for name, response in documents.items()})
    assert not errors, "\n".join(f"{name}: {messages}" for name, messages in errors.items())


def assert_accessible(page, step):
    violations = run_axe(page)
    assert not violations, f"{step}: " + "; ".join(
        f"{v['id']}: {v['help']} {[n['html'] for n in v['nodes']]}" for v in violations
    )


def sign_in(page, url, username, password):
    page.goto(url + LOGIN)
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


@pytest.mark.browser
def test_setting_up_and_using_the_second_step_and_a_lock_out_pass_axe(
    seeded_live_server, browser_page, role_user
):
    user = moderator_with_password(role_user)
    page, url = browser_page, seeded_live_server.url

    sign_in(page, url, user.username, PASSWORD)
    page.wait_for_url(f"**{reverse(SETUP)}**")
    assert page.is_visible(".hub-qr-code svg") and page.is_visible("h1")
    assert_accessible(page, "set-up")
    page.fill("input[name=token]", "000000")
    page.click("text=Turn on the second step")
    page.wait_for_selector("text=The code did not match")
    assert_accessible(page, "set-up, wrong code")
    wait_out_throttling()
    page.fill("input[name=token]", code_for(TOTPDevice.objects.get(user=user)))
    page.click("text=Turn on the second step")
    page.wait_for_selector("text=recovery codes")
    assert_accessible(page, "recovery codes")

    page.context.clear_cookies()
    sign_in(page, url, user.username, PASSWORD)
    page.wait_for_url(f"**{reverse(VERIFY)}**")
    assert_accessible(page, "verify")
    page.fill("input[name=token]", "12345678")
    page.click("button[type=submit]")
    page.wait_for_selector("text=That code did not work")
    assert_accessible(page, "verify, wrong code")

    page.context.clear_cookies()
    for _ in range(5):
        sign_in(page, url, user.username, "wrong password")
    page.wait_for_selector("text=Sign-in locked")
    assert_accessible(page, "lock-out")
