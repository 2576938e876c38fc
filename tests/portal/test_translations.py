"""Every catalogue is fully translated: no empty and no fuzzy entries in Spanish and Tagalog."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
CATALOGUES = [
    LOCALE / "es" / "LC_MESSAGES" / "django.po",
    LOCALE / "tl" / "LC_MESSAGES" / "django.po",
    LOCALE / "thirdparty" / "tl" / "LC_MESSAGES" / "django.po",
]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(LOCALE)))
def test_catalogue_is_completely_translated(path):
    catalogue = polib.pofile(str(path))
    assert not catalogue.untranslated_entries(), [e.msgid for e in catalogue.untranslated_entries()][:10]
    assert not catalogue.fuzzy_entries(), [e.msgid for e in catalogue.fuzzy_entries()][:10]


@pytest.mark.parametrize("language", ["es", "tl"])
def test_pages_are_served_in_the_chosen_language(client, language, db):
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    translated = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{language}">' in translated
    assert "Check if you can apply" in english
    assert "Check if you can apply" not in translated
