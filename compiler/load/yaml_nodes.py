"""YAML with locations: compose nodes (which keep their marks) and read values from them.

PyYAML's `compose` gives every key and value a start mark, so a wrong type or an
unknown key can be reported at its own line and column. Values are converted here
rather than by PyYAML's constructor, which forgets where things came from.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..diagnostics import Diagnostic, error, suggest, warning
from ..model import Location
from .yaml_mistakes import (cut_by_hash, dropped_anchors, dropped_tags, explain, keys_after_nbsp,
                            wrapped_in_curly_quotes)

NULL = "tag:yaml.org,2002:null"
# libyaml composes ~10x faster but recurses in C: a deeply nested document can overflow
# the C stack and kill the process. Up to 16 KB of text (nesting <= 16384) it is safe
# (measured); longer texts use the pure-Python composer, whose RecursionError we catch.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_FAST_LIMIT = 16 * 1024
_TRUE = ("true", "yes", "on", "y")
_FALSE = ("false", "no", "off", "n")


class YamlSource:
    """A YAML text inside a file: the path and how many lines precede it (front matter)."""

    def __init__(self, path: str, line_offset: int = 0) -> None:
        self.path = path
        self.line_offset = line_offset
        self.text = ""

    def loc(self, node: Node) -> Location:
        """Where a node starts. Block scalars (`|`, `>`) start on the line after the indicator."""
        mark = node.start_mark
        if isinstance(node, ScalarNode) and node.style in ("|", ">"):
            return Location(self.path, mark.line + 2 + self.line_offset, 1)
        return Location(self.path, mark.line + 1 + self.line_offset, mark.column + 1)

    def origin(self, node: ScalarNode) -> Callable[[int, int], Location]:
        """Map a place in a scalar's value (line index, 0-based column) to the file.

        A folded or quoted value is not a copy of its lines: YAML joins them and drops
        indentation. Its visible characters come in the same order, though, so each one
        is matched to the next equal character of the source.
        """
        start, end = node.start_mark.index, node.end_mark.index
        raw, value = self.text[start:end], node.value
        places: list[int] = []  # for each character of value: its offset in raw
        j = 0
        for char in value:
            if not char.isspace():
                k = raw.find(char, j)
                if k >= 0:
                    j = k + 1
            places.append(max(j - 1, 0))
        line_starts = [0] + [i + 1 for i, c in enumerate(value) if c == "\n"]

        def place(index: int, column: int) -> Location:
            at = line_starts[min(index, len(line_starts) - 1)] + column
            # the next visible character from `at`, so a place on a space lands on a word
            while at < len(value) - 1 and value[at].isspace():
                at += 1
            return self._at(start + (places[at] if places else 0))
        return place

    def _at(self, offset: int) -> Location:
        """The file location of an offset in the text."""
        line, col = _offset_position(self.text, offset)
        return Location(self.path, line + self.line_offset, col)

    def compose(self, text: str) -> tuple[Node | None, list[Diagnostic]]:
        """Compose `text` into a node tree (with W011 for values cut short by '#', W012 for
        values in curly quotes, E003 for what YAML reads otherwise than it looks), or None
        and one E003 at the problem's mark."""
        self.text = text
        try:
            loader = _FAST_LOADER if _FAST_LOADER is not None and len(text) <= _FAST_LIMIT else yaml.SafeLoader
            node = yaml.compose(text, Loader=loader)
            misread = [(warning, "W011", cut_by_hash(node, text)), (warning, "W012", wrapped_in_curly_quotes(node)),
                       (error, "E003", dropped_tags(node)),
                       (error, "E003", dropped_anchors(node, text) if "&" in text else ()),
                       (error, "E003", keys_after_nbsp(node) if "\u00a0" in text else ())]
            return node, [make(self._at(offset), code, message)
                          for make, code, found in misread for offset, message in found]
        except yaml.MarkedYAMLError as exc:
            line, col, problem = explain(exc, text, self.line_offset)
            return None, [error(Location(self.path, line + self.line_offset, col), "E003",
                                f"YAML does not parse: {problem}")]
        except yaml.reader.ReaderError as exc:
            # libyaml reports a byte offset; the character itself gives the column in characters.
            char = exc.character if isinstance(exc.character, str) else chr(exc.character)
            at = text.find(char)
            return None, [error(self._at(max(at, 0)), "E003",
                                f"YAML does not parse: character {_char(exc.character)} is not allowed")]
        except RecursionError:
            return None, [error(Location(self.path, 1 + self.line_offset, 1), "E003",
                                "YAML does not parse: it is nested too deeply")]
        except yaml.YAMLError as exc:
            return None, [error(Location(self.path, 1 + self.line_offset, 1), "E003",
                                f"YAML does not parse: {exc}")]


def _char(character: object) -> str:
    code = character if isinstance(character, int) else ord(str(character)[:1] or "?")
    return f"U+{code:04X}"


def _offset_position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def is_null(node: Node | None) -> bool:
    return node is None or (isinstance(node, ScalarNode) and node.tag == NULL)


def describe(node: Node) -> str:
    """How a value looks, for 'expected X, got Y' messages."""
    if isinstance(node, ScalarNode):
        if node.tag == NULL:
            return "nothing"
        value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        return f"'{value}'"
    if isinstance(node, SequenceNode):
        return "a list"
    return "'key: value' pairs"


class Mapping:
    """A YAML mapping node with known keys: reports unknown, duplicate and mistyped entries."""

    def __init__(self, node: MappingNode, source: YamlSource, known: Iterable[str] | None, what: str,
                 diags: list[Diagnostic]) -> None:
        """`known=None` accepts any key (a table of names, like a scenario's `state`)."""
        self.node = node
        self.source = source
        self.what = what
        self.diags = diags
        self.entries: dict[str, tuple[Node, Node]] = {}
        known = None if known is None else tuple(known)
        written = {k.value for k, _ in node.value if isinstance(k, ScalarNode)}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._error(key_node, "E103", f"a key in {what} must be a word, not {describe(key_node)}")
                continue
            key = key_node.value
            if key in self.entries:
                first = source.loc(self.entries[key][0])
                self._error(key_node, "E104", f"'{key}' is given twice in {what} (first at line {first.line})")
                continue
            if known is not None and key not in known:
                meant = suggest(key, known)
                self._error(key_node, "E101", f"unknown key '{key}' in {what} (known: {', '.join(known)})", meant)
                if meant is None or meant in written or meant in self.entries:
                    continue
                # Read as the key it most likely is (`titel:` as the title), so the rest of the
                # checks do not also report that key as missing.
                key = meant
            self.entries[key] = (key_node, value_node)

    @property
    def loc(self) -> Location:
        return self.source.loc(self.node)

    def _error(self, node: Node, code: str, message: str, suggestion: str | None = None) -> None:
        self.diags.append(error(self.source.loc(node), code, message, suggestion))

    def has(self, key: str) -> bool:
        return key in self.entries and not is_null(self.entries[key][1])

    def value(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return None if entry is None or is_null(entry[1]) else entry[1]

    def key_loc(self, key: str) -> Location:
        entry = self.entries.get(key)
        return self.source.loc(entry[0]) if entry else self.loc

    def value_loc(self, key: str) -> Location:
        entry = self.entries.get(key)
        return self.source.loc(entry[1]) if entry else self.loc

    def require(self, key: str) -> bool:
        """True when present; otherwise reports E102 at the mapping."""
        if self.has(key):
            return True
        if key in self.entries:
            self._error(self.entries[key][1], "E102", f"'{key}' in {self.what} is empty")
        else:
            self.diags.append(error(self.loc, "E102", f"{self.what} needs '{key}'"))
        return False

    def wrong(self, key: str, expected: str) -> None:
        node = self.entries[key][1]
        hint = _dash_without_space(node) if "list" in expected else ""
        self._error(node, "E103", f"'{key}' expects {expected}, got {describe(node)}{hint}")

    def text(self, key: str, default: str | None = None, required: bool = False) -> str | None:
        """A scalar as the author wrote it (so `version: 1.0` stays '1.0')."""
        if required and not self.require(key):
            return default
        node = self.value(key)
        if node is None:
            return default
        if not isinstance(node, ScalarNode):
            self.wrong(key, "text")
            return default
        if required and not node.value.strip():  # `title: ""` is as missing as no title
            self._error(node, "E102", f"'{key}' in {self.what} is empty")
            return default
        return node.value

    def number(self, key: str, expected: str, default: float | None = None) -> float | None:
        node = self.value(key)
        if node is None:
            return default
        result = to_number(node)
        if result is None:
            self.wrong(key, expected)
            return default
        return result

    def boolean(self, key: str, default: bool) -> bool:
        node = self.value(key)
        if node is None:
            return default
        result = to_bool(node)
        if result is None:
            self.wrong(key, "yes or no")
            return default
        return result

    def mapping(self, key: str, known: Iterable[str] | None, what: str, example: str) -> "Mapping | None":
        """The 'key: value' pairs under KEY; EXAMPLE shows how they are written (`state: {trust: 0}`)."""
        node = self.value(key)
        if node is None:
            return None
        if not isinstance(node, MappingNode):
            self._error(node, "E103", f"'{key}' expects 'key: value' pairs, got {describe(node)}: write it "
                                      f"like {example}")
            return None
        return Mapping(node, self.source, known, what, self.diags)

    def sequence(self, key: str, expected: str = "a list") -> list[Node] | None:
        node = self.value(key)
        if node is None:
            return None
        if not isinstance(node, SequenceNode):
            self.wrong(key, expected)
            return None
        return list(node.value)

    def text_list(self, key: str) -> list[tuple[str, Location]]:
        """A list of words, each with where it stands; a single word counts as a list of one."""
        return [(item.value, self.source.loc(item)) for item in self.scalars(key)]

    def scalars(self, key: str) -> list[ScalarNode]:
        """The entries of a list of words (a single word counts as a list of one); others are E103."""
        node = self.value(key)
        if node is None:
            return []
        hint = _dash_without_space(node)
        if hint and isinstance(node, ScalarNode):  # `-a` and `-b` on the lines below: the text '-a -b'
            self._error(node, "E103", f"'{key}' expects a list, got {describe(node)}{hint}")
            return [ScalarNode(node.tag, part, node.start_mark, node.end_mark)
                    for part in _DASHES.split(node.value) if part]
        if isinstance(node, ScalarNode) and not node.style and "," in node.value:
            # `finish: a, b` is one word to YAML: say how a list is written, and go on with it
            parts = [p.strip() for p in node.value.split(",") if p.strip()]
            self._error(node, "E103", f"'{key}' expects a list: write {key}: [{', '.join(parts)}]")
            return [ScalarNode(node.tag, p, node.start_mark, node.end_mark) for p in parts]
        items = [node] if isinstance(node, ScalarNode) else node.value if isinstance(node, SequenceNode) else None
        if items is None:
            self.wrong(key, "a list of words")
            return []
        result = []
        for item in items:
            if isinstance(item, ScalarNode) and not is_null(item):
                result.extend(self._run_on_entries(item))
            else:
                self._error(item, "E103", f"'{key}' expects a list of words, got {describe(item)} in it")
        return result

    def _run_on_entries(self, item: ScalarNode) -> list[ScalarNode]:
        """A list entry indented further than the one above it (`   - practice` under
        `  - welcome`) is more of that entry to YAML: 'welcome - practice'. Say so, and go
        on with each line as its own entry (so `practice` is not also an unknown page)."""
        start = item.start_mark
        lines = self.source.text[start.index:item.end_mark.index].split("\n")
        dashed = [n for n, line in enumerate(lines) if n and line.lstrip().startswith("-")]
        if item.style or not dashed:
            return [item]
        line = lines[dashed[0]]
        self.diags.append(error(Location(self.source.path, start.line + dashed[0] + 1 + self.source.line_offset,
                                         line.index("-") + 1),
                                "E003", f"this entry is indented further than the one above it, so YAML "
                                        f"reads both as one ('{item.value}'): start its '-' in the same "
                                        f"column as the '-' above it"))
        entries, index = [], start.index - start.column
        for n, line in enumerate(lines):
            column = len(line) - len(line.lstrip(" -")) + (start.column if n == 0 else 0)
            if line.strip(" -"):
                at = yaml.Mark(start.name, index + column, start.line + n, column, None, None)
                entries.append(ScalarNode(item.tag, line.strip(" -"), at, at))
            index += len(line) + 1 + (start.column if n == 0 else 0)
        return entries


_DASHES = re.compile(r"(?:^|\s+)-\s*")


def _dash_without_space(node: Node) -> str:
    """For a list written `  -welcome` below its key, which YAML reads as the text
    '-welcome': how to fix it, to add to a message; otherwise ''."""
    if not isinstance(node, ScalarNode) or node.style or not re.match(r"-[^\s-]", node.value):
        return ""
    return f": put a space after each '-' ('- {node.value[1:].split()[0]}')"


def to_number(node: Node) -> float | None:
    if not isinstance(node, ScalarNode) or node.tag == NULL:
        return None
    try:
        value = float(node.value.replace("_", ""))
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


def to_int(node: Node) -> int | None:
    if not isinstance(node, ScalarNode) or node.tag == NULL:
        return None
    try:
        return int(node.value.replace("_", ""))
    except ValueError:
        return None


def to_bool(node: Node) -> bool | None:
    if not isinstance(node, ScalarNode):
        return None
    word = node.value.strip().lower()
    return True if word in _TRUE else False if word in _FALSE else None
