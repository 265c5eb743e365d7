"""The shared web build every target starts from: {path in the package: bytes}."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2

from ..model import Course
from ..package import files
from ..package.minify import minify_css
from .course_json import course_json
from .html import embed_json, render_index, template_line
from .themes import ThemeError, resolve_theme


class RenderError(Exception):
    """The course cannot be rendered (theme or template problem); message for the author."""


# The two parts of the runtime a learner's first page can do without (docs/design.md,
# "Deferred runtime code"). The player fetches assets/xapi.js before the adapter starts,
# only when statements can be sent (an endpoint in course.yaml or the launch URL, or an
# adapter that always sends: cmi5, tincan).
DEFER_KINDS = True
SEPARATE_XAPI = True


def render_site(course: Course, theme: str | Path | None = None, *,
                defer_kinds: bool | None = None,
                separate_xapi: bool | None = None) -> dict[str, bytes]:
    """index.html (course.json embedded), assets/player.css, assets/player.js and the media
    the course uses. `theme` (a `--theme` path) overrides the course's own theme.

    `defer_kinds` (default DEFER_KINDS) ships the interactive page kinds as assets/kinds.js,
    which the player fetches when it first shows such a page, instead of inside player.js;
    `separate_xapi` (default SEPARATE_XAPI) ships xapi.js as assets/xapi.js."""
    if defer_kinds is None:
        defer_kinds = DEFER_KINDS
    if separate_xapi is None:
        separate_xapi = SEPARATE_XAPI
    try:
        # --theme is relative to where the author runs the command; course.yaml's `theme`
        # to the course folder.
        resolved = (resolve_theme(str(theme)) if theme
                    else resolve_theme(course.theme or "default", course.root))
        compiled = course_json(course)
        index = render_index(resolved, compiled)
        css = resolved.css("first" if defer_kinds else "all")
        kinds_css = resolved.css("kinds") if defer_kinds else b""
    except ThemeError as exc:
        raise RenderError(str(exc)) from None
    except jinja2.TemplateNotFound as exc:
        raise RenderError(_at_template_line(exc, _not_found(exc, resolved))) from None
    except RecursionError:
        raise RenderError("a theme template extends or includes itself; to build on the "
                          "template of the same name in the theme it extends, write "
                          "'parent/NAME' (e.g. {% extends \"parent/header.html.j2\" %})") from None
    except jinja2.TemplateError as exc:
        raise RenderError(_at_template_line(exc, f"template error: {exc.message or exc}")) from None
    except OSError as exc:
        raise RenderError(f"cannot read the theme: {exc.filename or ''} {exc.strerror}") from None
    except Exception as exc:  # what a template's own expression raises: `{{ 1 / 0 }}`
        if template_line(exc) is None:
            raise
        raise RenderError(_at_template_line(exc, f"template error: {exc} "
                                                 f"({type(exc).__name__})")) from None
    site = {
        "index.html": index.encode("utf-8"),
        "assets/player.css": minify_css(css),
        "assets/player.js": files.player_js(separate_xapi=separate_xapi, with_kinds=not defer_kinds),
    }
    if defer_kinds:
        site["assets/kinds.js"] = files.kinds_js()
        site["assets/kinds.css"] = minify_css(kinds_css)
    if separate_xapi:
        site["assets/xapi.js"] = files.xapi_js()
    for path, data in files.used_media(course).items():
        site.setdefault(path, data)
    return site


def _at_template_line(exc: Exception, message: str) -> str:
    """MESSAGE after the template line EXC comes from (`path:line: `), when it has one."""
    where = template_line(exc)
    return f"{where}: {message}" if where else message


def _not_found(exc: jinja2.TemplateNotFound, theme) -> str:
    """Which template is missing, and where it was looked for."""
    names = ", ".join(repr(n) for n in getattr(exc, "templates", None) or [exc.name])
    chain = " -> ".join(folder.name for folder in theme.chain)
    return (f"template {names} not found in the theme chain {chain} (each theme's templates/ "
            "folder; 'parent/NAME' is NAME in the next theme up, 'THEME/NAME' in the theme "
            "folder called THEME)")


# The element holding course.json, whatever order a theme writes its attributes in.
COURSE_SCRIPT = re.compile(r"""<script\b(?=[^>]*\bid=["']?course\b)[^>]*>""")


def without_credential(index_html: bytes, auth: str) -> bytes:
    """index.html with course.json's `xapi.auth` set to null, for targets whose launch
    brings the LRS credential (cmi5, TinCan): a credential they never use is not shipped.

    Raises RenderError rather than ship the credential when a theme's page holds it
    somewhere this cannot take it out."""
    text = index_html.decode("utf-8")
    found = COURSE_SCRIPT.search(text)
    if found is not None:
        end = text.index("</script>", found.end())
        data = json.loads(text[found.end():end])
        if (data.get("xapi") or {}).get("auth"):
            data["xapi"]["auth"] = None
            text = text[:found.end()] + embed_json(data) + text[end:]
    if embed_json(auth)[1:-1] in text:
        raise RenderError("the theme's index.html shows xapi.auth outside course.json's "
                          "<script id=\"course\">, so it cannot be left out of cmi5 and xapi "
                          "packages: keep it out of the templates")
    return text.encode("utf-8")
