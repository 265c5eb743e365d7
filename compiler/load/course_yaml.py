"""course.yaml: the course's settings, read with every key's location."""
from __future__ import annotations

from dataclasses import dataclass, field

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..diagnostics import Diagnostic, error, has_errors
from ..markdown import Origin
from ..model import Author, Location, ScorePart, XAPISettings
from .yaml_nodes import Mapping, YamlSource, describe, is_null

TOP_KEYS = ("id", "title", "description", "language", "version", "authors", "pages", "completion",
            "mastery", "theme", "xapi", "content_warning", "support", "feelings", "allow_html")
XAPI_KEYS = ("endpoint", "auth", "activity_base", "homepage", "send_reflection_text", "version")
XAPI_VERSIONS = ("1.0.3", "2.0.0")


@dataclass(slots=True)
class CourseSettings:
    """course.yaml as read, before the pages are loaded."""

    id: str = ""
    title: str = ""
    description: str = ""
    language: str = ""
    version: str = "1.0.0"
    authors: tuple[Author, ...] = ()
    pages: list[tuple[str, Location]] = field(default_factory=list)
    visit: list[tuple[str, Location]] | None = None
    """None: every page ("all")."""
    finish: list[tuple[str, Location]] = field(default_factory=list)
    mastery: float | None = None
    score_parts: tuple[ScorePart, ...] = ()
    theme: str = "default"
    xapi: XAPISettings = field(default_factory=XAPISettings)
    content_warning: tuple[str, Location, Origin] | None = None
    support: tuple[str, Location, Origin] | None = None
    feelings: tuple[str, ...] = ()
    allow_html: bool = False
    keys: dict[str, Location] = field(default_factory=dict)
    loc: Location = Location("course.yaml")


def read_course_yaml(text: str, path: str) -> tuple[CourseSettings | None, list[Diagnostic]]:
    """Read course.yaml; None when it is not YAML or not a mapping (nothing to build on)."""
    source = YamlSource(path)
    node, diags = source.compose(text)
    if has_errors(diags):
        return None, diags
    if not isinstance(node, MappingNode):
        where = source.loc(node) if node is not None else Location(path, 1, 1)
        shown = describe(node) if node is not None else "nothing"
        return None, [error(where, "E103", f"course.yaml must be 'key: value' lines (id, title, language, pages), "
                                           f"got {shown}")]
    top = Mapping(node, source, TOP_KEYS, "course.yaml", diags)
    settings = CourseSettings(loc=Location(path, 1, 1))
    settings.keys = {key: top.key_loc(key) for key in top.entries}
    settings.id = (top.text("id", "", required=True) or "").strip()
    settings.title = (top.text("title", "", required=True) or "").strip()
    settings.language = (top.text("language", "", required=True) or "").strip()
    settings.description = (top.text("description", "") or "").strip()
    settings.version = (top.text("version", "1.0.0") or "1.0.0").strip()
    settings.theme = (top.text("theme", "default") or "default").strip()
    settings.allow_html = top.boolean("allow_html", False)
    settings.authors = _authors(top)
    if top.require("pages"):
        listed = top.sequence("pages", "a list of page file names")
        if listed == []:
            diags.append(error(top.value_loc("pages"), "E102",
                               "'pages' is an empty list: list the pages in the order learners meet them"))
        elif listed is not None:
            settings.pages = top.text_list("pages")
    _completion(top, settings)
    _mastery(top, settings)
    settings.xapi = _xapi(top, settings.id)
    for key in ("content_warning", "support"):
        value = top.text(key)
        if value is not None:
            setattr(settings, key, (value, top.value_loc(key), top.source.origin(top.value(key))))
    settings.feelings = _feelings(top)
    return settings, diags


_STR = "tag:yaml.org,2002:str"


def _feelings(top: Mapping) -> tuple[str, ...]:
    """`feelings: [vindicated, let down]`, or comma-separated as in a node: `vindicated, let down`."""
    node = top.value("feelings")
    if isinstance(node, ScalarNode):
        return tuple(word.strip() for word in node.value.split(",") if word.strip())
    words: list[str] = []
    for item in top.scalars("feelings"):
        here, word = top.source.loc(item), item.value
        if item.tag != _STR:  # 3, true, 1.5: YAML read a number, not a word
            top.diags.append(error(here, "E103", f"'feelings' expects words, got '{word}': a feeling "
                                                 "is a word like 'vindicated'"))
        elif not word.strip():
            top.diags.append(error(here, "E102", "an entry of 'feelings' is empty: write a word, "
                                                 "or remove the entry"))
        else:
            words.append(word.strip())
    return tuple(words)


def _authors(top: Mapping) -> tuple[Author, ...]:
    items = top.sequence("authors", "a list of authors, like '- {name: Ana Ruiz, email: ana@example.org}'")
    authors: list[Author] = []
    for item in items or ():
        here = top.source.loc(item)
        if isinstance(item, ScalarNode) and not is_null(item):
            authors.append(Author(item.value.strip(), None, here))
        elif isinstance(item, MappingNode):
            author = Mapping(item, top.source, ("name", "email"), "an author", top.diags)
            name = author.text("name", "", required=True) or ""
            authors.append(Author(name.strip(), author.text("email"), here))
        else:
            top.diags.append(error(here, "E103", f"an author is a name or '{{name: ..., email: ...}}', "
                                                 f"got {describe(item)}"))
    return tuple(authors)


def _completion(top: Mapping, settings: CourseSettings) -> None:
    table = top.mapping("completion", ("visit", "finish"), "completion",
                        "completion: {visit: all, finish: [practice]}")
    if table is None:
        return
    visit = table.value("visit")
    if visit is not None:
        if isinstance(visit, ScalarNode) and visit.value.strip().lower() == "all":
            settings.visit = None
        elif isinstance(visit, ScalarNode):
            table.wrong("visit", "'all' or a list of page ids")
        else:
            settings.visit = table.text_list("visit")
    settings.finish = table.text_list("finish")


def _mastery(top: Mapping, settings: CourseSettings) -> None:
    node = top.value("mastery")
    if node is None:
        return
    if isinstance(node, ScalarNode):  # `mastery: 0.7` is short for `mastery: {score: 0.7}`
        settings.mastery = top.number("mastery", "a number between 0 and 1")
        return
    table = top.mapping("mastery", ("score", "counts"), "mastery", "mastery: {score: 0.7}")
    if table is None:
        return
    settings.mastery = table.number("score", "a number between 0 and 1")
    parts: list[ScorePart] = []
    for item in table.sequence("counts", "a list like '- {page: check-yourself, weight: 1}'") or ():
        here = top.source.loc(item)
        if isinstance(item, ScalarNode) and not is_null(item):
            parts.append(ScorePart(item.value.strip(), 1.0, here))
            continue
        if not isinstance(item, MappingNode):
            top.diags.append(error(here, "E103", f"each entry of 'counts' is '{{page: ..., weight: 1}}', "
                                                 f"got {describe(item)}"))
            continue
        part = Mapping(item, top.source, ("page", "weight"), "a 'counts' entry", top.diags)
        page = part.text("page", "", required=True) or ""
        weight = part.number("weight", "a positive number", 1.0)
        if weight is not None and weight <= 0:
            top.diags.append(error(part.value_loc("weight"), "E110", f"'weight' must be more than 0, got {weight:g}"))
        parts.append(ScorePart(page.strip(), weight if weight is not None else 1.0, here))
    settings.score_parts = tuple(parts)


def _xapi(top: Mapping, course_id: str) -> XAPISettings:
    table = top.mapping("xapi", XAPI_KEYS, "xapi", "xapi: {send_reflection_text: false}")
    default_base = course_id if course_id.endswith("/") or not course_id else course_id + "/"
    if table is None:
        return XAPISettings(activity_base=default_base)
    base = (table.text("activity_base") or "").strip() or default_base
    if base and not base.endswith("/"):
        base += "/"
    return XAPISettings(
        endpoint=(table.text("endpoint") or "").strip() or None,
        auth=table.text("auth"),
        activity_base=base,
        homepage=(table.text("homepage") or "").strip() or None,
        send_reflection_text=table.boolean("send_reflection_text", False),
        version=_xapi_version(table),
        loc=table.loc,
    )


def _xapi_version(table: Mapping) -> str:
    version = (table.text("version") or "").strip()
    if not version:
        return XAPI_VERSIONS[0]
    if version not in XAPI_VERSIONS:
        table.diags.append(error(table.value_loc("version"), "E110",
                                 f"xapi.version must be 1.0.3 or 2.0.0 (the xAPI versions the player "
                                 f"can speak), got '{version}'"))
        return XAPI_VERSIONS[0]
    return version


