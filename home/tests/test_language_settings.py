"""COMMUNITY_LANGUAGES: a code Django does not know stops start-up with a sentence naming it, and a
language with no interface translations is reported by `manage.py check`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured

from config.settings.base import community_languages

ROOT = Path(__file__).resolve().parents[2]


def test_known_codes_become_languages_named_from_django_after_english():
    assert community_languages(["PL", "ur", "pl", "en-gb"]) == [
        ("en-gb", "English"),
        ("pl", "Polish"),
        ("ur", "Urdu"),
    ]


def test_an_unknown_code_is_named_with_the_accepted_form():
    with pytest.raises(ImproperlyConfigured) as error:
        community_languages(["pl", "polish", "pt_BR"])
    message = str(error.value)
    assert "'polish', 'pt_br'" in message
    assert "'pl'" not in message.split("which")[0]
    assert "for example 'pl,ro,sk,pa,ur,ar'" in message


def test_start_up_with_an_unknown_code_fails_with_that_sentence_not_a_key_error():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(COMMUNITY_LANGUAGES="pl,xx", DJANGO_SETTINGS_MODULE="config.settings.test")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: COMMUNITY_LANGUAGES names 'xx'" in result.stderr
    assert "KeyError" not in result.stderr


def test_check_warns_of_a_language_with_no_interface_translations(settings, tmp_path):
    settings.LANGUAGES = community_languages(["pl", "de"])
    settings.LOCALE_PATHS = [tmp_path]
    (tmp_path / "pl" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "pl" / "LC_MESSAGES" / "django.mo").write_bytes(b"")
    warnings = [message for message in run_checks() if message.id == "home.W001"]
    assert [warning.msg.split(",")[0] for warning in warnings] == ["COMMUNITY_LANGUAGES offers 'de'"]


def test_check_is_quiet_for_the_languages_the_hub_ships():
    assert not [message for message in run_checks() if message.id == "home.W001"]
