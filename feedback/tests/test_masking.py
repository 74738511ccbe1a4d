"""Comments are stored without anything that looks like an email address or phone number."""

import pytest

from feedback.masking import EMAIL_MASK, PHONE_MASK, mask_personal_data


@pytest.mark.parametrize(
    "text",
    [
        "write to jo.bloggs@example.co.uk please",
        "jo (at) example (dot) com",
        "JO.BLOGGS+HUB@EXAMPLE.ORG",
    ],
)
def test_email_addresses_are_masked(text):
    masked = mask_personal_data(text)
    assert EMAIL_MASK in masked
    assert "example" not in masked.lower()


@pytest.mark.parametrize("text", ["call 01629 538254", "+44 (0)1629-538-254", "07700900123", "0345.123.3333"])
def test_phone_numbers_are_masked(text):
    masked = mask_personal_data(text)
    assert PHONE_MASK in masked
    assert not any(ch.isdigit() for ch in masked)


@pytest.mark.parametrize("text", ["the 2014-16 charter", "events near DE1 3AA in 2025", "pages 12 and 15"])
def test_ordinary_text_is_kept(text):
    assert mask_personal_data(text) == text
