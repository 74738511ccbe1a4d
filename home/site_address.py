"""The one public address (WAGTAILADMIN_BASE_URL) and the Wagtail Site record that follows it.

Canonical links, the sitemap, Open Graph, JSON-LD, feeds, .ics and webcal links use the Site's
hostname and port (page.full_url); emails and image URLs use WAGTAILADMIN_BASE_URL itself.
"""

from urllib.parse import urlsplit

from django.conf import settings


def public_host_and_port():
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return address.hostname or "localhost", address.port or (443 if address.scheme == "https" else 80)


def sync_default_site(site=None):
    """Point the default Site at the public address; returns True when it changed."""
    from wagtail.models import Site

    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return False
    hostname, port = public_host_and_port()
    if (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save()
    return True
