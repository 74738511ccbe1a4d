import pytest

from guidance.factories import (
    ActionPlanPageFactory,
    GuidanceIndexPageFactory,
    ResourcesPageFactory,
    StrategyIndexPageFactory,
)
from home.factories import AudienceFactory
from home.models import SiteSettings


@pytest.fixture
def guidance_index(home):
    return GuidanceIndexPageFactory(parent=home)


@pytest.fixture
def resources_page(guidance_index):
    return ResourcesPageFactory(parent=guidance_index)


@pytest.fixture
def strategy_index(home):
    return StrategyIndexPageFactory(parent=home)


@pytest.fixture
def action_plan(strategy_index):
    return ActionPlanPageFactory(parent=strategy_index)


@pytest.fixture
def volunteers(db):
    return AudienceFactory(name="Voluntary and community sector", slug="voluntary-and-community-sector")


@pytest.fixture
def schools(db):
    return AudienceFactory(name="Schools and young people", slug="schools-and-young-people")


@pytest.fixture
def site_settings(db):
    settings = SiteSettings.load()
    settings.contact_phone = "01629 538254"
    settings.contact_email = "policy@derbyshire.gov.uk"
    settings.report_line_name = "Keystone"
    settings.report_line_number = "0345 123 3333"
    settings.save()
    return settings
