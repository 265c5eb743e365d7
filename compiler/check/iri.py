"""A small absolute-IRI check, after RFC 3987 (IRIs) and RFC 3986 (URIs).

Strict enough to catch what authors get wrong (a missing scheme, spaces, a bare host,
a broken percent escape), lenient about the rest: Unicode letters are fine in an IRI.
"""
from __future__ import annotations

import re

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):(.*)$", re.S)
# Characters RFC 3987 never allows in an IRI, whatever the component.
_FORBIDDEN = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f]')
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[^\s/?#@:\[\]]+)(:\d*)?$")
_URN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$")


def iri_problem(value: str, *, web_only: bool = False) -> str | None:
    """Why `value` is not an absolute IRI, or None if it is one.

    With `web_only`, only http and https are accepted (for addresses a browser fetches).
    """
    if not value:
        return "it is empty"
    bad = _FORBIDDEN.search(value)
    if bad:
        char = bad.group()
        return "it contains a space" if char == " " else f"it contains {char!r}"
    match = _SCHEME.match(value)
    if not match:
        return "it has no scheme: write it in full, like https://example.org/..."
    scheme, rest = match.group(1).lower(), match.group(2)
    if _BAD_PERCENT.search(value):
        return "'%' must be followed by two hexadecimal digits"
    if web_only and scheme not in ("http", "https"):
        return f"it must be an http or https address, not '{scheme}:'"
    if scheme in ("http", "https"):
        if not rest.startswith("//"):
            return f"write '{scheme}://' followed by a host name"
        authority = re.split(r"[/?#]", rest[2:], maxsplit=1)[0].rsplit("@", 1)[-1]
        if not authority or not _HOST.match(authority):
            return "it has no valid host name"
    elif scheme == "urn":
        if not _URN.match(rest):
            return "a URN reads urn:namespace:name"
    elif not rest:
        return f"nothing follows '{scheme}:'"
    if value.count("#") > 1:
        return "it contains more than one '#'"
    return None
