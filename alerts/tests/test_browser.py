"""In a real browser, with axe-core at every step: subscribe (with an error first), confirm,
manage, and one-click unsubscribe; and an expired link."""

import pytest

from alerts import tokens
from alerts.models import Subscriber, Subscription
from testing.browser import check_page, run_axe

pytestmark = pytest.mark.browser


def assert_accessible(page, step):
    violations = run_axe(page)
    assert not violations, f"{step}: " + "; ".join(
        f"{v['id']}: {v['help']} {[n['html'] for n in v['nodes']]}" for v in violations
    )


def test_a_resident_subscribes_confirms_manages_and_unsubscribes(seeded_live_server, browser_page, settings):
    from home.models import Area

    page = browser_page
    base = seeded_live_server.url
    area = Area.objects.order_by("pk").first()
    report = check_page(page, f"{base}/email-alerts/?kind=events&area={area.slug}&free=1")
    assert report.ok, report.summary()
    assert page.is_visible(f"text={area.name}")

    page.click("button:has-text('Subscribe')")
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error: ")
    assert_accessible(page, "subscribe form with errors")

    page.fill("#email", "resident@example.org")
    page.check("#frequency_1")
    page.click("button:has-text('Subscribe')")
    page.wait_for_selector("h1:has-text('Check your email')")
    assert_accessible(page, "check your email")

    subscriber = Subscriber.objects.get(email="resident@example.org")
    report = check_page(page, f"{base}/email-alerts/confirm/{tokens.make(subscriber, tokens.CONFIRM)}/")
    assert report.ok, report.summary()
    assert page.is_visible("text=You have subscribed")

    report = check_page(page, f"{base}/email-alerts/manage/{tokens.make(subscriber, tokens.MANAGE)}/")
    assert report.ok, report.summary()
    page.select_option("select.govuk-select", "weekly")
    page.click("button[value=frequency]")
    page.wait_for_selector(".govuk-notification-banner--success")
    assert_accessible(page, "manage page after a change")
    assert Subscription.objects.get().frequency == "weekly"

    ids = list(Subscription.objects.values_list("pk", flat=True))
    report = check_page(
        page, f"{base}/email-alerts/unsubscribe/{tokens.make(subscriber, tokens.UNSUBSCRIBE, ids)}/"
    )
    assert report.ok, report.summary()
    page.click("button:has-text('Unsubscribe')")
    page.wait_for_selector("h1:has-text('You have unsubscribed')")
    assert_accessible(page, "unsubscribed")
    assert not Subscriber.objects.exists()

    report = check_page(page, f"{base}/email-alerts/manage/not-a-token/", expected_status=404)
    assert report.ok, report.summary()
    report = check_page(page, f"{base}/email-alerts/new-link/")
    assert report.ok, report.summary()
