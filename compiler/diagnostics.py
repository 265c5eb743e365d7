"""Diagnostics: what every stage reports instead of raising.

Printed as `path:line:col: severity CODE: message (did you mean 'x'?)`.
Codes are stable: add new ones, never renumber.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Iterable

from .model import Location

ERROR = "error"
WARNING = "warning"

CODES: dict[str, str] = {
    # E0xx: files and syntax
    "E001": "not a course folder / course.yaml missing",
    "E002": "file cannot be read (not UTF-8, too large, not a file)",
    "E003": "YAML does not parse",
    "E004": "empty file",
    "E005": "front matter missing or malformed",
    "E006": "malformed line in a page (field, choice, condition syntax)",
    # E1xx: course.yaml and page keys
    "E101": "unknown key",
    "E102": "missing required field",
    "E103": "wrong type",
    "E104": "duplicate id",
    "E105": "invalid IRI",
    "E106": "invalid language tag",
    "E107": "mastery score outside 0..1",
    "E108": "unknown page",
    "E109": "unknown page kind",
    "E110": "value out of range",
    "E111": "page file name that cannot be a page id",
    # E2xx: scenarios
    "E201": "choice leads to unknown node",
    "E202": "node unreachable from the start",
    "E203": "no ending reachable from node",
    "E204": "variable used but never set",
    "E205": "scenario has no ending",
    "E206": "condition names unknown node",
    "E207": "effect on unknown variable",
    "E208": "node with no choices that is not an ending",
    "E209": "ending with choices",
    "E210": "a learner can be stuck",
    # E3xx: media and links
    "E301": "image without alt text",
    "E302": "missing media file",
    "E303": "link to unknown page",
    "E304": "raw HTML not allowed",
    "E305": "unsafe link or image address (javascript:, vbscript:, file:, data:)",
    "E306": "link or image address with a space",
    # W: warnings
    "W001": "choice without feedback",
    "W002": "scenario without content warning",
    "W003": "unknown feeling",
    "W004": "file in the course folder that nothing uses",
    "W005": "suspend data may exceed SCORM 1.2's 4096 characters",
    "W006": "LRS credential inside the package",
    "W007": "variable set but never read",
    "W008": "no player strings for the course language (the player falls back to English)",
    "W009": "image loaded from another site",
    "W010": "variable read by a condition but never changed by any set:",
    "W011": "'#' in an unquoted YAML value: the rest of the line is a note, left out of the value",
    "W012": "a YAML value wrapped in curly quotes, which learners see",
    # E9xx: the compiler itself
    "E900": "internal error in the compiler (a bug: please report it)",
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    loc: Location
    severity: str
    code: str
    message: str
    suggestion: str | None = None

    def __str__(self) -> str:
        text = f"{self.loc}: {self.severity} {self.code}: {self.message}"
        if self.suggestion:
            text += f" (did you mean '{self.suggestion}'?)"
        return text

    def as_dict(self) -> dict:
        return {
            "path": self.loc.path,
            "line": self.loc.line,
            "col": self.loc.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "suggestion": self.suggestion,
        }


def error(loc: Location, code: str, message: str, suggestion: str | None = None) -> Diagnostic:
    return Diagnostic(loc, ERROR, code, message, suggestion)


def warning(loc: Location, code: str, message: str, suggestion: str | None = None) -> Diagnostic:
    return Diagnostic(loc, WARNING, code, message, suggestion)


def suggest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The closest known word to a misspelt one, or None (CUTOFF: how close, 0..1)."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def sort_key(d: Diagnostic) -> tuple:
    return (d.loc.path, d.loc.line, d.loc.col, d.code, d.message)


def format_text(diags: Iterable[Diagnostic]) -> str:
    return "\n".join(str(d) for d in sorted(diags, key=sort_key))


def format_json(diags: Iterable[Diagnostic]) -> str:
    items = [d.as_dict() for d in sorted(diags, key=sort_key)]
    return json.dumps({"diagnostics": items,
                       "errors": sum(1 for d in items if d["severity"] == ERROR),
                       "warnings": sum(1 for d in items if d["severity"] == WARNING)},
                      indent=2, ensure_ascii=False)


def has_errors(diags: Iterable[Diagnostic], strict: bool = False) -> bool:
    return any(d.severity == ERROR or (strict and d.severity == WARNING) for d in diags)
