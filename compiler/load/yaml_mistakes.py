"""What went wrong in YAML, in the author's words.

Parse errors explained; and what parses but not as it looks: a value cut short by '#',
a word taken for a type mark ('!word') or a name ('&word'), a key indented with a
non-breaking space, curly quotes around a value.

PyYAML's messages describe its parser ("mapping values are not allowed here", "found
character that cannot start any token") and often point where it gave up, lines after
the mistake. Each explainer below recognises one mistake authors make, and says where
it is and how to fix it. They are tried in order; the first that recognises the error
wins, so the more specific ones come first. Both of PyYAML's parsers (libyaml and pure
Python) word their errors differently: each explainer matches both.
"""
from __future__ import annotations

import re
from typing import Callable, Iterator, NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


class Found(NamedTuple):
    """A mistake: where it is (1-based line and column in the YAML text) and what to do."""

    line: int
    col: int
    problem: str


class _Error(NamedTuple):
    """The parser's error, with the text's lines at hand."""

    exc: yaml.MarkedYAMLError
    text: str
    lines: list[str]
    line_offset: int
    """How many file lines precede the text (front matter), for line numbers in messages."""

    def says(self, *words: str) -> bool:
        said = f"{self.exc.context or ''} | {self.exc.problem or ''}"
        return any(w in said for w in words)

    def line(self, mark: yaml.Mark | None, offset: int = 0) -> str:
        """The text of MARK's line (or of the line OFFSET lines from it)."""
        at = mark.line + offset if mark is not None else -1
        return self.lines[at] if 0 <= at < len(self.lines) else ""


_CURLY = "\u201c\u201d\u2018\u2019\u201e"
_NBSP = "\u00a0"
# `key: value` (or `- key: value`) on one line: the key and the value as written
_KEY_VALUE = re.compile(r"^\s*(?:- +)?(?P<key>[^\s:#][^:#]*?):[ \t]+(?P<value>.+?)\s*$")


def quoted(value: str) -> str:
    """VALUE in YAML quotes: double, or single when it has double quotes of its own."""
    if '"' not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _example(line: str, value: str | None = None, at: int | None = None) -> str:
    """`key: "value"` for a `key: value` line (VALUE replaces the written value), or ''.
    With AT, only if the value starts at that column (not inside `[...]` or `{...}`)."""
    m = _KEY_VALUE.match(line)
    if m is None or (at is not None and m.start("value") != at):
        return ""
    return f", like {m['key']}: {quoted(value if value is not None else m['value'])}"


def _tab(e: _Error) -> Found | None:
    """A tab used for indenting."""
    for mark in (e.exc.problem_mark, e.exc.context_mark):
        if mark is not None and (e.line(mark)[mark.column:mark.column + 1] == "\t" or e.says("tab")):
            return Found(mark.line + 1, mark.column + 1,
                         "this line is indented with a tab: YAML does not allow tabs for indentation, use spaces")
    return None


def _non_breaking_space(e: _Error) -> Found | None:
    """`title:<U+00A0>C1`: a space pasted from Word or Google Docs is not a space to YAML."""
    # (pasted indentation makes YAML stumble a line later: look at the line above too)
    places = [(mark.line + back, e.line(mark, back)) for mark in (e.exc.context_mark, e.exc.problem_mark)
              if mark is not None for back in (0, -1)]
    for index, line in places:
        m = re.search(f":{_NBSP}|^[ {_NBSP}]*{_NBSP}", line)
        if m:
            return Found(index + 1, line.index(_NBSP) + 1, NBSP_PROBLEM)
    return None


NBSP_PROBLEM = ("there is a non-breaking space here (pasted from a word processor such as "
                "Word or Google Docs), and YAML only counts ordinary spaces: delete it "
                "and type an ordinary space")


def keys_after_nbsp(root: Node | None) -> Iterator[tuple[int, str]]:
    """Keys indented with a non-breaking space (`\u00a0 version: 1.0`): YAML reads the space
    as part of the key, which then matches no setting. Yields offset and message."""
    for node, _ in _nodes(root):
        if isinstance(node, MappingNode):
            for key, _value in node.value:
                if isinstance(key, ScalarNode) and key.value[:1] == _NBSP:
                    yield key.start_mark.index, NBSP_PROBLEM


def _quote_then_text(e: _Error) -> Found | None:
    """Text after a closing quote: `"Calm" at the store`, `'It's broken'`, or a quote
    never closed on its line, which YAML closes at the next quote lines below."""
    if not e.says("did not find expected key", "expected <block end>"):
        return None
    mark = e.exc.problem_mark
    quote = _token_before(e.text, mark.index) if mark is not None else None
    if quote is None:
        return None
    start, end = quote.start_mark, quote.end_mark
    line = e.lines[start.line]
    if start.line != end.line:
        return Found(start.line + 1, start.column + 1,
                     f"the quote that opens here is not closed on this line, so YAML reads on "
                     f"to the next {quote.style} on line {end.line + 1 + e.line_offset}: close the quote "
                     "on this line")
    after = line[end.column:].rstrip()
    if quote.style == "'" and after[:1].isalnum():
        value = line[start.column + 1:].rstrip()
        value = value[:-1] if value.endswith("'") else value
        return Found(end.line + 1, end.column,
                     "this ' ends the value that opened with ' (YAML reads it as the closing "
                     f"quote): put the value in double quotes{_example(line, value)}, or write "
                     f"each ' inside it twice: '{value.replace(chr(39), chr(39) * 2)}'")
    return Found(mark.line + 1, mark.column + 1,
                 "there is text after the closing quote: put the whole value in quotes"
                 + _example(line, line[start.column:].rstrip()))


def _token_before(text: str, index: int) -> yaml.ScalarToken | None:
    """The quoted value that ends right before INDEX (spaces between), if any."""
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= index:
                break
            last = token
    except yaml.YAMLError:
        pass
    if isinstance(last, yaml.ScalarToken) and last.style in ("'", '"') \
            and not text[last.end_mark.index:index].strip():
        return last
    return None


def _colon(e: _Error) -> Found | None:
    """'mapping values are not allowed': a second ': ' in a value, or (when it is the
    line's first colon) a line indented further than the `key: value` line above it,
    which YAML reads as more of that value."""
    if not e.says("mapping values are not allowed"):
        return None
    mark = e.exc.problem_mark
    line = e.line(mark)
    if ":" not in line[:mark.column]:
        key = line.lstrip()
        above = next((n.strip() for n in reversed(e.lines[:mark.line])
                      if n.strip() and not n.lstrip().startswith("#")), "")
        above_key = above.removeprefix("- ").split(":")[0]
        return Found(mark.line + 1, len(line) - len(key) + 1,
                     f"this line is indented further than the line above it, so YAML reads it as "
                     f"more of that line's value: start '{key.split(':')[0]}' in the same column as "
                     f"'{above_key}' above it")
    m = _KEY_VALUE.match(line)
    if m and m["value"][:1] in _CURLY:
        return Found(mark.line + 1, m.start("value") + 1,
                     "curly quotes (“ ” ‘ ’) do not count as quotes in YAML: use straight quotes"
                     + _example(line, _straightened(m["value"])))
    return Found(mark.line + 1, mark.column + 1,
                 "a second ':' on this line: put the value in quotes, "
                 + (_example(line)[2:] or "like title: \"Step one: getting ready\""))


def _straightened(value: str) -> str:
    """VALUE without the curly quotes around it, and with straight quotes for those inside
    (`‘Ready’: not yet` -> `'Ready': not yet`)."""
    if len(value) > 1 and value[0] in _CURLY and value[-1] in _CURLY:
        value = value[1:-1]
    return value.translate(str.maketrans("\u201c\u201d\u201e\u2018\u2019", "\"\"\"''"))


def _dash_without_space(e: _Error) -> Found | None:
    """`-practice` in a list: without the space after '-' it is not a list entry."""
    mark = e.exc.context_mark
    line = e.line(mark)
    if not e.says("while scanning a simple key") or not re.match(r"\s*-\w", line):
        return None
    dash = line.index("-")
    return Found(mark.line + 1, dash + 1,
                 f"put a space after '-' ('- {line[dash + 1:].strip()}'): without it this is not a list entry")


def _cannot_start(e: _Error) -> Found | None:
    """`title: *Calm* at the store`, `@home`, `% of calls`: characters YAML keeps for itself."""
    if not e.says("while scanning an alias", "while scanning an anchor", "while scanning a tag",
                  "cannot start any token", "found undefined alias"):
        return None
    mark = e.exc.context_mark if e.exc.context_mark is not None else e.exc.problem_mark
    line = e.line(mark)
    if e.says("found undefined alias"):
        mark = e.exc.problem_mark
    char = line[mark.column:mark.column + 1] or "?"
    return Found(mark.line + 1, mark.column + 1,
                 f"a value cannot start with '{char}' in YAML (it has a meaning there): "
                 f"put the value in quotes" + (_example(line, at=mark.column) or f", like \"{char}...\""))


def _special_start(e: _Error) -> Found | None:
    """`title: | a`, `title: ? why`, `title: - Draft -`: '|', '>', '?' and '- ' start a block,
    a key or a list in YAML, not a word."""
    if not e.says("did not find expected comment or line break", "expected a comment or a line break",
                  "mapping keys are not allowed",
                  "block sequence entries are not allowed", "sequence entries are not allowed",
                  "while parsing a flow node"):
        return None
    mark = e.exc.problem_mark
    line = e.line(mark)
    m = _KEY_VALUE.match(line)
    if m is not None and re.match(r"[|>?-](\s|$)|[|>][-+0-9]", m["value"]):
        char, column, example = m["value"][0], m.start("value"), _example(line)
    elif mark is not None and e.says("while parsing a flow node") and line[mark.column:mark.column + 1] in ("?", "-"):
        # inside `{label: ? why, to: q}`: the value does not start the line's `key: value`
        char, column = line[mark.column], mark.column
        example = f", like \"{line[mark.column:].split(',')[0].rstrip('}] ')}\""
    else:
        return None
    # `pages: - welcome` means a list: say how one is written, too
    as_list = "; a list has each '- ' entry on a line of its own, below its key" if char == "-" else ""
    return Found(mark.line + 1, column + 1,
                 f"a value cannot start with '{char}' in YAML (it has a meaning there): "
                 f"put the value in quotes{example}{as_list}")


def _another_document(e: _Error) -> Found | None:
    """A `---` line in course.yaml, often front matter pasted from a page file."""
    if not e.says("but found another document"):
        return None
    mark = e.exc.problem_mark
    return Found(mark.line + 1, mark.column + 1,
                 "a '---' line here starts a second block of settings: course.yaml has no "
                 "'---' lines (front matter between '---' lines belongs at the top of a page "
                 "file): remove it")


def _context(words: str, problem: str) -> Callable[[_Error], Found | None]:
    """An error best shown where the unfinished thing began (PyYAML stops lines later)."""
    def explain(e: _Error) -> Found | None:
        mark = e.exc.context_mark
        if e.exc.context != words or mark is None:
            return None
        return Found(mark.line + 1, mark.column + 1, problem)
    explain.__name__ = f"_context({words!r})"
    return explain


def _text_after_brackets(e: _Error) -> Found | None:
    """`title: [Draft] summary`: '[...]' is a list to YAML, '{...}' a set of keys, and the
    words after it have nowhere to go."""
    if not e.says("expected <block end>", "did not find expected key"):
        return None
    mark = e.exc.problem_mark
    line = e.line(mark)
    m = _KEY_VALUE.match(line)
    if m is None or m["value"][:1] not in "[{" or m.start("value") >= mark.column:
        return None
    return Found(mark.line + 1, m.start("value") + 1,
                 f"a value that starts with '{m['value'][0]}' is a list or a group of keys in YAML, so the "
                 f"words after its '{']' if m['value'][0] == '[' else '}'}' cannot be read: put the whole value "
                 f"in quotes{_example(line)}")


def _indented_differently(e: _Error) -> Found | None:
    if not e.says("expected <block end>", "did not find expected key"):
        return None
    mark = e.exc.problem_mark
    return Found(mark.line + 1, mark.column + 1, "this line is indented differently from the lines above it")


EXPLAINERS: list[Callable[[_Error], Found | None]] = [
    _tab,
    _non_breaking_space,
    _quote_then_text,
    _colon,
    _dash_without_space,
    _context("while scanning a simple key",
             "this line has no ':' after its key: write 'key: value', with a space after the colon"),
    _context("while scanning a quoted scalar", "the quote that opens here is never closed"),
    _context("while parsing a flow sequence", "the '[' that opens here is never closed with ']'"),
    _context("while parsing a flow mapping", "the '{' that opens here is never closed with '}'"),
    _cannot_start,
    _special_start,
    _another_document,
    _text_after_brackets,
    _indented_differently,
]


def explain(exc: yaml.MarkedYAMLError, text: str, line_offset: int = 0) -> Found:
    """Where a YAML mistake is (1-based line and column, inside the text) and what it is.
    LINE_OFFSET: how many file lines precede the text (for line numbers in messages)."""
    lines = text.split("\n")
    error = _Error(exc, text, lines, line_offset)
    found = next((f for f in (explain(error) for explain in EXPLAINERS) if f is not None), None)
    if found is None:
        mark = exc.problem_mark or exc.context_mark
        found = Found(mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                      exc.problem or exc.context or "invalid YAML")
    line = min(max(found.line, 1), len(lines))
    col = min(found.col if found.line <= len(lines) else 1, len(lines[line - 1]) + 1)
    return Found(line, col, found.problem)


# ---------------------------------------------------------------- '#' cuts a value short

_CUT = re.compile(r"[ \t]+#(?=\S)")


def _nodes(root: Node | None) -> Iterator[tuple[Node, str]]:
    """Every value under ROOT (not the keys), each once, with how it is introduced ('key: ',
    '- ' or ''). A value repeated by an alias is one node, visited once: aliases that
    repeat each other nine times over nine levels (a "billion laughs") cost no more than
    the text does."""
    stack: list[tuple[Node, str]] = [(root, "")] if root is not None else []
    seen: set[int] = set()
    while stack:  # no recursion: a deeply nested document must not overflow the stack
        node, written_as = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node, written_as
        if isinstance(node, MappingNode):
            stack.extend((value, f"{key.value}: " if isinstance(key, ScalarNode) else "")
                         for key, value in reversed(node.value))
        elif isinstance(node, SequenceNode):
            stack.extend((item, "- ") for item in reversed(node.value))


def _scalars(root: Node | None) -> Iterator[tuple[ScalarNode, str]]:
    """Every scalar under ROOT, with how its value is introduced ('key: ', '- ' or '')."""
    for node, written_as in _nodes(root):
        if isinstance(node, ScalarNode):
            yield node, written_as


def cut_by_hash(root: Node | None, text: str) -> Iterator[tuple[int, str]]:
    """Plain values followed on their line by `#` and a word (`title: Order #4471 is late`):
    YAML reads ` #` as the start of a note and drops the rest of the line, which the
    author meant as part of the value. A note written `# like this` is left alone.

    Yields the offset of each such '#' in TEXT and the message."""
    for node, written_as in _scalars(root):
        if node.style:  # quoted or a block; plain: libyaml says "", PyYAML None
            continue
        m = _CUT.match(text, node.end_mark.index)
        if m is None:
            continue
        hash_at = m.end() - 1
        line_end = text.find("\n", hash_at)
        rest = text[hash_at:line_end if line_end >= 0 else len(text)].rstrip()
        kept = f"'{node.value}'" if node.value else "empty"
        yield hash_at, (f"'#' starts a note in YAML, so the rest of this line is left out and "
                        f"the value is {kept}: put the whole value in quotes, like "
                        f"{written_as}{quoted((node.value + ' ' + rest).strip())}")


def dropped_tags(root: Node | None) -> Iterator[tuple[int, str]]:
    """Values that start with '!' and a word (`title: !important note`): YAML reads the
    word as a type mark and leaves it out of the value. Yields offset and message."""
    for node, written_as in _scalars(root):
        if node.tag.startswith("!"):
            written = (node.tag + " " + node.value).strip()
            yield node.start_mark.index, (f"'{node.tag}' at the start of a value is a type mark to YAML, "
                                          f"which leaves it out: put the whole value in quotes, like "
                                          f"{written_as}{quoted(written)}")


_ANCHOR = re.compile(r"&(\S+)\s*")


def dropped_anchors(root: Node | None, text: str) -> Iterator[tuple[int, str]]:
    """Values that start with '&' and a word (`title: &Co pharmacy`): YAML reads the word
    as a name for reusing the value and leaves it out. A course has no use for such names,
    so one before a list or a group of keys is a mistake too. Yields offset and message."""
    for node, written_as in _nodes(root):
        m = _ANCHOR.match(text, node.start_mark.index)
        if m is None:
            continue
        if not isinstance(node, ScalarNode):
            yield node.start_mark.index, (f"'&{m[1]}' names what follows for reuse in YAML, which a course "
                                          f"does not use: remove '&{m[1]}'")
            continue
        written = f"&{m[1]} {node.value}".strip()
        yield node.start_mark.index, (f"'&{m[1]}' at the start of a value names it for reuse in YAML, "
                                      f"which leaves it out: put the whole value in quotes, like "
                                      f"{written_as}{quoted(written)}")


# ’ touching a letter: an apostrophe (It’s, customers’ rights, ’n’), unless another quote
# opens inside the value too (‘Late’ she said, ‘again’: two quotes, meant as written).
_APOSTROPHE = re.compile(r"(?<=\w)\u2019|\u2019(?=\w)")


def wrapped_in_curly_quotes(root: Node | None) -> Iterator[tuple[int, str]]:
    """Values written `title: “Ready at last”`: curly quotes are text to YAML, so learners
    see them. Some authors mean that, so it is a warning. Yields offset and message."""
    for node, written_as in _scalars(root):
        value = node.value
        inside = _APOSTROPHE.sub("", value[1:-1])
        if not node.style and len(value) > 1 and value[0] in "\u201c\u2018\u201e" \
                and value[-1] in "\u201d\u2019\u201c" and value[0] not in inside and value[-1] not in inside:
            yield node.start_mark.index, (f"curly quotes ({value[0]} {value[-1]}) are text to YAML, so learners "
                                          f"see them around this value: if you meant them as quotes, use "
                                          f"straight quotes, like {written_as}{quoted(_straightened(value))}")
