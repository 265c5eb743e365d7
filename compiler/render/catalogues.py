"""Player strings: `compiler/catalogues/<lang>.json`, falling back to English."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

CATALOGUE_DIR = Path(__file__).resolve().parents[1] / "catalogues"
RTL_LANGUAGES = {"ar", "he", "fa", "ur"}
_TAG = re.compile(r"^[A-Za-z0-9-]{1,35}$")
"""What a catalogue may be called: a language tag, never a path (or a sentence)."""


def primary_subtag(language: str) -> str:
    """`pt-BR` -> `pt`."""
    return language.replace("_", "-").split("-")[0].lower()


def direction(language: str) -> str:
    """"rtl" for Arabic, Hebrew, Persian and Urdu, else "ltr"."""
    return "rtl" if primary_subtag(language) in RTL_LANGUAGES else "ltr"


@lru_cache(maxsize=None)
def _read(name: str) -> dict[str, str]:
    if not _TAG.match(name):
        return {}  # not a language tag (check says so: E106)
    path = CATALOGUE_DIR / f"{name}.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def strings(language: str) -> dict[str, str]:
    """The player catalogue for `language`: English, overlaid by the primary language
    (`pt`), overlaid by the exact tag (`pt-BR`), so a missing string falls back to English."""
    merged = dict(_read("en"))
    primary = primary_subtag(language)
    if primary != "en":
        merged.update(_read(primary))
    if language != primary:
        merged.update(_read(language))
    return merged
