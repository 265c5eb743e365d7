"""Author Markdown to HTML, at build time, with every image and link located.

One `MarkdownRenderer` per course (creating a markdown-it parser is the slow part).
It renders CommonMark plus tables and callouts (`::: note|tip|warning|support`, each
titled with the author's words or else its kind's label in the course language),
keeps raw HTML out unless the course allows it (E304), turns links to pages
(`[text](page-id)` or `[text](page-id.md)`) into `#page-id`, marks external links
`rel="noopener"`, and records images and links with their line in the source file.
"""
from __future__ import annotations

import re
from html import escape
from typing import Any, Callable, Mapping, Sequence
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from .diagnostics import Diagnostic, error, suggest
from .model import Image, Location, Markdown

CALLOUTS = ("note", "tip", "warning", "support")
MAX_TEXT = 128 * 1024
"""Longest text rendered. markdown-it is superlinear on some inputs (a run of unclosed
`[` takes minutes at 2 MB, ~4 s at 128 KB); real pages are a few KB."""

# A bare word (optionally ending in .md) is a page id: no scheme, no slash, no dot.
_PAGE_LINK = re.compile(r"^(?P<id>[A-Za-z0-9_-]+)(?:\.md)?(?P<frag>#.*)?$")
_EXTERNAL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")
_COMMENT = re.compile(r"^<!--.*?-->$", re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
_SPACED_ADDRESS = re.compile(r"(?P<bang>!?)\[[^\]\n]*\]\((?P<address>[^()<>\n]*?\S\s+\S[^()<>\n]*)\)")
# An address with a folder, a file extension or a scheme: a file or web address with a space.
_FILE_OR_WEB = re.compile(r"[/\\]|\.[A-Za-z0-9]{1,5}$|^[A-Za-z][A-Za-z0-9+.-]*:\S")
_STRAY_FENCE = re.compile(r"^(?P<colons>:{2,})[ \t]*(?P<name>[^\s:]+)?")
# A line that starts with a letter or a quote and holds no character Markdown gives a
# meaning to is rendered without markdown-it: most scenario text (choices, feedback,
# customer lines) is like that, and parsing thousands of such snippets dominated load
# time. tests/load/test_markdown.py checks the shortcut gives markdown-it's exact output.
_PLAIN_LINE = re.compile(r"^(?:[^\W\d_]|[\"'\u2018\u201c\u00ab\u00bf\u00a1])[^\\`*_\[\]<>!&|~#$\t{}=]*$")


def _render_callout(name: str, label: str):
    def render(self: Any, tokens: Sequence[Token], idx: int, _options: Any, _env: Any) -> str:
        token = tokens[idx]
        if token.nesting == -1:
            return "</aside>\n"
        # `::: warning Before you start` gives the callout a title; else its kind's label
        # says what it is (a warning, a tip...), in words rather than only in colour.
        # An author's own title keeps the kind's label for screen readers (the colour that
        # tells sighted learners is not enough on its own).
        own = token.info.strip()[len(name):].strip()
        head = f'<aside class="callout callout-{name}" role="note">\n'
        if own and label and own != label:
            head += f'<p class="callout-title"><span class="sr">{escape(label)}: </span>{escape(own)}</p>\n'
        elif own or label:
            head += f'<p class="callout-title">{escape(own or label)}</p>\n'
        return head
    return render


def _plain_text(tokens: Sequence[Token] | None) -> str:
    """The text of inline tokens without markup (an image's alt text)."""
    parts: list[str] = []
    for token in tokens or ():
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.children:
            parts.append(_plain_text(token.children))
    return "".join(parts)


class MarkdownRenderer:
    """Renders a course's Markdown snippets; create one per course."""

    def __init__(self, allow_html: bool = False, labels: Mapping[str, str] | None = None) -> None:
        """`labels`: the title of a callout the author gave none, by kind (`note`...), in the
        course language; without them such a callout has no title."""
        self.allow_html = allow_html
        # Parse HTML even when it is not allowed, so it can be found, reported and escaped.
        self.md = MarkdownIt("commonmark", {"html": True}).enable("table")
        for name in CALLOUTS:
            container_plugin(self.md, name, render=_render_callout(name, (labels or {}).get(name, "")))
        self.anchors: frozenset[str] = frozenset()
        """Heading ids of the page being loaded: `[t](#heading)` links to one of them."""
        self._refused: list[str] = []
        self._unpaired = self._short_closes = 0
        default_validate = self.md.validateLink

        def validate(url: str) -> bool:  # markdown-it keeps a refused link as plain text: say so
            ok = default_validate(url)
            if not ok:
                self._refused.append(url)
            return ok
        self.md.validateLink = validate  # type: ignore[method-assign]

    def render(self, source: str, path: str, line: int, col: int = 1,
               origin: "Origin | None" = None) -> tuple[Markdown, list[Diagnostic]]:
        """Render `source`, whose first line is line `line` (column `col`) of `path`.

        `origin` maps a place in `source` back to the file when the text is not a plain
        copy of the file's lines (a folded YAML value): see `Origin`.
        """
        lines = source.split("\n")
        skipped = 0
        while lines and not lines[0].strip():  # leading blank lines move the start down
            lines.pop(0)
            skipped += 1
        if skipped and origin is None:
            line, col = line + skipped, 1
        while lines and not lines[-1].strip():
            lines.pop()
        text = "\n".join(line_.rstrip() for line_ in lines)
        at = _Places(path, line, col, lines, origin, skipped)
        loc = at(0, 0)
        if not text:
            return Markdown("", "", loc), []
        if len(text) > MAX_TEXT:
            return Markdown(text, "", loc), [error(loc, "E002", f"this text is too long ({len(text) // 1024} KB; "
                                                                f"the limit is {MAX_TEXT // 1024} KB): split it up")]
        if all(_PLAIN_LINE.match(line_) for line_ in lines):
            return Markdown(text, f"<p>{text.replace(chr(34), '&quot;')}</p>\n", loc), []
        diags: list[Diagnostic] = []
        images: list[Image] = []
        links: list[tuple[str, Location]] = []
        self._refused.clear()
        self._unpaired = 0  # block lines reported as not read: the next bare ":::" is their end
        self._short_closes = 0  # '::' lines reported: the callouts they meant to close are not reported again
        tokens = self.md.parse(text, {})
        for url in dict.fromkeys(self._refused):
            index = next((i for i, line_ in enumerate(lines) if url.lower() in line_.lower()), 0)
            diags.append(error(at.find(index, url), "E305",
                               f"unsafe address '{url[:60]}': a browser would run it or it cannot be "
                               "packaged (javascript:, vbscript:, file: and data: are refused); link to a "
                               "page, a file in the course folder or a web address"))
        block_line = 0
        opened: list[Token] = []
        for index, token in enumerate(tokens):
            if token.map:
                block_line = token.map[0]
            if token.type == "heading_open" and index + 1 < len(tokens):
                slug = heading_id(_plain_text(tokens[index + 1].children))
                if slug:
                    token.attrSet("id", HEADING_PREFIX + slug)
            if token.type == "html_block":
                self._raw_html(token, at(block_line, 0), diags)
            elif token.type == "inline":
                self._inline(token, at, block_line, images, links, diags)
            elif token.type.startswith("container_") and token.nesting == 1:
                opened.append(token)
            elif token.type.startswith("container_") and token.nesting == -1:
                start = opened.pop()
                if not token.markup and self._short_closes:  # a '::' meant to close it: reported
                    self._short_closes -= 1
                elif not token.markup:  # markdown-it closed it at the end of the text
                    diags.append(self._unclosed(start, opened[-1] if opened else None, at))
        html = self.md.renderer.render(tokens, self.md.options, {})
        return Markdown(text, html, loc, tuple(images), tuple(links)), diags

    @staticmethod
    def _unclosed(start: Token, outer: Token | None, at: "_Places") -> Diagnostic:
        """E006 for a callout markdown-it closed at the end of the text. Inside another one
        (`::: tip` never closed, then a closed `::: warning`: the warning's ':::' closed the
        tip, leaving the warning open) the outer one is the likely slip."""
        line = start.map[0] if start.map else 0
        if outer is None:
            return error(at(line, 0), "E006", f"the '::: {start.info.strip()}' callout that opens here is never "
                                              "closed: end it with a ':::' line")
        return error(at(outer.map[0] if outer.map else 0, 0), "E006",
                     f"the '::: {outer.info.strip()}' callout that opens here is not closed before the "
                     f"'::: {start.info.strip()}' callout below it opens, so the ':::' that ends one of them "
                     "ends the other: end each callout with its own ':::' line")

    def _raw_html(self, token: Token, loc: Location, diags: list[Diagnostic]) -> None:
        if _COMMENT.match(token.content.strip()):
            token.type, token.content = "text", ""  # an author's note to themselves: dropped
            return
        if token.content.lstrip().startswith("<!--") and "-->" not in token.content:
            diags.append(error(loc, "E006", "a note '<!--' that is never closed: end it with '-->' "
                                            "(everything after it is hidden from learners until then)"))
            if not self.allow_html:
                token.type, token.content = "text", ""
            return
        if self.allow_html:
            return
        snippet = token.content.strip().split("\n")[0][:40]
        diags.append(error(loc, "E304",
                           f"raw HTML is not allowed: '{snippet}' (set allow_html: true in course.yaml to allow it)"))
        token.type = "text"  # the text renderer escapes it

    def _inline(self, inline: Token, at: "_Places", block_line: int,
                images: list[Image], links: list[tuple[str, Location]], diags: list[Diagnostic]) -> None:
        self._unread_addresses(inline.content, at, block_line, diags)
        offset, line_start = 0, True  # lines into this paragraph; the token starts a line
        for token in inline.children or ():
            if token.type in ("softbreak", "hardbreak"):
                offset, line_start = offset + 1, True
                continue
            first, line_start = line_start, False
            index = block_line + offset
            if token.type == "image":
                src = str(token.attrGet("src") or "")
                alt = _plain_text(token.children)
                images.append(Image(src, alt, at.find_next(index, ("![",))))
            elif token.type == "link_open":
                # markdown-it percent-encodes the address (`#café` is `#caf%C3%A9`): the line has it as written
                raw = str(token.attrGet("href") or "")
                href = self._link(token)
                written = unquote(raw)
                links.append((href, at.find_next(index, ("](" + written, "](<" + written, "](" + raw), 2)))
            elif token.type == "html_inline" and _COMMENT.match(token.content):
                token.type, token.content = "text", ""
            elif token.type == "html_inline" and not self.allow_html:
                token.type = "text"
                if token.content.startswith("</"):  # one report per element is enough
                    continue
                diags.append(error(at.find(index, token.content), "E304",
                                   f"raw HTML is not allowed: '{token.content[:40]}' "
                                   "(set allow_html: true in course.yaml to allow it)"))
            elif token.type == "text" and token.content.startswith("::") and first:
                self._stray_fence(token.content, at(index, 0), diags)

    def _link(self, token: Token) -> str:
        """Rewrite a link in place; return its href as rendered."""
        href = str(token.attrGet("href") or "")
        page = _PAGE_LINK.match(href)
        # a heading of this page (markdown-it percent-encodes `#qué-pasó`; the ids are text)
        if href.startswith("#") and unquote(href[1:]) in self.anchors:
            href = "#" + HEADING_PREFIX + href[1:]
            token.attrSet("href", href)
        elif page:
            # `page#heading`: the player opens the page, then moves to the heading
            heading = unquote((page["frag"] or "#")[1:])
            href = "#" + page["id"] + ("/" + HEADING_PREFIX + heading if heading else "")
            token.attrSet("href", href)
        elif _EXTERNAL.match(href):
            token.attrSet("rel", "noopener")
        return href

    @staticmethod
    def _unread_addresses(content: str, at: "_Places", block_line: int, diags: list[Diagnostic]) -> None:
        """E306: `![x](a b.png)` or `[x](a b)`: Markdown reads no address with a space in it,
        and the learner would see the brackets as text."""
        # Code spans and escaped brackets (`[a](b c)`, \[a\](b c)) make no link: masked,
        # keeping every position, so they are not read as one.
        masked = _CODE_SPAN.sub(lambda m: " " * len(m[0]), content)
        masked = re.sub(r"\\[\[\]()\\]", "  ", masked)
        for m in _SPACED_ADDRESS.finditer(masked):
            address = m["address"].strip()
            if address.split(None, 1)[1][0] in "\"'(":  # `(address "title")`: a title, which Markdown reads
                continue
            index = block_line + content.count("\n", 0, m.start())
            here = at.find(index, content[m.start():m.end()].split("\n")[0])
            if not m["bang"] and not _FILE_OR_WEB.search(address):  # `[x](Where is my order?)`: words, not a place
                diags.append(error(here, "E306", f"the link's address '{address}' is not a page id, a file or a web "
                                                 "address, so learners would see the brackets as text: a link goes to "
                                                 "a page id ([text](page-id)), a file in the course "
                                                 "([text](media/notes.pdf)) or a web address ([text](https://...))"))
                continue
            what = "image" if m["bang"] else "link"
            diags.append(error(here, "E306",
                               f"this {what}'s address has a space, so Markdown does not read it and learners "
                               f"see the brackets: rename the file without spaces, or write <{address}> between "
                               "angle brackets", f"<{address}>"))

    def _stray_fence(self, text: str, loc: Location, diags: list[Diagnostic]) -> None:
        """A line of text that starts with colons: a block line Markdown did not read as one.
        The ':::' closing a block that was reported is not reported again."""
        m = _STRAY_FENCE.match(text)
        if m is None:
            return
        name = m["name"] or ""
        found = None
        if len(m["colons"]) == 2:  # `:: tip`, `::tip`, `::`: one colon short
            called = name if name in CALLOUTS else suggest(name.lower(), CALLOUTS)
            if called:
                found = (f"a callout opens with three colons: '::: {called}'; with two the line would be "
                         "shown as text", f"::: {called}")
            elif not text[2:].strip():
                found = ("a callout closes with three colons ':::'; '::' would be shown as text", ":::")
                self._short_closes += 1
        elif name.lower() in ("if", "model-answer"):
            meant = "conditional text, in scenario nodes" if name.lower() == "if" else "coaching questions"
            found = (f"'::: {name}' is not read here, so it would be shown as text: it is for {meant} (inside "
                     "another block, close that block with a line ':::' first)", None)
        elif name:
            found = (f"unknown block '::: {name}': callouts are {', '.join(CALLOUTS)}; scenarios also have "
                     "'::: if CONDITION' and coaching '::: model-answer'",
                     suggest(name.lower(), (*CALLOUTS, "model-answer")) or ("if" if name.lower().startswith("if") else None))
        elif self._unpaired:
            self._unpaired -= 1
        else:
            found = ("a ':::' line that closes nothing: is the line that opens its callout ('::: note') "
                     "missing or mistyped?", None)
        if found:
            self._unpaired += bool(name)
            diags.append(error(loc, "E006", *found))


HEADING_PREFIX = "h:"
"""Heading ids start with it, so they never clash with a page id (`#page-id` is a page
link) or with an id of the player's own page (`main`, `course`, ...)."""


def heading_id(text: str) -> str:
    """A heading's id as authors write it in links: 'What this is for' -> 'what-this-is-for'."""
    return re.sub(r"\s+", "-", re.sub(r"[^\w\s-]", "", text.strip().lower()))


_ATX = re.compile(r"^ {0,3}(?P<level>#{1,6})[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")


def heading_ids(lines: list[str], skip_level: int | None = None) -> frozenset[str]:
    """The ids of the Markdown headings in a page's lines, except those of `skip_level` (a
    kind's `##` sections are not headings): parsed as the renderer parses them (setext
    headings, code fences, entities), so a link to a heading the page shows is never refused."""
    if not any(_ATX.match(line) and len(_ATX.match(line)["level"]) != skip_level or _SETEXT.match(line)
               for line in lines):
        return frozenset()  # nothing that could be a heading: no second parse
    tokens = _HEADINGS.parse("\n".join(lines))
    return frozenset(heading_id(_plain_text(tokens[i + 1].children)) for i, token in enumerate(tokens)
                     if token.type == "heading_open" and int(token.tag[1]) != skip_level)


_HEADINGS = MarkdownIt("commonmark")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")


Origin = Callable[[int, int], Location]
"""Where (line index, 0-based column) of a rendered text stands in its file."""


class _Places:
    """Locations inside one rendered text: by default its lines are the file's lines."""

    def __init__(self, path: str, line: int, col: int, lines: list[str], origin: Origin | None,
                 skipped: int) -> None:
        self.path, self.line, self.col = path, line, col
        self.lines, self.origin, self.skipped = lines, origin, skipped
        self.searched: dict[tuple[int, str], int] = {}

    def __call__(self, index: int, column: int) -> Location:
        if self.origin is not None:
            return self.origin(index + self.skipped, column)
        return Location(self.path, self.line + index, (self.col if index == 0 else 1) + column)

    def find(self, index: int, needle: str, shift: int = 0) -> Location:
        """Where `needle` (plus `shift`) is on line `index`, or the line's start when absent."""
        line_text = self.lines[index] if index < len(self.lines) else ""
        found = line_text.find(needle) if needle else -1
        return self(index, found + shift if found >= 0 else 0)

    def find_next(self, index: int, needles: tuple[str, ...], shift: int = 0) -> Location:
        """Like `find` with the first of `needles` found, but after the last place found for
        the same first needle on that line: two images on one line get two places."""
        line_text = self.lines[index] if index < len(self.lines) else ""
        start = self.searched.get((index, needles[0]), 0)
        for needle in needles:
            found = line_text.find(needle, start)
            if found >= 0:
                self.searched[(index, needles[0])] = found + 1
                return self(index, found + shift)
        return self(index, 0)
