"""No request to the alert pages, however hostile, gets a server error, and none is cached."""

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from django.test import Client

pytestmark = pytest.mark.django_db

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
PATHS = [
    "/email-alerts/",
    "/email-alerts/new-link/",
    "/email-alerts/manage/{}/",
    "/email-alerts/unsubscribe/{}/",
]


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=st.sampled_from(PATHS),
    token=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789:._-", min_size=1, max_size=80),
    query=st.dictionaries(
        st.sampled_from(["kind", "area", "category", "theme", "free", "mode", "access"]), TEXT
    ),
    data=st.dictionaries(st.sampled_from(["email", "frequency", "action", "subscription"]), TEXT),
)
def test_hostile_requests_never_get_a_server_error(home, path, token, query, data):
    client = Client()
    url = path.format(token)
    for response in (client.get(url, query), client.post(url, data, QUERY_STRING="")):
        assert response.status_code in (200, 404, 405, 410, 429), (url, query, data)
        assert "public" not in response.get("Cache-Control", "")


def test_alert_pages_are_never_kept_by_the_page_cache(client, home, settings):
    settings.PAGE_CACHE_ENABLED = True
    for _attempt in range(2):
        response = client.get("/email-alerts/?kind=events")
        assert response.status_code == 200
        assert response.get("X-Page-Cache") != "hit"
