"""index.html from the theme's Jinja2 templates (autoescaped, StrictUndefined)."""
from __future__ import annotations

import json
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


def environment(theme: Theme) -> jinja2.Environment:
    """The Jinja2 environment of a theme: child templates first, then each parent's."""
    loaders = [jinja2.FileSystemLoader(folder) for folder in theme.template_dirs]
    return jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


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
