"""The line grammar shared by every page kind: sections, field blocks, items, prose.

    ## Heading {#id}          a section (a scenario node, a question, a prompt, ...)
    feelings: angry, hurt     its field block: `key: value` lines up to the first blank line
                              (blank line)
    Prose Markdown ...        the section's text
    * words -> target         an item (a choice, a quiz option, a turn) at column 1
      feedback: ...           the item's own fields, indented

Prose keeps its place in the file: the lines taken by headings, fields and items are
blanked rather than removed, so Markdown line numbers stay the author's line numbers.
Nothing here is inside a fenced code block.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, error, suggest
from ..model import Location

_HEADING = re.compile(r"^##(?:[ \t]+(?P<text>.*?))?[ \t]*$")
_EXPLICIT_ID = re.compile(r"\{#(?P<id>[^}]*)\}\s*$")
_VALID_ID = re.compile(r"^[A-Za-z0-9_-]+$")
_FIELD = re.compile(r"^(?P<indent>[ \t]*)(?P<key>[A-Za-z][A-Za-z0-9 _-]{0,40}?)[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*$")
_FENCE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})")
_BLOCK_OPEN = re.compile(r"^:{3,}[ \t]*(?P<name>[^\s:]+)[ \t]*(?P<args>.*?)[ \t]*$")
_BLOCK_CLOSE = re.compile(r"^:{3,}[ \t]*$")


_KEY_SEPARATORS = re.compile(r"[\s_-]+")


def normalise_key(key: str) -> str:
    """'Model answer' and 'model-answer' both become 'model_answer'."""
    return _KEY_SEPARATORS.sub("_", key.strip().lower())


def slugify(text: str) -> str:
    """A heading as an id: lower case ASCII letters, digits, '-' and '_' ('Café crème' -> 'cafe-creme')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9_]+", "-", ascii_text.lower()).strip("-")


@dataclass(slots=True)
class Field:
    """One `key: value` line."""

    key: str
    raw_key: str
    value: str
    line: int
    key_col: int
    value_col: int


@dataclass(slots=True)
class Item:
    """A `* ` line at column 1 and its indented field lines."""

    text: str
    line: int
    col: int
    fields: dict[str, Field] = field(default_factory=dict)
    extra_lines: list[str] = field(default_factory=list)
    """Indented lines that are not fields: more of the item's text."""


@dataclass(slots=True)
class Section:
    """A `## ` section, or the text before the first one (then `line` is its first line, title '')."""

    title: str
    id: str
    line: int
    id_col: int
    fields: dict[str, Field] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    prose_line: int = 1
    """The file line of prose[0]."""

    def prose_text(self) -> str:
        return "\n".join(self.prose)


@dataclass(slots=True)
class Grammar:
    """What a page kind allows: section fields, item fields, whether `* ` lines are items."""

    section_fields: tuple[str, ...] = ()
    item_fields: tuple[str, ...] = ()
    items: bool = False
    sections: bool = True


class _Fences:
    """Tracks fenced code blocks line by line."""

    def __init__(self) -> None:
        self.open: str | None = None

    def inside(self, line: str) -> bool:
        """True when `line` is code (including the fence lines themselves)."""
        if self.open is None and not line.lstrip(" ").startswith(("```", "~~~")):
            return False  # the common case, without a regex
        m = _FENCE.match(line)
        if self.open is None:
            if m:
                self.open = m["fence"]
                return True
            return False
        if m and m["fence"][0] == self.open[0] and len(m["fence"]) >= len(self.open) \
                and not line.strip().strip(self.open[0]):
            self.open = None
        return True


def _field(m: re.Match[str], line_no: int) -> Field:
    indent = len(m["indent"])
    value = m["value"] or ""
    value_col = m.start("value") + 1 if m["value"] is not None else m.end() + 1
    return Field(normalise_key(m["key"]), m["key"], value, line_no, indent + 1, value_col)


def _known_or_close(key: str, known: tuple[str, ...]) -> bool:
    return key in known or suggest(key, known) is not None


class _Parser:
    def __init__(self, lines: list[str], first_line: int, path: str, grammar: Grammar,
                 diags: list[Diagnostic]) -> None:
        self.lines = lines
        self.first_line = first_line
        self.path = path
        self.grammar = grammar
        self.diags = diags

    def loc(self, line: int, col: int = 1) -> Location:
        return Location(self.path, line, col)

    def parse(self) -> tuple[Section, list[Section]]:
        intro = Section("", "", self.first_line, 1, prose_line=self.first_line)
        sections: list[Section] = []
        current = intro
        fences = _Fences()
        in_fields = False
        item: Item | None = None
        for index, text in enumerate(self.lines):
            line_no = self.first_line + index
            if fences.inside(text):
                in_fields, item = False, None
                current.prose.append(text)
                continue
            heading = _HEADING.match(text) if self.grammar.sections and text.startswith("##") else None
            if heading:
                current = self._section(heading, line_no, len(sections) + 1)
                current.prose.append("")  # the heading line itself
                sections.append(current)
                in_fields, item = True, None
                continue
            if in_fields:
                in_fields = self._field_line(current, text, line_no, first=not current.fields)
                if in_fields:
                    current.prose.append("")
                    continue
            # In kinds with sections, items belong to a section: before the first `##`
            # a `* ` line is an ordinary Markdown list.
            if self.grammar.items and text.startswith("* ") and (current is not intro or not self.grammar.sections):
                body = text[2:]
                lead = len(body) - len(body.lstrip())
                item = Item(body.strip(), line_no, 3 + lead)
                current.items.append(item)
                current.prose.append("")
                continue
            if item is not None and text.strip() and text[0] in " \t":
                self._item_line(item, text, line_no)
                current.prose.append("")
                continue
            if text.strip():
                item = None
            current.prose.append(text)
        return intro, sections

    def _section(self, heading: re.Match[str], line_no: int, number: int) -> Section:
        text = heading["text"] or ""
        text_col = (heading.start("text") if heading["text"] is not None else 2) + 1
        title, id_col = text, text_col
        explicit = _EXPLICIT_ID.search(text)
        if explicit:
            title = text[:explicit.start()].rstrip()
            section_id = explicit["id"].strip()
            id_col = text_col + explicit.start("id")
            if not _VALID_ID.match(section_id):
                problem = f"'{section_id}' cannot be an id" if section_id else "'{#}' holds no id"
                self.diags.append(error(self.loc(line_no, id_col), "E006",
                                        f"{problem}: use letters, digits, '-' and '_'"))
                section_id = slugify(section_id) or f"section-{line_no}"
        else:
            # A heading in a non-Latin script has no letters for an id: number it instead
            # (a scenario node that choices lead to needs an explicit {#id} then).
            section_id = slugify(text) or (f"section-{number}" if text.strip() else "")
        if not section_id:
            self.diags.append(error(self.loc(line_no, 1), "E006",
                                    "a '##' heading needs a title or an id, like '## Listen first {#listen}'"))
            section_id = f"section-{line_no}"
        return Section(title, section_id, line_no, id_col, prose_line=line_no)

    def _field_line(self, section: Section, text: str, line_no: int, first: bool) -> bool:
        """Handle a line of the field block; False when the block has ended."""
        known = self.grammar.section_fields
        if not text.strip() or text.startswith("* ") or text.startswith(":::"):
            return False
        m = _FIELD.match(text)
        if first:
            # Prose may start right under the heading ("Dana: Where is the manager?"):
            # only a line whose key is a field name, or close to one, opens a field block.
            if not m or not known or not _known_or_close(normalise_key(m["key"]), known):
                return False
        if not m:
            self.diags.append(error(self.loc(line_no), "E006",
                                    "expected a 'key: value' line here; leave a blank line between "
                                    "the fields under a heading and the text"))
            return True
        # A close-but-unknown key on the first line may be a speaker ("Scott: ..."), not a typo.
        hint = "; if this line is someone speaking, leave a blank line after the heading" if first else ""
        self._add_field(section.fields, _field(m, line_no), known, "this section", hint)
        return True

    def _item_line(self, item: Item, text: str, line_no: int) -> None:
        known = self.grammar.item_fields
        m = _FIELD.match(text)
        if m and known and _known_or_close(normalise_key(m["key"]), known):
            self._add_field(item.fields, _field(m, line_no), known, "this item")
        elif item.fields:
            last = list(item.fields.values())[-1]
            last.value = f"{last.value}\n{text.strip()}"
        else:
            item.extra_lines.append(text.strip())

    def _add_field(self, fields: dict[str, Field], found: Field, known: tuple[str, ...], where: str,
                   hint: str = "") -> None:
        here = self.loc(found.line, found.key_col)
        if found.key not in known:
            shown = ", ".join(k.replace("_", " ") for k in known)
            self.diags.append(error(here, "E101", f"unknown field '{found.raw_key}' in {where} (known: {shown})"
                                                  f"{hint}", _suggest_shown(found.key, known)))
        elif found.key in fields:
            self.diags.append(error(here, "E104", f"'{found.raw_key}' is given twice "
                                                  f"(first at line {fields[found.key].line})"))
        else:
            fields[found.key] = found


def _suggest_shown(key: str, known: tuple[str, ...]) -> str | None:
    match = suggest(key, known)
    return match.replace("_", " ") if match else None


def parse_body(lines: list[str], first_line: int, path: str, grammar: Grammar,
               diags: list[Diagnostic]) -> tuple[Section, list[Section]]:
    """Split a page body into the text before the first `##` and the sections after it."""
    return _Parser(lines, first_line, path, grammar, diags).parse()


@dataclass(slots=True)
class Block:
    """A run of prose lines: plain, or inside a `::: name args` ... `:::` block."""

    name: str | None
    args: str
    lines: list[str]
    line: int
    """The file line of lines[0] (for a named block, the line after `::: name`)."""
    open_line: int = 0
    args_col: int = 1


def split_blocks(prose: list[str], first_line: int, names: tuple[str, ...], path: str,
                 diags: list[Diagnostic]) -> list[Block]:
    """Cut `::: name` blocks (for the given names) out of prose; other `:::` blocks stay prose.

    Nested callouts inside a named block are kept in it. An unterminated block is E006.
    """
    blocks: list[Block] = [Block(None, "", [], first_line)]
    fences = _Fences()
    depth = 0  # open callouts inside the current named block
    current_named: Block | None = None
    for index, text in enumerate(prose):
        line_no = first_line + index
        if fences.inside(text):
            blocks[-1].lines.append(text)
            continue
        opening = _BLOCK_OPEN.match(text)
        if current_named is None and opening and opening["name"] in names:
            current_named = Block(opening["name"], opening["args"], [], line_no + 1, line_no,
                                  opening.start("args") + 1)
            blocks.append(current_named)
            continue
        if current_named is not None:
            if opening:
                depth += 1
            elif _BLOCK_CLOSE.match(text):
                if depth == 0:
                    current_named = None
                    blocks.append(Block(None, "", [], line_no + 1))
                    continue
                depth -= 1
        blocks[-1].lines.append(text)
    if current_named is not None:
        diags.append(error(Location(path, current_named.open_line, 1), "E006",
                           f"'::: {current_named.name}' is never closed: end it with a line ':::'"))
    return blocks
