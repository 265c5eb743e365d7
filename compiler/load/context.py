"""What every page loader needs: the course folder, the Markdown renderer, the diagnostics."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, error
from ..markdown import MarkdownRenderer, Origin
from ..model import FeelingRef, Location, Markdown
from ..feelings import normalise


@dataclass(slots=True)
class LoadContext:
    root: str
    """The course folder, absolute."""
    renderer: MarkdownRenderer
    send_reflection_text: bool = False
    diags: list[Diagnostic] = field(default_factory=list)

    def markdown(self, source: str, path: str, line: int, col: int = 1, origin: Origin | None = None) -> Markdown:
        """Render author Markdown that starts at `line`:`col` of `path` (or is placed by `origin`)."""
        result, found = self.renderer.render(source, path, line, col, origin)
        self.diags.extend(found)
        return result

    def optional_markdown(self, source: str, path: str, line: int, col: int = 1,
                          origin: Origin | None = None) -> Markdown | None:
        """Like `markdown`, but None when there is no text."""
        return self.markdown(source, path, line, col, origin) if source.strip() else None

    def error(self, loc: Location, code: str, message: str, suggestion: str | None = None) -> None:
        self.diags.append(error(loc, code, message, suggestion))


def feeling_list(value: str, path: str, line: int, col: int) -> tuple[FeelingRef, ...]:
    """`frustrated, let down` as feelings, each located at its own column."""
    refs: list[FeelingRef] = []
    offset = 0
    for part in value.split(","):
        word = part.strip()
        if word:
            lead = len(part) - len(part.lstrip())
            refs.append(FeelingRef(normalise(word), Location(path, line, col + offset + lead)))
        offset += len(part) + 1
    return tuple(refs)
