"""Masks what looks like personal contact details in free text before it is stored."""

import re

EMAIL_MASK = "[email removed]"
PHONE_MASK = "[phone number removed]"

# Loose on purpose: a false positive hides a few characters, a miss stores personal data.
EMAIL = re.compile(
    r"[^\s@<>()\[\],;:\"']+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*[\w-]+)+", re.I
)
# Seven or more digits, allowing a leading + and spaces, dots, dashes or brackets between them.
PHONE = re.compile(r"(?<![\w])\+?\(?\d(?:[\s().-]{0,2}\d){6,}")


def mask_personal_data(text):
    """`text` with anything like an email address or a phone number replaced by a marker."""
    if not text:
        return text
    text = EMAIL.sub(EMAIL_MASK, text)
    return PHONE.sub(PHONE_MASK, text)
