"""The picture a page offers search engines and social media: its own, else the site's.

Google's Event and Article rich results want an image; a page without one of its own uses the
site's social image (static/images/social.png, 1200 x 630), so no structured data goes without.
"""

from django.conf import settings
from django.templatetags.static import static

SITE_SOCIAL_IMAGE = "images/social.png"


def site_image_url(request=None):
    url = static(SITE_SOCIAL_IMAGE)
    if url.startswith(("http://", "https://")):
        return url
    if request is not None:
        return request.build_absolute_uri(url)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def image_urls(request, *images, spec="fill-1200x800|format-jpeg"):
    """[absolute URL] of the first image given (a JPEG rendition), else of the site's social image."""
    for image in images:
        if image is not None:
            return [image.get_rendition(spec).full_url]
    return [site_image_url(request)]
