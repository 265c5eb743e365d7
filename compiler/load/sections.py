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
from dataclasses import dataclass, field, replace

from ..diagnostics import Diagnostic, error, suggest
from ..model import Location
from ..slugs import slugify

_HEADING = re.compile(r"^##(?:[ \t]+(?P<text>.*?))?[ \t]*$")
_NEAR_HEADING = re.compile(r"^(?P<hashes>#{1,6})(?P<space>[ \t]*)(?P<text>[^\s#].*?)[ \t]*$")
_EXPLICIT_ID = re.compile(r"\{#(?P<id>[^}]*)\}\s*$")
_VALID_ID = re.compile(r"^[A-Za-z0-9_-]+$")
_FIELD = re.compile(r"^(?P<indent>[ \t]*)(?P<key>[A-Za-z][A-Za-z0-9 _-]{0,40}?)[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*$")
_FENCE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})")
_BLOCK_OPEN = re.compile(r"^(?P<colons>:{2,})[ \t]*(?P<name>[^\s:]+)[ \t]*(?P<args>.*?)[ \t]*$")
_BLOCK_CLOSE = re.compile(r"^:{3,}[ \t]*$")
# A bulleted line: `* words`, and the near misses `- words`, `+ words`, `1. words`, `*words`,
# `  * words`.
_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>\*|[-+]|\d{1,9}[.)])(?P<space>[ \t]*)(?P<body>\S.*?)[ \t]*$")


_KEY_SEPARATORS = re.compile(r"[\s_-]+")


def normalise_key(key: str) -> str:
    """'Model answer' and 'model-answer' both become 'model_answer'."""
    return _KEY_SEPARATORS.sub("_", key.strip().lower())


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
    written_id: str = ""
    """An explicit `{#id}` that is not a valid id (E006), as written; `id` is a repair of it."""

    def prose_text(self) -> str:
        return "\n".join(self.prose)


@dataclass(slots=True)
class Grammar:
    """What a page kind allows: section fields, item fields, whether `* ` lines are items."""

    section_fields: tuple[str, ...] = ()
    item_fields: tuple[str, ...] = ()
    items: bool = False
    sections: bool = True
    section_name: str = "section"
    """What a section is called in messages: node, question, prompt."""
    item_name: str = "item"
    """What an item is called in messages: choice, option, turn."""
    looks_like_item: re.Pattern[str] | None = None
    """Matches the words of a bulleted line (after `* `, `- `, `1. `) that is surely meant as an
    item, so a near miss (`- words -> node`, `*[ ] wrong`, an indented `* `) is reported
    instead of silently becoming text."""
    near_miss_markers: str = "*-+1"
    """Which wrong list markers count as a near miss: `*` (no space after it, or indented),
    `-`, `+`, `1` (a numbered item). A quiz leaves out `-` and `+`: `- [x] done` is also an
    ordinary Markdown checklist, which a question's text may hold."""


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


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


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
        in_fields = late_fields = False
        item: Item | None = None
        in_item = False  # the line before belongs to the current item (its line or its fields)
        after_blank = False
        for index, text in enumerate(self.lines):
            line_no = self.first_line + index
            if text is GONE:  # a line of a note: as if it were not there (not even a blank line)
                current.prose.append("")
                continue
            blank_before, after_blank = after_blank, not text.strip()
            if fences.inside(text):
                in_fields, late_fields, item, in_item = False, False, None, False
                current.prose.append(text)
                continue
            heading = _HEADING.match(text) if self.grammar.sections and text.startswith("##") else None
            if heading is None and self.grammar.sections and text.startswith("#"):
                heading = self._near_heading(text, index, line_no)
            if heading:
                current = self._section(heading, line_no, len(sections) + 1)
                current.prose.append("")  # the heading line itself
                sections.append(current)
                in_fields, late_fields, item, in_item = True, False, None, False
                continue
            items_here = self.grammar.items and (current is not intro or not self.grammar.sections)
            bullet = self._bullet(text, line_no, in_item) if items_here else None
            if not items_here and self.grammar.items and text.startswith("* "):
                self._item_before_sections(text, line_no)
            if in_fields and bullet is None:
                if late_fields:
                    in_fields = self._late_field_line(current, text, line_no)
                else:
                    in_fields = self._field_line(current, text, line_no, first=not current.fields)
                if in_fields:
                    current.prose.append("")
                    continue
            in_fields = late_fields = False
            # In kinds with sections, items belong to a section: before the first `##`
            # a `* ` line is an ordinary Markdown list.
            if bullet is not None:
                item = Item(*bullet)
                current.items.append(item)
                current.prose.append("")
                in_item = True
                continue
            if item is not None and text.strip() and text[0] in " \t":
                self._item_line(item, text, line_no)
                current.prose.append("")
                continue
            if item is None and current.items and text[:1] in " \t" and \
                    self._cut_off_item_field(current.items[-1], text, line_no):
                item, in_item = current.items[-1], True
                current.prose.append("")
                continue
            if in_item and self._unindented_item_field(item, text, line_no):
                current.prose.append("")
                continue
            in_item = False
            if current is not intro and blank_before and self._misplaced_field(current, text, line_no):
                in_fields = late_fields = True
                current.prose.append("")
                continue
            if text.strip():
                item, in_item = None, False
            current.prose.append(text)
        return intro, sections

    def _bullet(self, text: str, line_no: int, in_list: bool = False) -> tuple[str, int, int] | None:
        """An item line as (words, line, column of the words), or None.

        `* words` at column 1 is an item. A near miss whose words look like an item of
        this kind (`- "Hi" -> listen`, `*[ ] wrong`, `  * "Hi" -> listen`) is reported
        and read as the item it was meant to be, so nothing after it goes astray. Among
        items (IN_LIST) every marker is a near miss: `- [x]` between two `* [ ]` options.
        """
        if text.startswith("* "):
            body = text[2:]
            return body.strip(), line_no, 3 + len(body) - len(body.lstrip())
        pattern = self.grammar.looks_like_item
        m = _BULLET.match(text) if pattern is not None and text.strip() else None
        if m is None or not pattern.search(m["body"]):
            return None
        marker = "1" if m["marker"][0].isdigit() else m["marker"]
        if marker not in self.grammar.near_miss_markers and not in_list and not self._fields_follow(line_no):
            return None
        if marker == "*" and not m["indent"] and not m["space"] and "*" in re.split("->|\u2192", m["body"])[0]:
            return None  # `*emphasis* -> ...`: Markdown emphasis, not a choice missing its space
        name = self.grammar.item_name
        if m["indent"]:
            problem = (f"this {name} is indented, so it would be read as part of the one above: "
                       f"start it at the very start of the line")
        else:
            wrong = "but the space is missing" if m["marker"] == "*" else f"not '{m['marker']}'"
            problem = (f"{_a(name)} starts with '* ' (a star and a space), {wrong}; as it is, "
                       f"it would be shown as text")
        self.diags.append(error(self.loc(line_no, len(m["indent"]) + 1), "E006", problem, f"* {m['body']}"))
        return m["body"], line_no, m.start("body") + 1

    def _fields_follow(self, line_no: int) -> bool:
        """True when the line after LINE_NO is an indented field of an item (`  feedback: ...`):
        the bulleted line above it was surely meant as an item."""
        index = line_no - self.first_line + 1
        following = self.lines[index] if index < len(self.lines) else ""
        m = _FIELD.match(following) if following[:1] in " \t" else None
        return m is not None and normalise_key(m["key"]) in self.grammar.item_fields

    def _near_heading(self, text: str, index: int, line_no: int) -> re.Match[str] | None:
        """A heading meant to open a section but written at another level (`# Title {#id}`,
        `### Title` with the section's fields under it) or without its space (`##Title`):
        reported, and read as the `## ` heading it was meant to be. Other `#` headings are
        the author's Markdown."""
        m = _NEAR_HEADING.match(text)
        if m is None:
            return None
        hashes, words = m["hashes"], m["text"]
        following = self.lines[index + 1] if index + 1 < len(self.lines) else ""
        field = _FIELD.match(following)
        fields_follow = field is not None and _known_or_close(normalise_key(field["key"]), self.grammar.section_fields)
        name = self.grammar.section_name
        if hashes == "##" and not m["space"] and words[:1].isalpha():
            problem = f"a {name} starts with '## ' (two '#' and a space), but the space is missing"
        elif m["space"] and hashes != "##" and (_EXPLICIT_ID.search(words) or fields_follow):
            problem = f"a {name} starts with '## ' (two '#'), not '{hashes} '"
        else:
            return None
        self.diags.append(error(self.loc(line_no), "E006", f"{problem}; as it is, it would be shown as text",
                                f"## {words}"))
        return _HEADING.match(f"## {words}")

    def _item_before_sections(self, text: str, line_no: int) -> None:
        """A `* ` item above the first `##` heading: there it is Markdown, shown as text."""
        pattern = self.grammar.looks_like_item
        if pattern is None or not pattern.search(text[2:].strip()):
            return
        item, section = self.grammar.item_name, self.grammar.section_name
        self.diags.append(error(self.loc(line_no), "E006",
                                f"this looks like {_a(item)}, but it comes before the first '## ' heading; "
                                f"{_a(item)} belongs to {_a(section)}: put it under its '## ' heading, "
                                f"or it is shown as text"))

    def _cut_off_item_field(self, item: Item, text: str, line_no: int) -> bool:
        """An indented field of the item above (`  set: calm - 1`) after a line of text that
        ended the item: reported, and kept with its item rather than shown as text."""
        m = _FIELD.match(text)
        if m is None or normalise_key(m["key"]) not in self.grammar.item_fields:
            return False
        name = self.grammar.item_name
        self.diags.append(error(self.loc(line_no, len(m["indent"]) + 1), "E006",
                                f"'{m['key']}:' is indented like a field of the {name} on line {item.line}, "
                                f"but a line of text between them ended that {name}; here it would be shown "
                                f"as text: put the {name}'s fields right under it, and the text elsewhere"))
        self._item_line(item, text, line_no)
        return True

    def _unindented_item_field(self, item: Item | None, text: str, line_no: int) -> bool:
        """A field of the item above written at column 1: reported, and kept with its item."""
        known = self.grammar.item_fields
        m = _FIELD.match(text) if item is not None and known and text[:1].islower() else None
        if m is None or not _known_or_close(normalise_key(m["key"]), known):
            return False
        name = self.grammar.item_name
        self.diags.append(error(self.loc(line_no), "E006",
                                f"the fields of {_a(name)} must be indented by two spaces under it "
                                f"('  {m['key']}: ...'); at the start of the line it would be shown as text"))
        self._item_line(item, text, line_no)
        return True

    def _misplaced_field(self, section: Section, text: str, line_no: int) -> bool:
        """A paragraph that starts with a field of this kind (`thinks: ...` after a blank line).

        It would be shown to the learner as text, so it is reported, and read as the
        field it was meant to be.
        """
        known = self.grammar.section_fields
        # Fields are written in lower case; "Private: only you will see this" is a sentence.
        m = _FIELD.match(text) if known and text[:1].islower() else None
        if m is None or normalise_key(m["key"]) not in known:
            return False
        name = self.grammar.section_name
        key = m["key"]
        self.diags.append(error(self.loc(line_no), "E006",
                                f"'{key}:' looks like a field of the {name}, but fields must come right "
                                f"under the heading with no blank line above them; here it would be shown "
                                f"as text"))
        self._add_field(section.fields, _field(m, line_no), known, f"this {name}")
        return True

    def _section(self, heading: re.Match[str], line_no: int, number: int) -> Section:
        text = heading["text"] or ""
        text_col = (heading.start("text") if heading["text"] is not None else 2) + 1
        title, id_col, written = text, text_col, ""
        explicit = _EXPLICIT_ID.search(text)
        if explicit:
            title = text[:explicit.start()].rstrip()
            section_id = explicit["id"].strip()
            id_col = text_col + explicit.start("id")
            if not _VALID_ID.match(section_id):
                problem = f"'{section_id}' cannot be an id" if section_id else "'{#}' holds no id"
                self.diags.append(error(self.loc(line_no, id_col), "E006",
                                        f"{problem}: use the letters a-z and A-Z (without accents), digits, '-' and '_'"))
                written, section_id = section_id, slugify(section_id) or f"section-{line_no}"
        else:
            # A heading in a non-Latin script has no letters for an id: number it instead
            # (a scenario node that choices lead to needs an explicit {#id} then).
            section_id = slugify(text) or (f"section-{number}" if text.strip() else "")
        if not section_id:
            self.diags.append(error(self.loc(line_no, 1), "E006",
                                    "a '##' heading needs a title or an id, like '## Listen first {#listen}'"))
            section_id = f"section-{line_no}"
        return Section(title, section_id, line_no, id_col, prose_line=line_no, written_id=written)

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
        # A close-but-unknown key on the first line may be a speaker ("Scott: ..."), not a typo;
        # so may a capitalised unknown one further down (fields are written in lower case).
        speaker = not first and m["key"][:1].isupper() and not _known_or_close(normalise_key(m["key"]), known)
        hint = ("; if this line is someone speaking, leave a blank line after the heading" if first else
                "; if this line is someone speaking, leave a blank line between the fields and the text"
                if speaker else "")
        self._add_field(section.fields, _field(m, line_no), known, f"this {self.grammar.section_name}", hint)
        return True

    def _late_field_line(self, section: Section, text: str, line_no: int) -> bool:
        """A line after a misplaced field: more fields of it, or the end of it (no E006)."""
        known = self.grammar.section_fields
        m = _FIELD.match(text) if text.strip() else None
        if m is None or not _known_or_close(normalise_key(m["key"]), known):
            return False
        self._add_field(section.fields, _field(m, line_no), known, f"this {self.grammar.section_name}")
        return True

    def _item_line(self, item: Item, text: str, line_no: int) -> None:
        known = self.grammar.item_fields
        m = _FIELD.match(text)
        if m and known and _known_or_close(normalise_key(m["key"]), known):
            self._add_field(item.fields, _field(m, line_no), known, f"this {self.grammar.item_name}")
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
            meant = suggest(found.key, known)
            self.diags.append(error(here, "E101", f"unknown field '{found.raw_key}' in {where} (known: {shown})"
                                                  f"{hint}", meant and meant.replace("_", " ")))
            if meant and meant not in fields and not hint:
                # Read as the field it most likely is, so the rest of the checks do not also
                # report that field as missing (`feedbak:` is not also "no feedback").
                fields[meant] = replace(found, key=meant)
        elif found.key in fields:
            self.diags.append(error(here, "E104", f"'{found.raw_key}' is given twice "
                                                  f"(first at line {fields[found.key].line})"))
        else:
            fields[found.key] = found


def parse_body(lines: list[str], first_line: int, path: str, grammar: Grammar,
               diags: list[Diagnostic]) -> tuple[Section, list[Section]]:
    """Split a page body into the text before the first `##` and the sections after it."""
    return _Parser(_prepared(lines), first_line, path, grammar, diags).parse()


# The start of a line that gives it its shape: its indent, then `*`, `##` or a `key:`.
# (Not a space before the colon: French puts a non-breaking one there in prose.)
_SHAPE = re.compile(r"^[ \t\u00a0]*(?:\*|##+|[A-Za-z][A-Za-z0-9 _-]{0,40}?[ \t]*:)[ \t\u00a0]*")


def _plain_spaces(text: str) -> str:
    """TEXT with the non-breaking spaces (U+00A0, pasted from a word processor) that shape it
    made ordinary spaces: `feedback:\u00a0...` is a field, `*\u00a0"Hi"` a choice, not text
    (its non-breaking spaces elsewhere are the author's)."""
    if "\u00a0" not in text:
        return text
    m = _SHAPE.match(text)
    return text if m is None else m.group(0).replace("\u00a0", " ") + text[m.end():]


def _prepared(lines: list[str]) -> list[str]:
    """LINES outside code, ready for the grammar: notes over several lines are GONE
    (without_comments), and the non-breaking spaces that shape a line are spaces."""
    out, fences = without_comments(lines), _Fences()
    return [t if t is GONE or fences.inside(t) else _plain_spaces(t) for t in out]


_COMMENT_OPEN = re.compile(r"^[ ]{0,3}<!--")
GONE = "\x00<gone>"
"""Stands for a line of a note over several lines: the grammar skips it as if it were not
there (a blank line would end a field block). Never in a source: NUL bytes are refused."""


def without_comments(lines: list[str]) -> list[str]:
    """LINES with each line of a closed `<!--` ... `-->` note that spans lines GONE (the lines
    stay, so line numbers do not move): a choice, an option or a whole node the author
    commented out is gone, not read as a choice of the node it sits in. A note opened at
    the start of a line runs to the line holding `-->`, as in Markdown; what follows the
    `-->` on that line stays. A note never closed is left for the renderer to report."""
    out = list(lines)
    fences = _Fences()
    index = 0
    while index < len(out):
        text = out[index]
        if fences.inside(text) or not _COMMENT_OPEN.match(text) or "-->" in text[text.index("<!--") + 4:]:
            index += 1
            continue
        end = next((j for j in range(index + 1, len(out)) if "-->" in out[j]), None)
        if end is None:
            break
        for j in range(index, end):
            out[j] = GONE
        after = out[end][out[end].index("-->") + 3:].strip()
        out[end] = after or GONE
        index = end + 1
    return out


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


def _block_name(opening: re.Match[str] | None, names: tuple[str, ...], here: Location,
                diags: list[Diagnostic]) -> str | None:
    """The named block a `::: name` line opens, or None. A near miss (`:: if`, `::: If`,
    `::: iff`) is reported and opens the block it was meant to be."""
    if opening is None:
        return None
    written = opening["name"]
    name = written if written in names else _near_block_name(written, names)
    if name is None:
        return None
    if len(opening["colons"]) < 3:
        diags.append(error(here, "E006", f"a block opens with three colons: '::: {name}'; with two the "
                                         "line would be shown as text", f"::: {name} {opening['args']}".rstrip()))
    elif written != name:
        diags.append(error(here, "E006", f"unknown block '::: {written}'", f"::: {name} {opening['args']}".rstrip()))
    return name


def _near_block_name(written: str, names: tuple[str, ...]) -> str | None:
    """The block name WRITTEN was surely meant to be: the same but for case or '_'
    (`If`, `model_answer`), one letter too many on a short name (`iff`), or close to a
    long one (`model-anwser`). `info` is not `if`: callouts of other tools are not slips."""
    near = written.lower().replace("_", "-")
    for name in names:
        if near == name or len(name) < 5 and near.startswith(name) and len(near) == len(name) + 1:
            return name
    return suggest(near, tuple(n for n in names if len(n) >= 5))


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
        name = _block_name(opening, names, Location(path, line_no, 1), diags) if current_named is None else None
        if name is not None:
            current_named = Block(name, opening["args"], [], line_no + 1, line_no, opening.start("args") + 1)
            blocks.append(current_named)
            continue
        if opening and len(opening["colons"]) < 3:
            opening = None  # `:: words` is text
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
