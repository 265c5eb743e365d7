"""index.html from the theme's Jinja2 templates (autoescaped, StrictUndefined)."""
from __future__ import annotations

import json
import os
from typing import Any

import jinja2
from markupsafe import Markup

from .themes import Theme

CSS = ["assets/player.css"]
SCRIPTS = ["assets/adapter.js", "assets/player.js"]


def embed_json(data: Any) -> str:
    """JSON safe to put inside `<script type="application/json">`: compact, sorted keys,
    real UTF-8, and `</` written `<\\/` so no text can close the script element."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("</", "<\\/")


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """A cache that never fails a build: a full disk just means no cache entry."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between builds (compiling them is most of the render time).

    In $EMPATHY_CACHE_DIR, else $XDG_CACHE_HOME/empathy or ~/.cache/empathy; entries are
    keyed by the template source's checksum, so an edited theme is never served stale.
    `EMPATHY_CACHE_DIR=off` (or an unwritable folder) builds without it; output is the same."""
    setting = os.environ.get("EMPATHY_CACHE_DIR")
    if setting == "off":
        return None
    base = setting or os.path.join(os.environ.get("XDG_CACHE_HOME") or
                                   os.path.join(os.path.expanduser("~"), ".cache"), "empathy")
    folder = os.path.join(base, "templates")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return None
    if not os.access(folder, os.W_OK):
        return None
    return _QuietCache(folder)


def environment(theme: Theme) -> jinja2.Environment:
    """The Jinja2 environment of a theme: child templates first, then each parent's."""
    loaders = [jinja2.FileSystemLoader(folder) for folder in theme.template_dirs]
    return jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              bytecode_cache=_bytecode_cache())


def render_index(theme: Theme, course: dict[str, Any]) -> str:
    """The player page for a compiled course (course.json dict)."""
    template = environment(theme).get_template("index.html.j2")
    return template.render(
        course=course,
        course_json=Markup(embed_json(course)),
        first_page=course["pages"][0] if course["pages"] else None,
        strings=course["strings"],
        css=CSS,
        scripts=SCRIPTS,
    )
