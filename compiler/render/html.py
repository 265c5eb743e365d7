"""index.html from the theme's Jinja2 templates (autoescaped, StrictUndefined)."""
from __future__ import annotations

import json
import os
from typing import Any

import jinja2
from markupsafe import Markup

from ..load.files import display_path, read_source
from .themes import Theme, ThemeError, problems_text

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


PARENT = "parent/"
EXACT = "@"  # internal names "@<i>/<name>": template NAME of the chain's theme I only


class ThemeLoader(jinja2.BaseLoader):
    """Templates of a theme chain (child first), plus the exact names `_ThemeEnvironment`
    gives `parent/NAME` and `THEME/NAME` references: `@<i>/NAME` is NAME in theme I."""

    def __init__(self, theme: Theme):
        self.folders = [folder / "templates" for folder in theme.chain]
        self.names = [folder.name for folder in theme.chain]
        self._loaders = [jinja2.FileSystemLoader(str(folder)) for folder in self.folders]

    def has(self, index: int, name: str) -> bool:
        try:
            path = self.folders[index].joinpath(*jinja2.loaders.split_template_path(name))
        except jinja2.TemplateNotFound:  # a name with ".." in it
            return False
        return path.is_file()

    def first_with(self, name: str, start: int = 0) -> int | None:
        """The first theme from START up the chain that has template NAME."""
        return next((i for i in range(start, len(self.folders)) if self.has(i, name)), None)

    def exact(self, name: str) -> tuple[int, str] | None:
        if not name.startswith(EXACT) or "/" not in name:
            return None
        index, _, rest = name[len(EXACT):].partition("/")
        return (int(index), rest) if index.isdigit() and int(index) < len(self.folders) else None

    def get_source(self, environment, template):
        index, name = self.exact(template) or (self.first_with(template), template)
        if index is None:
            raise jinja2.TemplateNotFound(template)
        try:
            return self._loaders[index].get_source(environment, name)
        except UnicodeDecodeError:  # the reader's message gives the file, line and column
            path = self.folders[index].joinpath(*jinja2.loaders.split_template_path(name))
            _, problems = read_source(str(path))
            raise ThemeError(problems_text(problems)) from None


class _ThemeEnvironment(jinja2.Environment):
    """Template names are looked up child first, except two prefixes, which a template
    uses to build on the template it replaces (`{% extends "parent/header.html.j2" %}`):
    `parent/NAME` is NAME in the next theme up the chain from the template that says it;
    `THEME/NAME` is NAME in the chain's theme whose folder is called THEME (or, if that
    theme has none, the nearest theme it extends that has one)."""

    def join_path(self, template: str, parent: str) -> str:
        loader: ThemeLoader = self.loader  # type: ignore[assignment]
        first, _, rest = template.partition("/")
        if not rest or loader.first_with(template) is not None and first + "/" != PARENT:
            return template  # an ordinary name, or a theme's own subfolder
        exact = loader.exact(parent)
        here = exact[0] if exact else loader.first_with(parent)
        if first + "/" == PARENT:
            start = None if here is None else here + 1
        else:  # two themes of one chain may share a folder name: the nearer one above wins
            named = [i for i, name in enumerate(loader.names) if name == first]
            above = [i for i in named if here is None or i > here]
            start = (above or named or [None])[0]
        found = None if start is None else loader.first_with(rest, start)
        if found is None:
            return template  # not found: the error names what the author wrote
        return f"{EXACT}{found}/{rest}"


def environment(theme: Theme) -> jinja2.Environment:
    """The Jinja2 environment of a theme: child templates first, then each parent's;
    `parent/NAME` and `THEME/NAME` reach a template further up (see _ThemeEnvironment)."""
    return _ThemeEnvironment(loader=ThemeLoader(theme), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             bytecode_cache=_bytecode_cache())


def template_line(exc: BaseException) -> str | None:
    """`path:line` of the innermost template line EXC was raised from, or None when it
    did not come from a template. Jinja rewrites the traceback of what a template raises
    (and of a syntax error) so that each template line shows as a frame of its file."""
    place = None
    frame = exc.__traceback__
    while frame is not None:
        if "__jinja_exception__" in frame.tb_frame.f_globals:
            place = f"{display_path(frame.tb_frame.f_code.co_filename)}:{frame.tb_lineno}"
        frame = frame.tb_next
    return place


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
