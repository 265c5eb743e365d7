"""The typed course model.

Built once by `compiler.load`, read by `check`, `render` and every target, never
mutated after loading. Every node carries `loc`, the place in the author's source
it came from, so every diagnostic can point at the author's text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from .slugs import folder_slug


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a source file: 1-based line and column."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


# ---------------------------------------------------------------- conditions
# A condition is a small expression tree. It is compiled to JSON lists for the
# runtime (see docs/design.md, COND).


@dataclass(frozen=True, slots=True)
class Var:
    """A state variable read, e.g. `trust`."""

    name: str
    loc: Location


@dataclass(frozen=True, slots=True)
class Num:
    """An integer literal."""

    value: int
    loc: Location


@dataclass(frozen=True, slots=True)
class Visited:
    """`visited(node)`: true once the learner has been at that node in this attempt."""

    node: str
    loc: Location


@dataclass(frozen=True, slots=True)
class Not:
    """`not C`."""

    operand: "Condition"
    loc: Location


@dataclass(frozen=True, slots=True)
class BinOp:
    """`a OP b` where OP is one of and, or, ==, !=, <, <=, >, >=."""

    op: str
    left: "Condition"
    right: "Condition"
    loc: Location


Condition = Union[Var, Num, Visited, Not, BinOp]


@dataclass(frozen=True, slots=True)
class Effect:
    """A change to a state variable made by a choice: `trust + 1`, `calm = 0`."""

    var: str
    op: str  # "+", "-" or "="
    amount: int
    loc: Location


# ---------------------------------------------------------------- shared pieces


@dataclass(frozen=True, slots=True)
class Image:
    """An image referenced from Markdown; `alt` is empty when the author gave none."""

    src: str
    alt: str
    loc: Location


@dataclass(frozen=True, slots=True)
class Markdown:
    """Author Markdown, rendered to HTML at load time (never in the browser)."""

    source: str
    html: str
    loc: Location
    images: tuple[Image, ...] = ()
    links: tuple[tuple[str, Location], ...] = ()
    """Link targets (href, where) found in the text, for the link checks."""


@dataclass(frozen=True, slots=True)
class FeelingRef:
    """A feeling named by the author (checked against the vocabulary)."""

    name: str
    loc: Location


# ---------------------------------------------------------------- scenario


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a node's text, shown only when `condition` holds (None: always)."""

    text: Markdown
    condition: Condition | None = None


@dataclass(frozen=True, slots=True)
class Branch:
    """One possible destination of a choice: taken when `condition` holds (None: otherwise)."""

    target: str
    condition: Condition | None
    loc: Location


@dataclass(frozen=True, slots=True)
class Choice:
    """Something the learner can say or do at a node."""

    id: str
    text: Markdown
    """The learner's words."""
    branches: tuple[Branch, ...]
    """Where the choice leads; the first branch whose condition holds wins."""
    feedback: Markdown | None
    effects: tuple[Effect, ...]
    offered_if: Condition | None
    loc: Location


@dataclass(frozen=True, slots=True)
class Ending:
    """What makes a node an ending."""

    label: str
    score: float
    """Outcome score, 0..1."""
    felt: tuple[FeelingRef, ...]
    """How the customer felt at the end."""
    loc: Location


@dataclass(frozen=True, slots=True)
class ScenarioNode:
    """A moment in the conversation: what the customer says and does."""

    id: str
    title: str
    segments: tuple[Segment, ...]
    feelings: tuple[FeelingRef, ...]
    thinks: str | None
    """The customer's unspoken thoughts, revealed in playback."""
    coach: str | None
    """A coach prompt, e.g. "Keep calm and introduce yourself"."""
    choices: tuple[Choice, ...]
    ending: Ending | None
    loc: Location


@dataclass(frozen=True, slots=True)
class OptOut:
    """A way to skip a scenario without penalty: a label and the page to go to."""

    label: str
    to: str
    loc: Location


# ---------------------------------------------------------------- other content


@dataclass(frozen=True, slots=True)
class CoachingQuestion:
    """One step of the feelings-focused coaching sequence."""

    id: str
    prompt: Markdown
    step: str
    """thinking | saying | feeling | identify | goal | action | other"""
    answer: str
    """text | feelings | both"""
    model_answer: Markdown | None
    loc: Location


@dataclass(frozen=True, slots=True)
class ReflectionPrompt:
    id: str
    prompt: Markdown
    stage: str
    """ORID: objective|reflective|interpretive|decisional; SBI: situation|behaviour|impact; else free."""
    private: bool
    """True: the text never leaves the learner's browser."""
    min_length: int
    loc: Location


@dataclass(frozen=True, slots=True)
class RatingDimension:
    id: str
    label: str
    prompt: Markdown | None
    loc: Location


@dataclass(frozen=True, slots=True)
class QuizOption:
    id: str
    text: Markdown
    correct: bool
    feedback: Markdown | None
    loc: Location


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    id: str
    prompt: Markdown
    multiple: bool
    options: tuple[QuizOption, ...]
    loc: Location


@dataclass(frozen=True, slots=True)
class Turn:
    """One turn of an annotated example conversation."""

    speaker: str
    text: Markdown
    skill: str | None
    """The skill this turn shows (active listening, reassurance, ownership, ...)."""
    note: Markdown | None
    loc: Location


# ---------------------------------------------------------------- pages


@dataclass(frozen=True, slots=True)
class Page:
    """Fields every page kind has. `kind` says which subclass it is."""

    id: str
    kind: str
    title: str
    body: Markdown
    """Markdown before the first section (intro, situation, or the whole page)."""
    loc: Location
    path: str
    """The file this page came from."""
    headings: frozenset[str] = field(default=frozenset(), kw_only=True)
    """Ids of the page's Markdown headings, as links write them: `[t](page#heading)`."""
    front_matter_read: bool = field(default=True, kw_only=True)
    """False: the front matter's YAML did not read, so this page was loaded from its body
    alone, as the kind its `kind:` line names, with every front matter value left out."""


@dataclass(frozen=True, slots=True)
class ContentPage(Page):
    pass


@dataclass(frozen=True, slots=True)
class Scenario(Page):
    start: str
    state: dict[str, int]
    state_locs: dict[str, Location]
    nodes: dict[str, ScenarioNode]
    """In source order."""
    content_warning: Markdown | None
    opt_out: OptOut | None


@dataclass(frozen=True, slots=True)
class Coaching(Page):
    questions: tuple[CoachingQuestion, ...]


@dataclass(frozen=True, slots=True)
class Reflection(Page):
    framework: str
    """ORID | SBI | free"""
    prompts: tuple[ReflectionPrompt, ...]


@dataclass(frozen=True, slots=True)
class SelfRating(Page):
    scale: tuple[str, ...]
    """Best first, e.g. excellent ... very poor."""
    scenario: str | None
    """Page id of a scenario whose outcome is shown beside the rating."""
    dimensions: tuple[RatingDimension, ...]


@dataclass(frozen=True, slots=True)
class Quiz(Page):
    questions: tuple[QuizQuestion, ...]
    retake: bool = True
    """Once every question is answered and one is wrong, the learner may answer them all again."""


@dataclass(frozen=True, slots=True)
class Example(Page):
    turns: tuple[Turn, ...]


# ---------------------------------------------------------------- course


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    email: str | None
    loc: Location


@dataclass(frozen=True, slots=True)
class ScorePart:
    """A page that counts toward the mastery score, with its weight."""

    page: str
    weight: float
    loc: Location


@dataclass(frozen=True, slots=True)
class XAPISettings:
    endpoint: str | None = None
    auth: str | None = None
    activity_base: str = ""
    homepage: str | None = None
    """None: the runtime uses the package's own origin (docs/xapi.md)."""
    send_reflection_text: bool = False
    version: str = "1.0.3"
    """The xAPI version the runtime announces (X-Experience-API-Version)."""
    loc: Location | None = None


@dataclass(frozen=True, slots=True)
class Course:
    id: str
    title: str
    description: str
    language: str
    version: str
    authors: tuple[Author, ...]
    page_order: tuple[tuple[str, Location], ...]
    """Page ids as listed in course.yaml, with where each is listed."""
    pages: dict[str, Page]
    """Loaded pages by id, in course order."""
    visit: tuple[str, ...]
    """Pages that must be visited for completion."""
    finish: tuple[str, ...]
    """Interactive pages that must be finished for completion."""
    mastery: float | None
    score_parts: tuple[ScorePart, ...]
    theme: str
    xapi: XAPISettings
    content_warning: Markdown | None
    support: Markdown | None
    feelings: tuple[str, ...]
    """The whole vocabulary: built-in plus the course's own."""
    allow_html: bool
    root: str
    """The course folder."""
    loc: Location
    """course.yaml, line 1."""
    keys: dict[str, Location] = field(default_factory=dict)
    """Where each top-level key of course.yaml stands (for diagnostics)."""
    files: tuple[str, ...] = ()
    """Every file in the course folder (relative), for the unused-file check."""
    stand_in: bool = False
    """course.yaml could not be read: this holds the page files its `pages:` lines name,
    loaded so their own mistakes are reported; only the rules of PAGE_RULES
    (compiler.check) run on it."""

    @property
    def slug(self) -> str:
        """The folder's name as an identifier ('Atención al cliente' -> 'atencion-al-cliente'),
        used in package file names."""
        return folder_slug(self.root)

    def ordered_pages(self) -> list[Page]:
        return [self.pages[pid] for pid, _ in self.page_order if pid in self.pages]
