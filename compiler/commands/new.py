"""`empathy new NAME`: copy the scaffold course into a new folder.

The scaffold (compiler/scaffold/) holds `{{title}}`, `{{id}}` and `{{slug}}` placeholders,
in file contents and file names. The result passes `empathy check --strict`.
"""
from __future__ import annotations

import json
import os
import re
import shlex
from importlib import resources
from importlib.abc import Traversable

import click

from ..check.iri import iri_problem
from ..slugs import folder_slug

# A placeholder standing alone as a YAML value (`title: {{title}}`): it must become a
# valid YAML scalar whatever the author typed (colons, quotes, a leading '#').
_YAML_VALUE = re.compile(r"^(?P<head>\s*[^:\n]+:\s+)\{\{(?P<name>title|id|slug)\}\}[ \t]*$",
                         re.M)
_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9](?!.*(?:: | #|:$))[^\n'\"]*$")


def _base(name: str) -> str:
    return os.path.basename(os.path.normpath(name))


def title_of(name: str) -> str:
    """A folder name as a title, in the author's own letters ('atención-al-cliente' -> 'Atención al cliente')."""
    words = " ".join(re.split(r"[-_\s]+", _base(name))).strip()
    return words[:1].upper() + words[1:] if words else "Course"


def _yaml_scalar(value: str) -> str:
    if _PLAIN_SAFE.match(value) and not value.endswith(" "):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def fill(template: str, values: dict[str, str], *, yaml_text: bool) -> str:
    """Replace the placeholders in one file's text."""
    if yaml_text:
        for name, value in values.items():  # "{{title}}" already quoted: keep it one string
            template = template.replace('"{{' + name + '}}"', json.dumps(value, ensure_ascii=False))
        template = _YAML_VALUE.sub(
            lambda m: m.group("head") + _yaml_scalar(values[m.group("name")]), template)
    for name, value in values.items():
        template = template.replace("{{" + name + "}}", value)
    return template


def _is_yaml_like(name: str) -> bool:
    # Markdown pages start with YAML front matter, so their values need quoting too.
    return name.endswith((".yaml", ".yml", ".md"))


def _copy(source: Traversable, target: str, values: dict[str, str]) -> list[str]:
    written: list[str] = []
    for entry in sorted(source.iterdir(), key=lambda e: e.name):
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        path = os.path.join(target, fill(entry.name, values, yaml_text=False))
        if entry.is_dir():
            os.makedirs(path, exist_ok=True)
            written += _copy(entry, path, values)
            continue
        data = entry.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass  # an image or other binary file: copied as it is
        else:
            data = fill(text, values, yaml_text=_is_yaml_like(entry.name)).encode("utf-8")
        with open(path, "wb") as handle:
            handle.write(data)
        written.append(path)
    return written


def create_course(folder: str, title: str | None = None, course_id: str | None = None) -> list[str]:
    """Write the scaffold course into `folder` (which must not exist or be empty); the files written."""
    slug = folder_slug(folder)
    values = {"slug": slug,
              "title": title or title_of(folder),
              "id": course_id or f"https://courses.example.org/{slug}"}
    os.makedirs(os.path.join(folder, "media"), exist_ok=True)  # where the course's images go
    return _copy(resources.files("compiler") / "scaffold", folder, values)


def _check_id(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        problem = iri_problem(value)
        if problem:
            raise click.BadParameter(f"'{value}' is not an absolute IRI: {problem}")
        if "?" in value or "#" in value:  # as `empathy check` says (E105)
            raise click.BadParameter(f"'{value}' has a '?' or '#' part: activity ids are made by "
                                     "adding to the course id, so it must end with its path")
    return value


def _check_title(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and (not value.strip() or "\n" in value):
        raise click.BadParameter("the title must be one non-empty line")
    return value


@click.command(name="new")
@click.argument("name", type=click.Path(file_okay=True, dir_okay=True))
@click.option("--title", callback=_check_title, help="The course title (default: from NAME).")
@click.option("--id", "course_id", callback=_check_id,
              help="The course IRI (default: https://courses.example.org/<name>).")
def command(name: str, title: str | None, course_id: str | None) -> None:
    """Create a new course in folder NAME that passes `empathy check --strict`."""
    if os.path.exists(name) and not os.path.isdir(name):
        raise click.ClickException(f"'{name}' is a file; choose a new folder name")
    if os.path.isdir(name) and os.listdir(name):
        raise click.ClickException(f"'{name}' already exists and is not empty; "
                                   "choose a new folder name (nothing was written)")
    try:
        written = create_course(name, title, course_id)
    except OSError as exc:
        raise click.ClickException(f"cannot write '{name}': {exc.strerror or exc}") from None
    click.echo(f"Created {len(written)} files in {name}. Next: empathy check {shlex.quote(name)}")
