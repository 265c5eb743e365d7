"""Front matter: the `---` ... `---` YAML block at the top of a page file."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, Node

from ..diagnostics import Diagnostic, error, has_errors
from ..model import Location
from .yaml_nodes import YamlSource

_EXAMPLE = "start the page with front matter:\n---\nkind: page\ntitle: Welcome\n---"


@dataclass(slots=True)
class FrontMatter:
    node: MappingNode
    source: YamlSource
    body: list[str]
    """The lines after the closing `---`."""
    body_line: int
    """The file line of body[0]."""
    read: bool = True
    """False: the YAML did not read (the reasons are diagnostics); `node` is then an empty
    mapping, so the body can still be loaded and checked, as the kind `hints` names."""
    hints: dict[str, str] = field(default_factory=dict)
    """`kind` and `id` as the unread YAML's text gives them, as far as a line of its own tells."""


# A page whose front matter is never closed: a line meant as its '---' (`----`, ` ---`, `—`),
# a section heading, and what YAML could read on after a blank line (a key, more of a
# value, a comment, a list entry).
_NEAR_CLOSE = re.compile(r"^[ \t]*(?:(?:[-–—][ \t]*){2,}|[–—][ \t]*)$")
_HEADING = re.compile(r"^#{2,6}[ \t]+\S")
_KEY_OR_MORE = re.compile(r"^([\w-]+[ \t]*:(\s|$)|[ \t]|#|- )")


# `kind: scenario` and `id: story` on lines of their own, even in front matter YAML cannot read
_HINTS = {"kind": re.compile(r"^[ \t]*(?:-[ \t]+)?kind[ \t]*:?[ \t]*['\"]?([A-Za-z-]+)['\"]?[ \t]*$", re.M),
          "id": re.compile(r"^[ \t]*(?:-[ \t]+)?id[ \t]*:[ \t]*['\"]?([A-Za-z0-9_-]+)['\"]?[ \t]*$", re.M)}


def read_front_matter(text: str, path: str) -> tuple[FrontMatter | None, list[Diagnostic]]:
    """Split a page file into its front matter (composed YAML) and its body lines."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, [error(Location(path, 1, 1), "E005",
                            "a page file starts with a '---' line, then 'kind:' and 'title:', then '---'")]
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return _never_closed(lines, path)
    source = YamlSource(path, line_offset=1)
    text = "\n".join(lines[1:end])
    node, diags = source.compose(text)
    if not has_errors(diags) and not isinstance(node, MappingNode):
        where = source.loc(node) if isinstance(node, Node) else Location(path, 2, 1)
        diags = [error(where, "E005", "the front matter must be 'key: value' lines, like 'kind: page'")]
    if has_errors(diags):
        return _unread(lines, end, end + 1, source), diags
    return FrontMatter(node, source, lines[end + 1:], end + 2), diags


def _unread(lines: list[str], end: int, body: int, source: YamlSource) -> FrontMatter:
    """Front matter that did not read, lines[1:end]; the body from lines[body]."""
    text = "\n".join(lines[1:end])
    hints = {key: found.group(1) for key, pattern in _HINTS.items() if (found := pattern.search(text))}
    return FrontMatter(yaml.compose("{}"), source, lines[body:], body + 1, read=False, hints=hints)


def _never_closed(lines: list[str], path: str) -> tuple[FrontMatter | None, list[Diagnostic]]:
    """No closing '---'. A line that was meant as one (`----`, ` ---`, `—`) is named; else the
    page is read on from where its text seems to begin (after a blank line, a line that is
    not `key: value`; or a `##` heading), as front matter that did not read: a guess, so
    the rules that need the front matter stay quiet and its YAML is not judged."""
    source = YamlSource(path, line_offset=1)
    meant = next((i for i in range(1, len(lines)) if _NEAR_CLOSE.match(lines[i])), None)
    if meant is not None:
        return _unread(lines, meant, meant + 1, source), [error(
            Location(path, meant + 1, 1), "E005", "this line looks like the '---' that closes the front matter, "
                                                  "but is not: write exactly three hyphens, at the start of the line")]
    start = next((i for i in range(2, len(lines)) if _HEADING.match(lines[i]) or (
        not lines[i - 1].strip() and lines[i].strip() and not _KEY_OR_MORE.match(lines[i]))), None)
    where = f": put one before line {start + 1}, where the page's text seems to begin" if start else ""
    found = [error(Location(path, 1, 1), "E005", f"the front matter that starts here is never closed with a '---' line{where}")]
    return (_unread(lines, start, start, source) if start else None), found
