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
KINDS_PART = "kinds.js"
"""assets/kinds.js: the interactive page kinds, fetched by the player only when needed."""
XAPI_PART = "xapi.js"


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


def player_js(*, separate_xapi: bool = False, with_kinds: bool = False) -> bytes:
    """assets/player.js: state.js + xapi.js + player.js, minified, in that order.

    With `separate_xapi`, xapi.js is left out (it ships as assets/xapi.js, see `xapi_js`);
    with `with_kinds`, kinds.js is appended (nothing is deferred: no assets/kinds.js)."""
    parts = [name for name in PLAYER_PARTS if not (separate_xapi and name == XAPI_PART)]
    if with_kinds:
        parts.append(KINDS_PART)
    return b"".join(minify_js(runtime_file(name)) for name in parts)


def kinds_js() -> bytes:
    """assets/kinds.js: the renderers of scenario, coaching, reflection, self-rating, quiz
    and example pages, minified; the player loads it the first time it shows one."""
    return minify_js(runtime_file(KINDS_PART))


def xapi_js() -> bytes:
    """assets/xapi.js: the statement queue on its own, minified (for `separate_xapi`
    builds, where it is loaded only when statements can be sent)."""
    return minify_js(runtime_file(XAPI_PART))


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
