"""xAPI activity definitions, built at compile time with the `tincan` library.

Each definition lands in course.json as `definition`: the activity id plus the xAPI 1.0.3
activity definition fields (`{"id", "name", "description", "type", "interactionType", ...}`),
so the runtime only adds actor, result, context and timestamp. Ids are IRIs under
`activity_base(course)`:

    <base>page/<page>                      every page (lesson or module)
    <base>page/<page>/playback             a scenario's replay from the customer's side
    <base>scenario/<page>/node/<node>      a scenario node's choice (choice)
    <base>coaching/<page>/<question>       a coaching question
    <base>reflection/<page>/<prompt>       a reflection prompt (long-fill-in)
    <base>rating/<page>/<dimension>        a self-rating dimension (likert)
    <base>quiz/<page>/<question>           a knowledge-check question (choice)

Coaching questions: `answer: feelings` is a `choice` over the course's feelings vocabulary
(the learner picks several; the response lists them); `text` and `both` are `long-fill-in`
(for `both` the chosen feelings travel as a result extension, documented in docs/xapi.md).

Choice, scale and option ids are the ids the runtime must put in `result.response`:
scenario choice ids and quiz option ids as authored; feelings and rating-scale entries as
`response_id(label)`, at the same index as in course.json's `feelings` and `scale` lists
(so the runtime can take them from the definition by index instead of recomputing them).
"""
from __future__ import annotations

import html as html_lib
import re
import unicodedata
from urllib.parse import quote

import tincan

from ..model import (Coaching, Course, Page, Quiz, Reflection, Scenario, ScenarioNode,
                     SelfRating)
from .catalogues import strings

INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
COURSE = "http://adlnet.gov/expapi/activities/course"
MODULE = "http://adlnet.gov/expapi/activities/module"
LESSON = "http://adlnet.gov/expapi/activities/lesson"
CONTENT_KINDS = ("page", "example")
"""Pages the learner reads (lessons); every other kind asks something (modules)."""

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_NOT_ID = re.compile(r"[^a-z0-9_.:]+")


def activity_base(course: Course) -> str:
    """The IRI every activity id starts with; always ends with `/`."""
    base = course.xapi.activity_base or course.id.rstrip("/") + "/"
    return base if base.endswith("/") else base + "/"


def iri(course: Course, *parts: str) -> str:
    """An activity IRI: the base plus percent-encoded path segments."""
    return activity_base(course) + "/".join(quote(p, safe="-._~") for p in parts)


def response_id(label: str) -> str:
    """The interaction-component id for a label, valid as an xAPI component id and as a
    SCORM 2004 likert/choice id (`[A-Za-z0-9_.:-]`, at most 250 characters).

    Latin labels read well: `Very poor` -> `very-poor`, `Tensión` -> `tension`. Labels in
    other scripts would all collapse to the same id that way, so they become `u-` and the
    hex of their UTF-8 bytes instead (`محبط` -> `u-d985d8add8a8d8b7`): unique and decodable."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", label.lower())
                     if not unicodedata.combining(c))
    if folded.isascii():
        readable = _NOT_ID.sub("-", folded).strip("-")
        if readable:
            return readable[:250]
    return ("u-" + label.lower().encode("utf-8").hex())[:250]


def plain(html: str, limit: int = 250) -> str:
    """HTML as one line of plain text for names and descriptions (tags and entities out)."""
    text = _SPACE.sub(" ", html_lib.unescape(_TAGS.sub(" ", html))).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _as_dict(activity_id: str, definition: tincan.ActivityDefinition) -> dict:
    return {"id": activity_id, **definition.as_version("1.0.3")}


def _components(lang: str, items: list[tuple[str, str]]) -> list[tincan.InteractionComponent]:
    return [tincan.InteractionComponent(id=cid, description=tincan.LanguageMap({lang: text}))
            for cid, text in items]


def _lang_map(lang: str, text: str) -> tincan.LanguageMap:
    return tincan.LanguageMap({lang: text})


def course_definition(course: Course) -> dict:
    """The course activity (id = the course IRI)."""
    lang = course.language
    definition = tincan.ActivityDefinition(type=COURSE, name=_lang_map(lang, course.title))
    if course.description:
        definition.description = _lang_map(lang, plain(course.description, 1000))
    return _as_dict(course.id, definition)


def page_definition(course: Course, page: Page) -> dict:
    """A page: a lesson when it is read, a module when it asks something."""
    lang = course.language
    kind = LESSON if page.kind in CONTENT_KINDS else MODULE
    definition = tincan.ActivityDefinition(type=kind, name=_lang_map(lang, page.title or page.id))
    intro = plain(page.body.html)
    if intro:
        definition.description = _lang_map(lang, intro)
    return _as_dict(iri(course, "page", page.id), definition)


def playback_definition(course: Course, page: Scenario) -> dict:
    """The replay of a scenario from the customer's side, named in the course language."""
    lang = course.language
    title = strings(lang)["playbackTitle"]
    definition = tincan.ActivityDefinition(name=_lang_map(lang, f"{page.title or page.id}: {title}"))
    return _as_dict(iri(course, "page", page.id, "playback"), definition)


def node_definition(course: Course, page: Scenario, node: ScenarioNode) -> dict:
    """A scenario node's choice interaction; choices are the node's choices."""
    lang = course.language
    said = plain(" ".join(s.text.html for s in node.segments))
    definition = tincan.ActivityDefinition(
        type=INTERACTION, interaction_type="choice",
        name=_lang_map(lang, f"{page.title}: {node.title or node.id}"),
        description=_lang_map(lang, said or node.title or node.id),
        choices=_components(lang, [(c.id, plain(c.text.html) or c.id) for c in node.choices]))
    return _as_dict(iri(course, "scenario", page.id, "node", node.id), definition)


def coaching_definition(course: Course, page: Coaching, index: int) -> dict:
    question = page.questions[index]
    lang = course.language
    definition = tincan.ActivityDefinition(
        type=INTERACTION, name=_lang_map(lang, f"{page.title}: {question.step}"),
        description=_lang_map(lang, plain(question.prompt.html) or question.id))
    if question.answer == "feelings":
        definition.interaction_type = "choice"
        definition.choices = _components(lang, [(response_id(f), f) for f in course.feelings])
    else:
        definition.interaction_type = "long-fill-in"
    return _as_dict(iri(course, "coaching", page.id, question.id), definition)


def reflection_definition(course: Course, page: Reflection, index: int) -> dict:
    prompt = page.prompts[index]
    lang = course.language
    definition = tincan.ActivityDefinition(
        type=INTERACTION, interaction_type="long-fill-in",
        name=_lang_map(lang, f"{page.title}: {prompt.stage}"),
        description=_lang_map(lang, plain(prompt.prompt.html) or prompt.id))
    return _as_dict(iri(course, "reflection", page.id, prompt.id), definition)


def rating_definition(course: Course, page: SelfRating, index: int) -> dict:
    dimension = page.dimensions[index]
    lang = course.language
    text = plain(dimension.prompt.html) if dimension.prompt else ""
    definition = tincan.ActivityDefinition(
        type=INTERACTION, interaction_type="likert",
        name=_lang_map(lang, f"{page.title}: {dimension.label}"),
        description=_lang_map(lang, text or dimension.label),
        scale=_components(lang, [(response_id(s), s) for s in page.scale]))
    return _as_dict(iri(course, "rating", page.id, dimension.id), definition)


def quiz_definition(course: Course, page: Quiz, index: int) -> dict:
    question = page.questions[index]
    lang = course.language
    correct = [o.id for o in question.options if o.correct]
    definition = tincan.ActivityDefinition(
        type=INTERACTION, interaction_type="choice",
        name=_lang_map(lang, f"{page.title}: {question.id}"),
        description=_lang_map(lang, plain(question.prompt.html) or question.id),
        choices=_components(lang, [(o.id, plain(o.text.html) or o.id) for o in question.options]),
        correct_responses_pattern=["[,]".join(correct)] if correct else [])
    return _as_dict(iri(course, "quiz", page.id, question.id), definition)
