"""perfcheck/serve/i18n.py: the page's words exist in both languages, with the same placeholders."""

from __future__ import annotations

import re

from perfcheck.serve.i18n import TEMPLATE_FILES, lang_of, words


def test_every_word_in_both_languages_with_the_same_placeholders() -> None:
    zh, en = words("zh"), words("en")
    assert set(zh) == set(en)
    for key in zh:
        assert zh[key].strip() and en[key].strip(), key
        assert set(re.findall(r"\{(\w+)\}", zh[key])) == set(re.findall(r"\{(\w+)\}", en[key])), key


def test_language_choice_and_report_labels() -> None:
    assert [lang_of(x) for x in ("en", "zh", "fr", None, "EN")] == ["en", "zh", "zh", "zh", "zh"]
    assert (words("zh")["r_level_error"], words("en")["r_level_error"]) == ("错误", "error")
    assert words("de") == words("zh")
    assert set(TEMPLATE_FILES) == {"project", "department", "monitor"}
