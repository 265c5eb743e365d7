"""Page kinds other than scenarios: page, coaching, reflection, self-rating, quiz, example.

In question-like kinds the `##` heading is the question, and the text under it is
added to it: the prompt's Markdown is the heading followed by that text, so its HTML
starts with the question's title as an `<h2>` (the player's heading for the question).
"""
from __future__ import annotations

import re
from typing import Any

from ..diagnostics import suggest
from ..model import (Coaching, CoachingQuestion, ContentPage, Example, Location, Markdown, Quiz,
                     QuizOption, QuizQuestion, RatingDimension, Reflection, ReflectionPrompt,
                     SelfRating, Turn)
from .context import LoadContext
from .sections import Field, Item, Section, split_blocks
from .yaml_nodes import Mapping

ANSWERS = ("text", "feelings", "both")
STEPS = ("thinking", "saying", "feeling", "identify", "goal", "action", "other")
FRAMEWORKS = {"orid": "ORID", "sbi": "SBI", "free": "free"}
STAGES = {
    "ORID": ("objective", "reflective", "interpretive", "decisional"),
    "SBI": ("situation", "behaviour", "impact"),
}
_YES = ("yes", "true", "on")
_NO = ("no", "false", "off")
_OPTION = re.compile(r"^\[(?P<mark>[ xX]?)\][ \t]*(?P<text>.*)$")
# `**Customer**: words`, `**Customer:** words` or `Customer: words`
_TURN = re.compile(r"^(?:\*\*(?P<bold>[^*]+?)\*\*[ \t]*:|\*\*(?P<bold2>[^*]+?):\*\*|(?P<plain>[^:*]{1,40}):)"
                   r"[ \t]*(?P<words>.*)$")


def _field_loc(path: str, found: Field) -> Location:
    return Location(path, found.line, found.value_col)


def _choice_field(found: Field | None, allowed: tuple[str, ...], default: str, path: str,
                  ctx: LoadContext) -> str:
    """A field whose value is one word out of `allowed`."""
    if found is None:
        return default
    word = found.value.strip().lower()
    if word in allowed:
        return word
    ctx.error(_field_loc(path, found), "E103",
              f"'{found.raw_key}' expects one of {', '.join(allowed)}, got '{found.value}'", suggest(word, allowed))
    return default


def _yes_no(found: Field, path: str, ctx: LoadContext) -> bool | None:
    word = found.value.strip().lower()
    if word in _YES or word in _NO:
        return word in _YES
    ctx.error(_field_loc(path, found), "E103", f"'{found.raw_key}' expects yes or no, got '{found.value}'")
    return None


def question_markdown(section: Section, path: str, ctx: LoadContext, prose: list[str] | None = None) -> Markdown:
    """The heading (its words, without the `{#id}`) followed by the section's text, as one
    Markdown prompt: the title stays a heading, apart from the text even without a blank
    line between them."""
    lines = list(section.prose if prose is None else prose)
    if lines and section.title:
        lines[0] = "## " + section.title  # prose[0] is the heading line (blanked)
    return ctx.markdown("\n".join(lines), path, section.prose_line)


# ---------------------------------------------------------------- page


def load_page(common: dict[str, Any], front: Mapping, sections: list[Section], ctx: LoadContext) -> ContentPage:
    """A content page is all body: its `##` headings are ordinary Markdown."""
    return ContentPage(**common)


# ---------------------------------------------------------------- coaching


def load_coaching(common: dict[str, Any], front: Mapping, sections: list[Section], ctx: LoadContext) -> Coaching:
    """Each section is a question; a model answer is a field or a `::: model-answer` block."""
    path = common["path"]
    questions = []
    seen: dict[str, int] = {}
    for section in sections:
        if _duplicate(section, seen, path, "question", ctx):
            continue
        fields = section.fields
        prose = list(section.prose)
        model: Markdown | None = None
        for block in split_blocks(section.prose, section.prose_line, ("model-answer",), path, ctx.diags):
            if block.name != "model-answer":
                continue
            first = block.open_line - section.prose_line
            for index in range(first, min(first + len(block.lines) + 2, len(prose))):
                prose[index] = ""  # the block is not part of the question
            if model is not None or "model_answer" in fields:
                ctx.error(Location(path, block.open_line, 1), "E104", "this question already has a model answer")
                continue
            model = ctx.optional_markdown("\n".join(block.lines), path, block.line)
        if "model_answer" in fields:
            f = fields["model_answer"]
            model = ctx.optional_markdown(f.value, path, f.line, f.value_col)
        questions.append(CoachingQuestion(
            section.id, question_markdown(section, path, ctx, prose),
            _choice_field(fields.get("step"), STEPS, "other", path, ctx),
            _choice_field(fields.get("answer"), ANSWERS, "both", path, ctx),
            model, Location(path, section.line, 1)))
    return Coaching(**common, questions=tuple(questions))


def _duplicate(section: Section, seen: dict[str, int], path: str, what: str, ctx: LoadContext) -> bool:
    if section.id in seen:
        ctx.error(Location(path, section.line, section.id_col), "E104",
                  f"there is already a {what} '{section.id}' (line {seen[section.id]}); ids must be unique")
        return True
    seen[section.id] = section.line
    return False


# ---------------------------------------------------------------- reflection


def load_reflection(common: dict[str, Any], front: Mapping, sections: list[Section], ctx: LoadContext) -> Reflection:
    """Each section is a prompt; stages default to the framework's order."""
    path = common["path"]
    framework = "free"
    raw = front.text("framework")
    if raw is not None:
        if raw.strip().lower() in FRAMEWORKS:
            framework = FRAMEWORKS[raw.strip().lower()]
        else:
            ctx.error(front.value_loc("framework"), "E103",
                      f"'framework' expects ORID, SBI or free, got '{raw}'",
                      suggest(raw, list(FRAMEWORKS.values())))
    order = STAGES.get(framework, ())
    allowed = order or (*STAGES["ORID"], *STAGES["SBI"], "free")
    prompts = []
    seen: dict[str, int] = {}
    for index, section in enumerate(sections):
        if _duplicate(section, seen, path, "prompt", ctx):
            continue
        fields = section.fields
        default_stage = order[min(index, len(order) - 1)] if order else "free"
        stage = _choice_field(fields.get("stage"), allowed, default_stage, path, ctx)
        private = not ctx.send_reflection_text
        if "private" in fields:
            answer = _yes_no(fields["private"], path, ctx)
            private = private if answer is None else answer
        min_length = 0
        if "min_length" in fields:
            f = fields["min_length"]
            try:
                min_length = int(f.value.strip())
                if min_length < 0:
                    raise ValueError
            except ValueError:
                ctx.error(_field_loc(path, f), "E103",
                          f"'{f.raw_key}' expects a whole number of characters, got '{f.value}'")
                min_length = 0
        prompts.append(ReflectionPrompt(section.id, question_markdown(section, path, ctx), stage, private,
                                        min_length, Location(path, section.line, 1)))
    return Reflection(**common, framework=framework, prompts=tuple(prompts))


# ---------------------------------------------------------------- self-rating


def load_self_rating(common: dict[str, Any], front: Mapping, sections: list[Section], ctx: LoadContext) -> SelfRating:
    """Each section is a dimension; the scale (best first) comes from the front matter."""
    path = common["path"]
    scale = tuple(word for word, _ in front.text_list("scale"))
    if not front.has("scale"):
        front.require("scale")
    elif len(scale) < 2 and front.sequence("scale") is not None:
        ctx.error(front.value_loc("scale"), "E110", "a rating scale needs at least two steps, best first")
    dimensions = []
    seen: dict[str, int] = {}
    for section in sections:
        if _duplicate(section, seen, path, "dimension", ctx):
            continue
        prose = "\n".join(section.prose)
        dimensions.append(RatingDimension(section.id, section.title or section.id,
                                          ctx.optional_markdown(prose, path, section.prose_line),
                                          Location(path, section.line, 1)))
    return SelfRating(**common, scale=scale, scenario=front.text("scenario"), dimensions=tuple(dimensions))


# ---------------------------------------------------------------- quiz


def option_id(index: int) -> str:
    """a, b, ... z, aa, ab, ... (like spreadsheet columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


_DASHED_OPTION = re.compile(r"^[-+][ \t]*\[[ xX]?\]")


def load_quiz(common: dict[str, Any], front: Mapping, sections: list[Section], ctx: LoadContext) -> Quiz:
    """Each section is a question; `* [x] right` and `* [ ] wrong` items are its options."""
    path = common["path"]
    questions = []
    seen: dict[str, int] = {}
    for section in sections:
        if _duplicate(section, seen, path, "question", ctx):
            continue
        options = [_option(option_id(n), item, path, ctx) for n, item in enumerate(section.items)]
        here = Location(path, section.line, 1)
        correct = sum(1 for opt in options if opt.correct)
        if not section.items:
            dashed = any(_DASHED_OPTION.match(line) for line in section.prose)
            ctx.error(here, "E102", "a question needs options: '* [x] a right answer' and '* [ ] a wrong one'"
                      + (" (options start with '* ', a star and a space, not '- ')" if dashed else ""))
        elif correct == 0:
            ctx.error(here, "E110", "no option is marked correct: mark the right ones '* [x]'")
        multiple = correct > 1
        if "multiple" in section.fields:
            f = section.fields["multiple"]
            stated = _yes_no(f, path, ctx)
            if stated is False and correct > 1:
                ctx.error(_field_loc(path, f), "E110",
                          f"'multiple: {f.value}' but {correct} options are marked correct")
            multiple = multiple or bool(stated)
        questions.append(QuizQuestion(section.id, question_markdown(section, path, ctx), multiple,
                                      tuple(options), here))
    return Quiz(**common, questions=tuple(questions), retake=front.boolean("retake", True))


def _option(option: str, item: Item, path: str, ctx: LoadContext) -> QuizOption:
    """`* [x] right` / `* [ ] wrong`; an option without a box is wrong unless it says `correct: yes`."""
    m = _OPTION.match(item.text)
    stated = _yes_no(item.fields["correct"], path, ctx) if "correct" in item.fields else None
    text = m["text"] if m else item.text
    text_col = item.col + (m.start("text") if m else 0)
    correct = m["mark"].lower() == "x" if m else bool(stated)
    if m and stated is not None and stated != correct:
        f = item.fields["correct"]
        ctx.error(_field_loc(path, f), "E110", f"the box says {'right' if correct else 'wrong'} but "
                                               f"'{f.raw_key}: {f.value}' says otherwise")
    source = "\n".join([text, *item.extra_lines])
    feedback = None
    if "feedback" in item.fields:
        f = item.fields["feedback"]
        feedback = ctx.optional_markdown(f.value, path, f.line, f.value_col)
    return QuizOption(option, ctx.markdown(source, path, item.line, text_col), correct,
                      feedback, Location(path, item.line, 1))


# ---------------------------------------------------------------- example


def load_example(common: dict[str, Any], front: Mapping, sections: list[Section], ctx: LoadContext,
                 items: list[Item] | None = None) -> Example:
    """Items `* **Speaker**: words` are the turns; everything else is the page's text."""
    path = common["path"]
    turns = []
    for item in items or ():
        m = _TURN.match(item.text)
        if m is None:
            ctx.error(Location(path, item.line, item.col), "E006",
                      "a turn starts with who speaks: '* **Customer**: I have been waiting for an hour.'")
            continue
        speaker = (m["bold"] or m["bold2"] or m["plain"]).strip()
        source = "\n".join([m["words"], *item.extra_lines])
        fields = item.fields
        skill = fields["skill"].value.strip() if "skill" in fields else None
        note = None
        if "note" in fields:
            f = fields["note"]
            note = ctx.optional_markdown(f.value, path, f.line, f.value_col)
        turns.append(Turn(speaker, ctx.markdown(source, path, item.line, item.col + m.start("words")),
                          skill, note, Location(path, item.line, 1)))
    return Example(**common, turns=tuple(turns))
