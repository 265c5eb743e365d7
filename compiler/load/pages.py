"""One page file: read it, split the front matter, pick the loader for its kind."""
from __future__ import annotations

import os
import re
from dataclasses import replace
from typing import Callable

from yaml.nodes import ScalarNode

from ..diagnostics import suggest
from ..markdown import heading_ids
from ..model import Location, Page
from . import kinds, scenario
from .context import LoadContext
from .files import display_path, read_source
from .front_matter import read_front_matter
from .sections import Grammar, parse_body
from .yaml_nodes import Mapping, describe

COMMON_KEYS = ("kind", "title", "id")
_PAGE_ID = re.compile(r"^[A-Za-z0-9_-]+$")


class Kind:
    """What a page kind accepts and which function builds it."""

    def __init__(self, keys: tuple[str, ...], grammar: Grammar, build: Callable[..., Page]) -> None:
        self.keys = COMMON_KEYS + keys
        self.grammar = grammar
        self.build = build


KINDS: dict[str, Kind] = {
    "page": Kind((), Grammar(sections=False), kinds.load_page),
    "scenario": Kind(scenario.FRONT_MATTER, scenario.GRAMMAR, scenario.load_scenario),
    "coaching": Kind((), Grammar(section_fields=("answer", "step", "model_answer"), section_name="question"),
                     kinds.load_coaching),
    "reflection": Kind(("framework",), Grammar(section_fields=("stage", "private", "min_length"),
                                               section_name="prompt"), kinds.load_reflection),
    "self-rating": Kind(("scale", "scenario"), Grammar(section_name="dimension"), kinds.load_self_rating),
    "quiz": Kind(("retake",), Grammar(section_fields=("multiple",), item_fields=("feedback", "correct"), items=True,
                             section_name="question", item_name="option",
                             looks_like_item=re.compile(r"^\[[ xX]?\]"), near_miss_markers="*1"),
                     kinds.load_quiz),
    "example": Kind((), Grammar(sections=False, item_fields=("skill", "note"), items=True, item_name="turn",
                                # `**Dana**: words`; a bold label with the colon inside it
                                # (`- **Pace:** he slows down`) is an ordinary list.
                                looks_like_item=re.compile(r"^\*\*[^*]+?\*\*[ \t]*:")),
                    kinds.load_example),
}


def _nearly(word: str) -> str | None:
    """The kind WORD is a near-certain slip for ('senario'), or None ('exam' is not 'example')."""
    return suggest(word, KINDS, cutoff=0.8)


def page_file(root: str, entry: str) -> str | None:
    """The file a `pages:` entry names (`welcome` or `welcome.md`), or None if it leaves the folder."""
    name = entry if entry.endswith(".md") else entry + ".md"
    full = os.path.normpath(os.path.join(root, name))
    if not full.startswith(os.path.normpath(root) + os.sep):
        return None
    return full


def load_page_file(full_path: str, ctx: LoadContext) -> Page | None:
    """Load one page file; None when it cannot become a page (the reasons are in ctx.diags)."""
    path = display_path(full_path)
    text, found = read_source(full_path)
    ctx.diags.extend(found)
    if text is None:
        return None
    front, found = read_front_matter(text, path)
    ctx.diags.extend(found)
    if front is None:
        return None
    kind_name = "page"
    if not front.read:  # only a kind its text names, nearly as written: a wrong guess misleads more than silence
        kind_name = _nearly(front.hints.get("kind", "").lower())
        if kind_name is None:
            return None
    for key_node, value_node in front.node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == "kind":
            if not isinstance(value_node, ScalarNode) or not value_node.value.strip():
                ctx.error(front.source.loc(value_node), "E103",
                          f"'kind' expects one of {', '.join(KINDS)}, got {describe(value_node)}")
                return None
            kind_name = value_node.value.strip().lower()
            if kind_name not in KINDS:
                ctx.error(front.source.loc(value_node), "E109",
                          f"unknown page kind '{value_node.value}': use one of {', '.join(KINDS)}",
                          suggest(kind_name, KINDS))
                kind_name = _nearly(kind_name)  # a near-certain slip (senario) is checked as what it means
                if kind_name is None:
                    return None
    kind = KINDS[kind_name]
    # (Front matter that did not read is an empty mapping: what it lacks is already explained.)
    fields = Mapping(front.node, front.source, kind.keys, "the front matter", ctx.diags if front.read else [])
    title = fields.text("title", "", required=True) or ""
    page_id = os.path.splitext(os.path.basename(full_path))[0]
    override = fields.text("id") if front.read else front.hints.get("id")
    if override is not None:
        if _PAGE_ID.match(override.strip()):
            page_id = override.strip()
        else:
            ctx.error(fields.value_loc("id"), "E103",
                      f"'id' expects letters, digits, '-' and '_', got '{override}'")
    intro, sections = parse_body(front.body, front.body_line, path, kind.grammar, ctx.diags)
    # `[t](#heading)` may link to a heading of this page (a kind's `##` sections are not headings)
    ctx.renderer.anchors = heading_ids(front.body, 2 if kind.grammar.sections else None)
    try:
        body = ctx.markdown(intro.prose_text(), path, intro.prose_line)
        common = {"id": page_id, "kind": kind_name, "title": title.strip(), "body": body,
                  "loc": Location(path, 1, 1), "path": path, "headings": ctx.renderer.anchors}
        if kind_name == "example":
            page = kinds.load_example(common, fields, sections, ctx, intro.items)
        else:
            page = kind.build(common, fields, sections, ctx)
        return page if front.read else replace(page, front_matter_read=False)
    finally:
        ctx.renderer.anchors = frozenset()
