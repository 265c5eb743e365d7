"""The files a package is made of that come from outside the model: the JavaScript
runtime shipped with empathy and the course's own media files."""
from __future__ import annotations

from pathlib import Path

# The check stage's own notions of "a file of the course" and of walking the model, so
# build packages exactly the files check looked at (and reuses its walk of the course).
from ..check.targets import classify
from ..check.walk import instances
from ..model import Course, Markdown
from .minify import minify_js

RUNTIME_DIR = Path(__file__).resolve().parents[1] / "runtime"
PLAYER_PARTS = ("state.js", "xapi.js", "player.js")
"""Concatenated, in this order, into assets/player.js (docs/design.md, Runtime)."""


class MissingRuntime(Exception):
    """A runtime file the package needs is not there (a broken checkout or install)."""


def runtime_file(relative: str) -> bytes:
    """The bytes of `compiler/runtime/<relative>`; MissingRuntime when it does not exist."""
    path = RUNTIME_DIR / relative
    if not path.is_file():
        raise MissingRuntime(
            f"the runtime file compiler/runtime/{relative} is missing: the empathy "
            "installation is incomplete (reinstall it, or update the checkout)")
    return path.read_bytes()


def player_js() -> bytes:
    """assets/player.js: state.js + xapi.js + player.js, minified, in that order."""
    return b"".join(minify_js(runtime_file(name)) for name in PLAYER_PARTS)


def adapter_js(adapter: str) -> bytes:
    """assets/adapter.js for one adapter: none, scorm12, scorm2004, cmi5 or tincan."""
    return minify_js(runtime_file(f"adapters/{adapter}.js"))


# ---------------------------------------------------------------- media


def used_media(course: Course) -> dict[str, bytes]:
    """{relative path: bytes} of the course folder's files that the course's text uses
    (images and links to local files). Missing files are left out: `check` reports them."""
    root = Path(course.root)
    found: dict[str, bytes] = {}
    for text in instances(course, Markdown):
        references = [classify(image.src, image=True) for image in text.images]
        references += [classify(href) for href, _ in text.links]
        for reference in references:
            path = reference.value
            if reference.kind != "file" or path in found:
                continue
            source = root / path
            if source.is_file():
                found[path] = source.read_bytes()
    return found
