"""Front matter: the `---` ... `---` YAML block at the top of a page file."""
from __future__ import annotations

import re
from dataclasses import dataclass

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
    mapping, so the body can still be loaded and checked, as the page of `kind_hint`."""
    kind_hint: str | None = None
    """The `kind:` the unread YAML's text names, as far as a line of its own tells."""


# Where the text of a page whose front matter is never closed seems to begin: a heading,
# a callout, a list item, or a line of words with no ':' (not `key: value` YAML).
_PAGE_TEXT = re.compile(r"^(#{1,6}\s|:::|[*+] |[\"“A-Za-z][^:]*$)")


# `kind: scenario` on a line of its own, even in front matter YAML cannot read
_KIND_LINE = re.compile(r"^kind[ \t]*:?[ \t]*['\"]?([A-Za-z-]+)", re.M)


def read_front_matter(text: str, path: str) -> tuple[FrontMatter | None, list[Diagnostic]]:
    """Split a page file into its front matter (composed YAML) and its body lines."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, [error(Location(path, 1, 1), "E005",
                            "a page file starts with a '---' line, then 'kind:' and 'title:', then '---'")]
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    body, unclosed = end, []
    if end is None:  # read on as if it were closed where the page's text begins, so the rest is checked too
        body = end = next((i for i in range(1, len(lines)) if _PAGE_TEXT.match(lines[i])), None)
        where = f": put one before line {end + 1}, where the page's text seems to begin" if end else ""
        unclosed = [error(Location(path, 1, 1), "E005",
                          f"the front matter that starts here is never closed with a '---' line{where}")]
        if end is None:
            return None, unclosed
    else:
        body = end + 1
    source = YamlSource(path, line_offset=1)
    text = "\n".join(lines[1:end])
    node, diags = source.compose(text)
    if not has_errors(diags) and not isinstance(node, MappingNode):
        where = source.loc(node) if isinstance(node, Node) else Location(path, 2, 1)
        diags = [error(where, "E005", "the front matter must be 'key: value' lines, like 'kind: page'")]
    if has_errors(diags):
        hint = _KIND_LINE.search(text)
        return FrontMatter(yaml.compose("{}"), source, lines[body:], body + 1, read=False,
                           kind_hint=hint.group(1).lower() if hint else None), unclosed + diags
    return FrontMatter(node, source, lines[body:], body + 1), unclosed + diags
