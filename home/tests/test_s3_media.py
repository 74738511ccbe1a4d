"""MEDIA_S3_BUCKET moves uploads to S3 (django-storages), tested against moto's S3 server started
here: Wagtail images go to the bucket with plain public URLs; submitted images go under
private-media/ with a private ACL and only signed URLs; the backup leaves the bucket alone."""

import socket
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import wagtail_factories
from moto.server import ThreadedMotoServer

from django.core.files.storage import default_storage, storages

from config.settings.base import s3_media_storages
from events.factories import EventSubmissionFactory
from events.models import EventSubmission
from home.backup import media_folders

pytestmark = pytest.mark.django_db

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture
def s3_bucket(settings, monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-2",
        "MEDIA_S3_ENDPOINT_URL": endpoint,
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-2")
    client.create_bucket(Bucket="hub-media", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    settings.STORAGES = {**settings.STORAGES, **s3_media_storages("hub-media")}
    # Django resolves a field's storage callable once, when models load (in production, after the
    # environment is read); here the setting changes later, so the field is pointed at it again.
    monkeypatch.setattr(EventSubmission._meta.get_field("image"), "storage", storages["private"])
    yield client
    # moto keeps its buckets per process, not per server: leave none for the next test.
    client.delete_objects(
        Bucket="hub-media", Delete={"Objects": [{"Key": key} for key in keys(client)] or [{"Key": "x"}]}
    )
    client.delete_bucket(Bucket="hub-media")
    server.stop()


def keys(client):
    return [item["Key"] for item in client.list_objects_v2(Bucket="hub-media").get("Contents", [])]


def test_images_go_to_the_bucket_with_plain_urls(s3_bucket):
    image = wagtail_factories.ImageFactory(title="Market day")

    assert image.file.name in keys(s3_bucket)
    assert default_storage.exists(image.file.name)
    url = urlsplit(image.file.url)
    assert url.path == f"/hub-media/{image.file.name}" and not url.query
    grants = s3_bucket.get_object_acl(Bucket="hub-media", Key=image.file.name)["Grants"]
    assert all(grant["Grantee"].get("URI") != ALL_USERS for grant in grants)  # the bucket policy decides


def test_submitted_images_stay_private_in_the_bucket(s3_bucket):
    submission = EventSubmissionFactory(with_image=True)

    key = f"private-media/{submission.image.name}"
    assert key in keys(s3_bucket)
    grants = s3_bucket.get_object_acl(Bucket="hub-media", Key=key)["Grants"]
    assert all(grant["Grantee"].get("URI") != ALL_USERS for grant in grants)
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner alone
    assert "X-Amz-Signature" in parse_qs(urlsplit(storages["private"].url(submission.image.name)).query)
    with submission.image.open("rb") as stored:
        assert stored.read(3) == b"\xff\xd8\xff"  # the JPEG, read back through the storage


def test_the_backup_leaves_media_on_s3_to_the_bucket(s3_bucket):
    assert media_folders() == []
