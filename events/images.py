"""Checks a submitted image by its content, not its name, and re-encodes it so no metadata
(EXIF, GPS position, camera serial numbers) survives.

Phone photos come as MPO (a JPEG carrying extra frames: depth maps, previews) or, from iPhones,
HEIC; both are accepted and become a plain JPEG of the first frame."""

import io
import uuid

from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

# Pillow reads HEIC (and HEIF, AVIF's cousin) once pillow-heif registers its opener.
register_heif_opener()

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 20_000_000
# Pillow format -> (file extension, save options).
ALLOWED_FORMATS = {
    "JPEG": ("jpg", {"quality": 85, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 85}),
}
# Formats accepted on the way in and saved as another: phone photos become JPEGs.
CONVERTED_FORMATS = {"MPO": "JPEG", "HEIF": "JPEG"}


def clean_image(upload):
    """Validate an uploaded file and return a clean re-encoded copy as a ContentFile.

    Raises ValidationError with a message the submitter can act on."""
    if upload.size > MAX_BYTES:
        raise ValidationError("The image must be smaller than 5 MB", code="file_too_big")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = CONVERTED_FORMATS.get(probe.format, probe.format)
            width, height = probe.size
            # Size first: verify() and load() would decode a decompression bomb.
            if image_format in ALLOWED_FORMATS and width * height > MAX_PIXELS:
                raise ValidationError(
                    "The image must be 20 megapixels or smaller, for example 5000 by 4000 pixels",
                    code="too_many_pixels",
                )
            probe.verify()
        if image_format not in ALLOWED_FORMATS:
            raise ValidationError("The image must be a JPG, PNG, WebP or HEIC", code="wrong_type")
        upload.seek(0)
        with Image.open(upload) as image:
            image.seek(0)  # the first frame: the photo itself
            image.load()
            clean = _without_metadata(image, image_format)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError("The selected file is not a real image", code="not_an_image") from error

    extension, options = ALLOWED_FORMATS[image_format]
    buffer = io.BytesIO()
    clean.save(buffer, format=image_format, **options)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def _without_metadata(image, image_format):
    """Pixels only: turned upright from the EXIF orientation, then copied with no info attached."""
    image = ImageOps.exif_transpose(image)
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        # Palette images keep transparency in the info this function throws away.
        image = image.convert("RGBA")
    clean = image.copy()
    clean.info = {}
    return clean
