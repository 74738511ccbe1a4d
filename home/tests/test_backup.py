"""`manage.py backup` and `manage.py restore`: a populated hub goes into one archive and comes
back whole into an empty install: pages, revisions, settings, submissions, images, documents
and both media folders, byte for byte."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
import wagtail_factories

from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import Page, Revision

from events.factories import EventSubmissionFactory
from events.models import EventSubmission
from events.storage import private_media_root
from home.backup import row_counts
from home.models import SiteSettings

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def files_under(root):
    root = Path(root)
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def site_state(settings):
    return {
        "counts": row_counts(),
        "pages": sorted(Page.objects.values_list("url_path", "title", "live", "latest_revision_id")),
        "revisions": sorted(Revision.objects.values_list("id", "object_id", "content_type_id")),
        "submissions": sorted(EventSubmission.objects.values_list("id", "title", "contact_email", "image")),
        "settings": list(SiteSettings.objects.values("contact_email", "organisation_name")),
        "media": files_under(settings.MEDIA_ROOT),
        "private_media": files_under(private_media_root()),
    }


@pytest.fixture
def populated_site(seeded_site, django_user_model):
    django_user_model.objects.create_superuser("admin", "admin@example.gov.uk", "pw")
    wagtail_factories.ImageFactory(title="Market day")
    wagtail_factories.DocumentFactory(title="Action plan")
    EventSubmissionFactory(title="Community lunch", with_image=True)
    page = Page.objects.filter(depth=3).first().specific
    page.title = "A draft title"
    page.save_revision()
    return seeded_site


def test_a_populated_site_survives_backup_and_restore_into_an_empty_install(
    populated_site, settings, tmp_path
):
    before = site_state(settings)
    assert before["media"] and before["private_media"] and len(before["revisions"]) > 1
    archive = tmp_path / "hub.tar.gz"

    call_command("backup", str(archive), stdout=None)

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert set(tar.getnames()) == set(manifest["files"]) | {"manifest.json"}
    assert manifest["counts"] == before["counts"]
    assert manifest["versions"]["wagtail"] and manifest["versions"]["migrations"]["home"]
    assert any(name.startswith("media/") for name in manifest["files"])
    assert any(name.startswith("private-media/") for name in manifest["files"])

    # An empty install: no content, no uploads.
    call_command("flush", interactive=False, verbosity=0)
    for root in (Path(settings.MEDIA_ROOT), private_media_root()):
        for path in root.rglob("*"):
            if path.is_file():
                path.unlink()
    assert site_state(settings) != before

    call_command("restore", str(archive), stdout=None)

    assert site_state(settings) == before


def test_restore_refuses_a_damaged_archive_and_an_install_with_content(populated_site, settings, tmp_path):
    archive = tmp_path / "hub.tar.gz"
    call_command("backup", str(archive), stdout=None)

    with pytest.raises(CommandError, match="already has content"):
        call_command("restore", str(archive))

    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data = b"tampered" + data
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    pages_before = Page.objects.count()
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(damaged), "--force")
    assert Page.objects.count() == pages_before
