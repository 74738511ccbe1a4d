"""Submitted images are judged by their content, not their name, and re-encoded without metadata."""

import io

import pytest
from PIL import ExifTags, Image

from django.core.exceptions import ValidationError

from events.images import clean_image

from .support import gps_exif, image_bytes, upload


def reopen(content_file):
    content_file.seek(0)
    return Image.open(io.BytesIO(content_file.read()))


@pytest.mark.parametrize("image_format, extension", [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_jpeg_png_and_webp_are_accepted_and_reencoded_without_exif_or_gps(image_format, extension):
    original = image_bytes(image_format, size=(64, 48), exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    cleaned = clean_image(upload(f"photo.{extension}", original))

    assert cleaned.name.endswith(f".{extension}")
    result = reopen(cleaned)
    assert result.format == image_format and result.size == (64, 48)
    assert not result.getexif() and "exif" not in result.info


def test_the_name_does_not_matter_only_the_content():
    cleaned = clean_image(upload("notes.txt", image_bytes("PNG"), content_type="text/plain"))
    assert reopen(cleaned).format == "PNG"
    with pytest.raises(ValidationError, match="not a real image"):
        clean_image(upload("photo.jpg", b"<?php echo 'hello'; ?>" * 20))


def test_a_phone_photo_saved_as_mpo_becomes_a_jpeg_of_its_first_frame_without_gps():
    frames = [Image.new("RGB", (64, 48), colour) for colour in ((250, 0, 0), (0, 0, 250))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="MPO", save_all=True, append_images=frames[1:], exif=gps_exif())
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"

    cleaned = clean_image(upload("IMG_0001.jpg", buffer.getvalue()))

    result = reopen(cleaned)
    assert cleaned.name.endswith(".jpg") and result.format == "JPEG"
    assert getattr(result, "n_frames", 1) == 1 and not result.getexif()
    red, _green, blue = result.convert("RGB").getpixel((32, 24))
    assert red > 200 and blue < 50  # the first frame, not the second


def test_an_iphone_heic_photo_becomes_a_jpeg_without_gps():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (0, 160, 0)).save(buffer, format="HEIF", exif=gps_exif())
    assert Image.open(io.BytesIO(buffer.getvalue())).getexif()

    cleaned = clean_image(upload("IMG_0002.HEIC", buffer.getvalue(), content_type="image/heic"))

    result = reopen(cleaned)
    assert cleaned.name.endswith(".jpg") and result.format == "JPEG" and result.size == (64, 48)
    assert not result.getexif() and "exif" not in result.info


def test_a_truncated_image_is_refused():
    with pytest.raises(ValidationError, match="not a real image"):
        clean_image(upload("photo.jpg", image_bytes("JPEG", size=(300, 300))[:400]))


def test_other_image_formats_are_refused():
    with pytest.raises(ValidationError, match="must be a JPG, PNG, WebP or HEIC"):
        clean_image(upload("animation.gif", image_bytes("GIF")))


def test_an_image_over_5_mb_is_refused_before_it_is_decoded():
    with pytest.raises(ValidationError, match="smaller than 5 MB"):
        clean_image(upload("huge.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024)))


def test_an_image_over_20_megapixels_is_refused():
    with pytest.raises(ValidationError, match="20 megapixels or smaller"):
        clean_image(upload("wide.png", image_bytes("PNG", size=(5001, 4000))))
    assert clean_image(upload("ok.png", image_bytes("PNG", size=(5000, 4000))))


def test_a_photo_taken_sideways_is_turned_upright():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # rotate 90 degrees clockwise to display
    cleaned = clean_image(upload("sideways.jpg", image_bytes("JPEG", size=(60, 20), exif=exif)))
    assert reopen(cleaned).size == (20, 60)
