"""Paths through a course, computed from the loaded model (never hard-coded), and the
status, score and interactions a learner on such a path must leave in the LMS.

Scenario semantics follow docs/design.md: a choice's effects apply first, then the first
branch whose condition holds is taken; `visited(n)` is true for the start node and every
node reached since.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from compiler.model import BinOp, Course, Not, Num, Quiz, Scenario, Var, Visited

MAX_PATHS = 20000  # enough for the examples; a safety net against huge branching


@dataclass
class State:
    node: str
    vars: dict[str, int]
    seen: list[str]


def evaluate(cond, state: State):
    """A condition's value with the runtime's (JavaScript's) truthiness."""
    if cond is None:
        return True
    if isinstance(cond, Var):
        return state.vars.get(cond.name, 0)
    if isinstance(cond, Num):
        return cond.value
    if isinstance(cond, Visited):
        return cond.node in state.seen
    if isinstance(cond, Not):
        return not evaluate(cond.operand, state)
    if isinstance(cond, BinOp):
        left = evaluate(cond.left, state)
        if cond.op == "and":
            return bool(left and evaluate(cond.right, state))
        if cond.op == "or":
            return bool(left or evaluate(cond.right, state))
        right = evaluate(cond.right, state)
        return {"==": left == right, "!=": left != right, "<": left < right,
                "<=": left <= right, ">": left > right, ">=": left >= right}[cond.op]
    raise TypeError(f"unknown condition {cond!r}")


def offered(scenario: Scenario, state: State):
    return [c for c in scenario.nodes[state.node].choices if evaluate(c.offered_if, state)]


def take(choice, state: State) -> State:
    vars_ = dict(state.vars)
    for effect in choice.effects:
        current = vars_.get(effect.var, 0)
        vars_[effect.var] = (current + effect.amount if effect.op == "+" else
                             current - effect.amount if effect.op == "-" else effect.amount)
    probe = State(state.node, vars_, state.seen)
    target = next((b.target for b in choice.branches if evaluate(b.condition, probe)), None)
    seen = state.seen if target in state.seen else state.seen + [target]
    return State(target, vars_, seen)


@dataclass
class Path:
    """A walk from the start to an ending, without visiting any node twice."""

    choices: list[str] = field(default_factory=list)
    ending: str = ""
    score: float = 0.0


def paths_to_endings(scenario: Scenario) -> list[Path]:
    """Every simple path from the start to an ending (depth first, source order)."""
    found: list[Path] = []
    start = State(scenario.start, dict(scenario.state), [scenario.start])

    def walk(state: State, taken: list[str], on_path: set[str]) -> None:
        if len(found) >= MAX_PATHS:
            return
        node = scenario.nodes[state.node]
        if node.ending is not None:
            found.append(Path(list(taken), node.id, node.ending.score))
            return
        for choice in offered(scenario, state):
            after = take(choice, state)
            if after.node is None or after.node in on_path or after.node not in scenario.nodes:
                continue
            walk(after, taken + [choice.id], on_path | {after.node})

    walk(start, [], {scenario.start})
    return found


def best_path(scenario: Scenario) -> Path:
    """The shortest path to the highest-scoring ending."""
    return min(paths_to_endings(scenario), key=lambda p: (-p.score, len(p.choices)))


def worst_path(scenario: Scenario) -> Path:
    """The shortest path to the lowest-scoring ending."""
    return min(paths_to_endings(scenario), key=lambda p: (p.score, len(p.choices)))


def longest_path(scenario: Scenario) -> Path:
    """The path with the most choices (then the most distinct nodes seen)."""
    return max(paths_to_endings(scenario), key=lambda p: len(p.choices))


# ---------------------------------------------------------------- a learner's plan


@dataclass
class Plan:
    """What the walker is told to do, and what the LMS must then hold."""

    choices: dict[str, list[str]]
    options: dict[str, list[list[str]]]
    endings: dict[str, Path]
    quiz_right: dict[str, list[bool]]

    def for_walker(self) -> dict:
        return {"choices": self.choices, "options": self.options}


def make_plan(course: Course, good: bool) -> Plan:
    """A learner who does well (GOOD: best endings, right answers) or badly."""
    choices, options, endings, right = {}, {}, {}, {}
    for page in course.ordered_pages():
        if isinstance(page, Scenario):
            path = best_path(page) if good else worst_path(page)
            choices[page.id] = path.choices
            endings[page.id] = path
        elif isinstance(page, Quiz):
            picks, marks = [], []
            for q in page.questions:
                correct = [o.id for o in q.options if o.correct]
                wrong = [o.id for o in q.options if not o.correct]
                pick = correct if good or not wrong else wrong[:1]
                picks.append(pick)
                marks.append(set(pick) == set(correct))
            options[page.id] = picks
            right[page.id] = marks
    return Plan(choices, options, endings, right)


def expected_scaled(course: Course, plan: Plan) -> float | None:
    """The weighted score (0..1) the runtime must report after the plan, or None.

    Scenario parts score their ending, quiz parts the fraction right; any other page
    counts 1 once finished (the walker finishes every page)."""
    total = weight = 0.0
    for part in course.score_parts:
        page = course.pages.get(part.page)
        if page is None:
            continue
        if isinstance(page, Scenario):
            score = plan.endings[page.id].score
        elif isinstance(page, Quiz):
            marks = plan.quiz_right[page.id]
            score = sum(marks) / (len(marks) or 1)
        else:
            score = 1.0
        total += score * part.weight
        weight += part.weight
    return round(total / weight, 4) if weight else None


def expected_interactions(course: Course, plan: Plan) -> list[tuple[str, str, str | None]]:
    """(kind, item id, quiz result or None) for every answer the walker gives, in order.

    The walker ticks a feeling and writes text wherever a coaching question asks for
    them: picked feelings are their own interaction ("feelings"), before the text's."""
    out = []
    for page in course.ordered_pages():
        if isinstance(page, Scenario):
            path = plan.endings[page.id]
            state = State(page.start, dict(page.state), [page.start])
            for choice_id in path.choices:
                out.append(("choice", state.node, None))
                choice = next(c for c in page.nodes[state.node].choices if c.id == choice_id)
                state = take(choice, state)
        elif isinstance(page, Quiz):
            for q, ok in zip(page.questions, plan.quiz_right[page.id]):
                out.append(("quiz", q.id, "correct" if ok else "incorrect"))
        elif page.kind == "coaching":
            for q in page.questions:
                if q.answer != "text":
                    out.append(("feelings", q.id, None))
                if q.answer != "feelings":
                    out.append(("coaching", q.id, None))
        elif page.kind == "reflection":
            out += [("reflection", p.id, None) for p in page.prompts]
        elif page.kind == "self-rating":
            out += [("rating", d.id, None) for d in page.dimensions]
    return out
