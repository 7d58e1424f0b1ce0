"""Why a file could not be read at all.  Raised by the safety checks and the reader, caught by the API."""

from __future__ import annotations


class InputError(Exception):
    """An input that cannot be checked.  ``kind`` is a stable key; ``zh``/``en`` are one-line reasons
    (without the file name: the reporter prefixes it)."""

    def __init__(self, kind: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.kind = kind
        self.zh = zh
        self.en = en

    def reason(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh
