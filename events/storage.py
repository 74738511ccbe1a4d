"""Where submitted images wait for moderation: outside the public media folder, so nothing a
group sends can be fetched from the site before an editor approves it."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_media_root():
    """PRIVATE_MEDIA_ROOT, or a `private-media` folder beside MEDIA_ROOT (never inside it)."""
    configured = getattr(settings, "PRIVATE_MEDIA_ROOT", "")
    return Path(configured) if configured else Path(settings.MEDIA_ROOT).parent / "private-media"


class PrivateSubmissionStorage(FileSystemStorage):
    """Files with no public URL; editors see them through a permission-checked admin view."""

    # Read the setting on every use, so tests that move MEDIA_ROOT move this too.
    @property
    def base_location(self):
        return private_media_root()

    @property
    def location(self):
        return str(private_media_root().resolve())

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Submitted images have no public URL; use the moderation view.")
