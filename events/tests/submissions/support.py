"""Helpers for the event submission tests: valid answers, test images, and a mail backend
that fails until told the server is back."""

import io
import smtplib
import time
from datetime import timedelta

from PIL import ExifTags, Image

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend

from events import schedule, spam

FLAKY_BACKEND = "events.tests.submissions.support.FlakyEmailBackend"


class FlakyEmailBackend(BaseEmailBackend):
    """Stands in for an SMTP server that is down (raises, as smtplib does) until `recover()`."""

    down = True
    attempts = 0

    @classmethod
    def fail(cls):
        cls.down, cls.attempts = True, 0

    @classmethod
    def recover(cls):
        cls.down = False

    def send_messages(self, messages):
        FlakyEmailBackend.attempts += 1
        if FlakyEmailBackend.down:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        mail.outbox.extend(messages)
        return len(messages)


def served_token(seconds_ago=60):
    """A timing token as if the form had been served `seconds_ago`."""
    return spam.issue_form_token(now=time.time() - seconds_ago)


def future_date(days=14):
    return schedule.local_today() + timedelta(days=days)


def date_fields(prefix, value):
    if value is None:
        return {f"{prefix}_day": "", f"{prefix}_month": "", f"{prefix}_year": ""}
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


def valid_data(area, category, **overrides):
    """Answers that pass every rule: an in-person lunch two weeks from today, 12pm to 2pm."""
    data = {
        "organiser_name": "Matlock Neighbours",
        "organiser_url": "https://matlock-neighbours.example.org",
        "contact_name": "Sam Jones",
        "contact_email": "sam@example.org",
        "contact_phone": "01629 533190",
        "title": "Community lunch",
        "summary": "Soup, bread and a chat. Everyone welcome.",
        "description": "Bring a friend.\n\nVegetarian options.",
        **date_fields("start_date", future_date()),
        **date_fields("end_date", None),
        "start_time": "12pm",
        "end_time": "2pm",
        "where": ["in_person"],
        "venue_name": "Riverside Centre",
        "venue_address": "1 River Street\nMatlock",
        "venue_postcode": "de4 3ag",
        "area": str(area.pk),
        "category": str(category.pk),
        "booking_url": "",
        "inclusion": ["step_free_access", "hearing_loop"],
        "languages": "English and Polish",
        "access_notes": "Parking at the back.",
        "image_alt": "",
        "consent": "on",
        "website": "",
        "form_token": served_token(),
    }
    data.update(overrides)
    return data


def image_bytes(image_format="JPEG", size=(40, 30), exif=None, colour=(200, 80, 40)):
    image = Image.new("RGB", size, colour)
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def upload(name="photo.jpg", content=None, content_type="image/jpeg"):
    return SimpleUploadedFile(
        name, content if content is not None else image_bytes(), content_type=content_type
    )


def gps_exif():
    """EXIF with a GPS position and a camera serial number, as a phone photo has."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.BodySerialNumber] = "SERIAL-123456"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (53.0, 8.0, 20.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (1.0, 33.0, 10.0)
    return exif
