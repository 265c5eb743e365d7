"""Front matter: the `---` ... `---` YAML block at the top of a page file."""
from __future__ import annotations

from dataclasses import dataclass

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


def read_front_matter(text: str, path: str) -> tuple[FrontMatter | None, list[Diagnostic]]:
    """Split a page file into its front matter (composed YAML) and its body lines."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, [error(Location(path, 1, 1), "E005",
                            "a page file starts with a '---' line, then 'kind:' and 'title:', then '---'")]
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return None, [error(Location(path, 1, 1), "E005",
                            "the front matter that starts here is never closed with a '---' line")]
    source = YamlSource(path, line_offset=1)
    node, diags = source.compose("\n".join(lines[1:end]))
    if has_errors(diags):
        return None, diags
    if not isinstance(node, MappingNode):
        where = source.loc(node) if isinstance(node, Node) else Location(path, 2, 1)
        return None, [error(where, "E005", "the front matter must be 'key: value' lines, like 'kind: page'")]
    return FrontMatter(node, source, lines[end + 1:], end + 2), diags
