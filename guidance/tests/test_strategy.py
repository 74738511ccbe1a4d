"""The strategy and charter pages: structured parts rendered in order."""

import json
import re

import pytest

from django.core.exceptions import ValidationError

from guidance.factories import (
    ActionPlanPageFactory,
    CharterValueFactory,
    IntegrationFactorFactory,
    PriorityFactory,
    SignatoryFactory,
    StrategyPageFactory,
)
from guidance.models import CharterValue, StrategyPage

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [(2014, 2016, "2014-16"), (2016, 2016, "2016"), (1999, 2001, "1999-2001"), (2020, None, "2020 onwards")],
)
def test_period_reads_like_the_printed_charter(start, end, label):
    assert StrategyPage(period_start=start, period_end=end).period == label


def test_period_cannot_end_before_it_starts(strategy_index):
    page = StrategyPageFactory.build(period_start=2016, period_end=2014)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "period_end" in error.value.message_dict


def test_value_highlights_each_key_phrase_once_and_escapes_the_text():
    value = CharterValue(
        text="A widely shared sense of <the> future vision, shared by all.",
        key_phrase="shared; future vision",
    )
    assert value.highlighted() == (
        "A widely <strong>shared</strong> sense of &lt;the&gt; <strong>future vision</strong>, shared by all."
    )


def test_value_highlights_whole_words_only():
    value = CharterValue(text="Trust is trusted.", key_phrase="trust")
    assert value.highlighted() == "Trust is trusted."


def test_value_key_phrase_must_appear_in_the_text():
    with pytest.raises(ValidationError) as error:
        CharterValue(text="Similar life opportunities.", key_phrase="strong sense of trust").clean()
    assert "key_phrase" in error.value.message_dict


def test_charter_page_shows_its_structured_parts_in_order(client, strategy_index, common_ground):
    from guidance.factories import GuidanceIndexPageFactory

    GuidanceIndexPageFactory(parent=strategy_index.get_parent())
    charter = StrategyPageFactory(
        parent=strategy_index,
        title="Derby Cohesion & Integration Charter",
        strapline="Working together",
        introduction=[
            ("quote", {"quote": "Cohesion matters.", "attribution": "The Commission", "source": "2007"})
        ],
        background=[
            ("paragraph", "<p>Five key factors:</p>"),
            ("integration_factors", None),
            ("paragraph", "<p>After the factors.</p>"),
        ],
        vision="Working together for the common good.",
        action_plan_introduction="The Leadership Group will drive this Charter.",
    )
    SignatoryFactory(page=charter, name="Councillor Ranjit Banwait", role="Leader of Derby City Council")
    SignatoryFactory(page=charter, name="Councillor Asaf Afzal", role="Cabinet Member Neighbourhoods")
    IntegrationFactorFactory(page=charter, theme=common_ground, description="Shared aspirations and values.")
    CharterValueFactory(page=charter)
    PriorityFactory(number=1, title="Create strong and effective leadership")
    ActionPlanPageFactory(parent=strategy_index, charter=charter)

    content = html(client, charter.url)
    assert "Charter, 2014-16</span>" in content
    assert "<dt>Published by:</dt> <dd>Derby City Council</dd>" in content
    assert "“Cohesion matters.”" in content and "The Commission, <cite>2007</cite>" in content
    # The role already names the council, so it is not repeated; the other role gets it after a comma.
    assert (
        "Leader of Derby City Council\n" in content and "Leader of Derby City Council, Derby" not in content
    )
    assert "Cabinet Member Neighbourhoods, Derby City Council" in content
    factor = content.index("<strong>Common ground:</strong> Shared aspirations and values.")
    assert content.index("Five key factors:") < factor < content.index("After the factors.")
    assert 'href="/guidance/?theme=common-ground"' in content
    assert "“Working together for the common good.”" in content
    assert "There is a <strong>strong sense of trust</strong> in institutions." in content
    assert '<li value="1"><strong>Create strong and effective leadership</strong></li>' in content
    assert "The Leadership Group will drive this Charter." in content
    assert 'href="/strategy-and-charter/action-plan/"' in content


def test_factors_follow_the_background_when_no_block_places_them(client, strategy_index, common_ground):
    charter = StrategyPageFactory(
        parent=strategy_index, background=[("paragraph", "<p>Background text.</p>")]
    )
    IntegrationFactorFactory(page=charter, theme=common_ground, description="Shared values.")
    content = html(client, charter.url)
    assert content.index("Background text.") < content.index("<strong>Common ground:</strong> Shared values.")


def test_charter_structured_data_is_an_article_covering_its_period(client, strategy_index):
    charter = StrategyPageFactory(parent=strategy_index, title="Charter", summary="What it is.")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html(client, charter.url))
    article = json.loads(blocks[0])
    assert article["@type"] == "Article"
    assert article["temporalCoverage"] == "2014/2016"
    assert article["author"] == {"@type": "GovernmentOrganization", "name": "Derby City Council"}


def test_strategy_section_lists_its_pages_as_cards(client, strategy_index):
    StrategyPageFactory(parent=strategy_index, title="The charter", summary="Vision and values.")
    ActionPlanPageFactory(parent=strategy_index, introduction="What is being done.")
    content = html(client, strategy_index.url)
    assert "Charter, 2014-16</p>" in content
    assert "The charter</a></h2>" in content and "Vision and values." in content
    assert "Action plan</a></h2>" in content and "What is being done." in content
