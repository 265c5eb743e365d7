"""What a link or image address in author Markdown points at.

Shared by the link, media and unused-file rules so they agree on what a reference is:
- `C:\\Users\\ana\\desk.png` or `D:/docs/notes.pdf` (a drive letter) is a file on the
  author's own computer, which no learner can open;
- an address with a scheme (`https:`, `mailto:`, `tel:`) or `//host` is external;
- `page-id` or `page-id.md` (no folder, no other extension) is another page, and so is
  `#page-id`: the renderer rewrites page links to that form (all pages live in one
  document, and the player navigates by fragment); `page-id#heading` becomes
  `#page-id/h:heading`, a page with the heading it leads to;
- `#h:heading` is a heading of the same page (the renderer rewrites `#heading` to that
  form when the page has such a heading);
- an empty address or a bare `#` goes nowhere and is left alone;
- anything else is a file of the course folder, relative to it (`media/chart.png`).
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

from ..markdown import HEADING_PREFIX

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DRIVE = re.compile(r"^[A-Za-z]:")  # no web scheme is one letter long


@dataclass(frozen=True, slots=True)
class Target:
    kind: str
    """external | empty | page | heading | file | outside (a file path that leaves the course
    folder) | computer (a Windows path on the author's computer, `C:\\...`)"""
    value: str
    """The page id or the course-relative file path; the address itself otherwise."""
    heading: str = ""
    """A page link's heading on that page (`page-id#heading`), if any."""


def classify(address: str, *, image: bool = False) -> Target:
    """Sort an address from a link (or, with `image=True`, an image) into a Target."""
    address = address.strip()
    if _DRIVE.match(address):
        return Target("computer", address)
    if _SCHEME.match(address) or address.startswith("//"):
        return Target("external", address)
    if address.startswith("#" + HEADING_PREFIX) and not image:
        return Target("heading", unquote(address[1 + len(HEADING_PREFIX):]))
    if address.startswith("#") and len(address) > 1 and not image:
        page, _, heading = unquote(address[1:]).partition("/")
        return Target("page", page, heading.removeprefix(HEADING_PREFIX))
    if not address or address == "#":
        return Target("empty", address)
    path = unquote(re.split(r"[?#]", address, maxsplit=1)[0])
    if not path.strip():
        return Target("empty", address)
    if not image and "/" not in path:
        if path.endswith(".md"):
            return Target("page", path[:-3])
        if "." not in path:
            return Target("page", path)
    normal = posixpath.normpath(path.replace("\\", "/"))
    if normal.startswith("/") or normal == ".." or normal.startswith("../"):
        return Target("outside", address)
    return Target("file", normal)
