"""The model as course.json: the one contract between compiler and runtime
(docs/design.md, "Compiled course"). Pure: model in, dict out."""
from __future__ import annotations

from typing import Any

from ..conditions import effect_to_json, to_json
from ..model import (Choice, Coaching, Course, Example, Markdown, Page, Quiz, Reflection,
                     Scenario, ScenarioNode, SelfRating)
from . import definitions as d
from .catalogues import direction, strings


def _html(text: Markdown | None) -> str | None:
    return text.html if text is not None else None


def _choice(choice: Choice) -> dict[str, Any]:
    return {
        "id": choice.id,
        "html": choice.text.html,
        "text": d.plain(choice.text.html, 10_000),
        "feedback": _html(choice.feedback),
        "set": [effect_to_json(e) for e in choice.effects],
        "if": to_json(choice.offered_if),
        "to": [[to_json(b.condition), b.target] for b in choice.branches],
    }


def _node(course: Course, page: Scenario, node: ScenarioNode) -> dict[str, Any]:
    out: dict[str, Any] = {
        "title": node.title,
        "segments": [{"html": s.text.html, "if": to_json(s.condition)} for s in node.segments],
        "feelings": [f.name for f in node.feelings],
        "thinks": node.thinks,
        "coach": node.coach,
        "choices": [_choice(c) for c in node.choices],
        "ending": None,
    }
    if node.ending is not None:
        out["ending"] = {"label": node.ending.label, "score": node.ending.score,
                         "felt": [f.name for f in node.ending.felt]}
    if node.choices:
        out["definition"] = d.node_definition(course, page, node)
    return out


def _scenario(course: Course, page: Scenario) -> dict[str, Any]:
    return {
        "start": page.start,
        "state": dict(page.state),
        "contentWarning": _html(page.content_warning),
        "optOut": {"label": page.opt_out.label, "to": page.opt_out.to} if page.opt_out else None,
        "nodes": {nid: _node(course, page, node) for nid, node in page.nodes.items()},
        "playback": d.playback_definition(course, page),
    }


def _coaching(course: Course, page: Coaching) -> dict[str, Any]:
    return {"questions": [
        {"id": q.id, "html": q.prompt.html, "step": q.step, "answer": q.answer,
         "model": _html(q.model_answer), "definition": d.coaching_definition(course, page, i)}
        for i, q in enumerate(page.questions)]}


def _reflection(course: Course, page: Reflection) -> dict[str, Any]:
    return {"framework": page.framework, "prompts": [
        {"id": p.id, "html": p.prompt.html, "stage": p.stage, "private": p.private,
         "minLength": p.min_length, "definition": d.reflection_definition(course, page, i)}
        for i, p in enumerate(page.prompts)]}


def _self_rating(course: Course, page: SelfRating) -> dict[str, Any]:
    return {"scale": list(page.scale), "scenario": page.scenario, "dimensions": [
        {"id": dim.id, "label": dim.label, "html": _html(dim.prompt),
         "definition": d.rating_definition(course, page, i)}
        for i, dim in enumerate(page.dimensions)]}


def _quiz(course: Course, page: Quiz) -> dict[str, Any]:
    return {"retake": page.retake, "questions": [
        {"id": q.id, "html": q.prompt.html, "multiple": q.multiple,
         "options": [{"id": o.id, "html": o.text.html, "correct": o.correct,
                      "feedback": _html(o.feedback)} for o in q.options],
         "definition": d.quiz_definition(course, page, i)}
        for i, q in enumerate(page.questions)]}


def _example(course: Course, page: Example) -> dict[str, Any]:
    return {"turns": [{"speaker": t.speaker, "html": t.text.html, "skill": t.skill,
                       "note": _html(t.note)} for t in page.turns]}


_KIND_FIELDS = [
    (Scenario, _scenario), (Coaching, _coaching), (Reflection, _reflection),
    (SelfRating, _self_rating), (Quiz, _quiz), (Example, _example),
]


def page_json(course: Course, page: Page) -> dict[str, Any]:
    """One PAGE of course.json: the shared fields plus the fields of its kind."""
    out: dict[str, Any] = {"id": page.id, "kind": page.kind, "title": page.title,
                           "html": page.body.html, "definition": d.page_definition(course, page)}
    for cls, fields in _KIND_FIELDS:
        if isinstance(page, cls):
            out.update(fields(course, page))  # type: ignore[arg-type]
            break
    return out


def course_json(course: Course) -> dict[str, Any]:
    """The whole compiled course, exactly as docs/design.md describes it."""
    settings = course.xapi
    return {
        "id": course.id,
        "title": course.title,
        "lang": course.language,
        "dir": direction(course.language),
        "version": course.version,
        "activityBase": d.activity_base(course),
        "mastery": course.mastery,
        "completion": {"visit": list(course.visit), "finish": list(course.finish)},
        "scoreParts": [{"page": p.page, "weight": p.weight} for p in course.score_parts],
        "xapi": {"endpoint": settings.endpoint, "auth": settings.auth, "homePage": settings.homepage,
                 "sendReflectionText": settings.send_reflection_text, "version": settings.version},
        "contentWarning": _html(course.content_warning),
        "support": _html(course.support),
        "strings": strings(course.language),
        "feelings": list(course.feelings),
        "definition": d.course_definition(course),
        "pages": [page_json(course, page) for page in course.ordered_pages()],
        **_feeling_ids(course),
    }


def _feeling_ids(course: Course) -> dict[str, Any]:
    """`feelingIds`: the interaction-component id of each feeling, at the same index as
    `feelings`, when some coaching question asks for feelings (the SCORM adapters record
    the picked feelings with them, whatever the question's answer type)."""
    asks = any(isinstance(page, Coaching) and any(q.answer != "text" for q in page.questions)
               for page in course.ordered_pages())
    return {"feelingIds": [d.response_id(f) for f in course.feelings]} if asks else {}
