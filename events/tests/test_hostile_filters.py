"""Whatever is in the address, the listing, archive, calendar and feed answer without a 5xx: a
bad filter is reported (on pages) or ignored (in feeds), never an error."""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.factories import EventPageFactory, days_from_now

pytestmark = pytest.mark.django_db

EXAMPLES = 60
ROUTES = ["", "past/", "calendar/", "feed/"]
DATE_KEYS = [f"{name}_{part}" for name in ("from", "to") for part in ("day", "month", "year")]
KEYS = [*DATE_KEYS, "when", "area", "category", "theme", "free", "mode", "access", "page"]
HOSTILE = [
    "9999", "0000", "31", "12", "²", "2026²", "٢٠٢٦", "１２", "-1", "+1", "1e9", " 7 ", "9" * 20,
    "today", "this-week", "online", "step-free", "\x00", "%00", "<script>", "'", "",
]  # fmt: skip
VALUE = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30))
# A whole date, so the parts get past "must include a month" to the parser and the schedule.
DATE = st.builds(
    lambda name, day, month, year: [(f"{name}_day", day), (f"{name}_month", month), (f"{name}_year", year)],
    st.sampled_from(["from", "to"]),
    VALUE,
    VALUE,
    VALUE,
)


@pytest.fixture
def listed(index):
    start = days_from_now(3, 19)
    EventPageFactory(parent=index, title="Listed", start=start, end=start.replace(hour=21))
    return index


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(
    "query",
    [
        {"to_day": "31", "to_month": "12", "to_year": "9999"},
        {"from_day": "31", "from_month": "12", "from_year": "9999"},
        {"from_day": "1", "from_month": "1", "from_year": "0001"},
        {"from_day": "²", "from_month": "1", "from_year": "2026"},
        {"to_day": "1", "to_month": "1", "to_year": "202²"},
    ],
)
def test_dates_out_of_range_or_in_other_digits_are_refused_not_a_server_error(client, listed, route, query):
    response = client.get(f"{listed.url}{route}?{urlencode(query)}")
    assert response.status_code == 200
    if route in ("", "past/"):
        content = response.content.decode()
        assert "There is a problem with the filters" in content
        assert "must be between 1900 and 2100" in content or "must be a real date" in content


def test_a_year_past_2100_says_so(client, listed):
    content = client.get(f"{listed.url}?to_day=31&to_month=12&to_year=9999").content.decode()
    assert "To must be between 1900 and 2100" in content
    assert 'href="#to_year"' in content


def test_arbitrary_filter_values_never_give_a_server_error(client, listed):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        route=st.sampled_from(ROUTES),
        params=st.lists(st.tuples(st.sampled_from(KEYS), VALUE), max_size=6),
        dates=st.lists(DATE, max_size=2),
    )
    def fire(route, params, dates):
        params = params + [pair for date in dates for pair in date]
        response = client.get(f"{listed.url}{route}?{urlencode(params)}")
        # 302: the listing tidies away empty parameters.
        assert response.status_code in (200, 302), (route, params, response.status_code)

    fire()
