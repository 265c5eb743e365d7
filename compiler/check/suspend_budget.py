"""W005: could the learner's saved state outgrow SCORM 1.2's 4096 characters?

Mirrors the encoding of `compiler/runtime/state.js` (docs/design.md, "Suspend data
encoding") and adds up the longest string any learner could need: every page visited
and finished, every question answered with as many options as it has, every scenario
at its longest path. Free text is left out on purpose: the player cuts texts first and
keeps the full copies in the browser, so texts never push progress out.
"""
from __future__ import annotations

import math
from typing import Iterator

from ..diagnostics import Diagnostic, warning
from ..model import Coaching, Course, Quiz, Reflection, Scenario, SelfRating

LIMIT = 4096
HEADER = 2          # "e1"
MAX_TRIES = 1023    # player.js caps the retry counter, so it costs at most two characters
LOOP_VALUE = 511    # assumed largest |variable| when loops make the real bound infinite


def number_length(value: int) -> int:
    """Characters state.js needs for a non-negative integer (5 bits a character)."""
    value = max(0, int(value))
    length = 1
    while value >= 32:
        value //= 32
        length += 1
    return length


def signed_length(value: int) -> int:
    """Characters for a signed integer (zigzag first, as state.js does)."""
    return number_length(2 * value if value >= 0 else -2 * value - 1)


def bitset_length(size: int) -> int:
    """Characters for a set of indices below `size`: a length, then six bits a character."""
    chars = math.ceil(size / 6)
    return number_length(chars) + chars


def answer_length(chosen: list[int]) -> int:
    """Characters for one answer: 1 + bitset length, then the bitset of chosen indices."""
    chars = math.ceil((max(chosen) + 1) / 6) if chosen else 0
    return number_length(chars + 1) + chars


def _edges(scenario: Scenario) -> dict[str, list[tuple[int, str]]]:
    """Node -> [(choice index, target)] for every branch of every choice."""
    return {nid: [(index, branch.target) for index, choice in enumerate(node.choices)
                  for branch in choice.branches if branch.target in scenario.nodes]
            for nid, node in scenario.nodes.items()}


def longest_path_length(scenario: Scenario) -> tuple[int, bool]:
    """(characters of the longest choice path from the start, whether the graph loops).

    Without loops this is exact (longest path in a DAG, each step costing the characters
    of its choice index). With loops a path can be endless; the estimate is then a path
    through every reachable node once, each step at the dearest choice index, and the
    player drops paths that do not fit (the snapshot still restores the learner)."""
    edges = _edges(scenario)
    if scenario.start not in edges:
        return 0, False
    memo: dict[str, int] = {}
    on_path: set[str] = set()
    looped = False
    # Iterative depth-first search (scenarios can be deeper than Python's recursion limit).
    stack: list[tuple[str, int]] = [(scenario.start, 0)]
    on_path.add(scenario.start)
    while stack:
        node, next_edge = stack[-1]
        targets = edges[node]
        if next_edge < len(targets):
            stack[-1] = (node, next_edge + 1)
            target = targets[next_edge][1]
            if target in on_path:
                looped = True
            elif target not in memo:
                on_path.add(target)
                stack.append((target, 0))
            continue
        memo[node] = max((number_length(index) + memo[target] for index, target in targets
                          if target in memo), default=0)
        on_path.discard(node)
        stack.pop()
    exact = memo[scenario.start]
    if not looped:
        return exact, False
    dearest = max((number_length(i) for targets in edges.values() for i, _ in targets), default=1)
    return dearest * max(0, len(memo) - 1), True


def _variable_bound(scenario: Scenario, name: str, looped: bool) -> int:
    """The largest |value| a variable can reach: start plus every change at most once."""
    if looped:
        return LOOP_VALUE
    total = abs(scenario.state.get(name, 0))
    for node in scenario.nodes.values():
        for choice in node.choices:
            for effect in choice.effects:
                if effect.var == name:
                    total += abs(effect.amount)
    return total


def scenario_length(index: int, scenario: Scenario) -> tuple[int, int]:
    """(snapshot characters, path characters) of one scenario record."""
    nodes = len(scenario.nodes)
    path, looped = longest_path_length(scenario)
    snapshot = (number_length(index) + 1 + number_length(max(nodes - 1, 0)) + number_length(nodes)
                + number_length(MAX_TRIES) + number_length(len(scenario.state))
                + sum(signed_length(-_variable_bound(scenario, name, looped)) for name in scenario.state)
                + bitset_length(nodes))
    steps = path  # characters of the choice indices
    longest_steps = max(0, len(scenario.nodes) - 1)
    return snapshot, number_length(longest_steps + 1) + steps


def answers_length(index: int, page, vocabulary: int) -> int:
    """Characters of one page's answers with every item answered as fully as it can be."""
    if isinstance(page, Quiz):
        items = [[i for i in range(len(q.options))] if q.multiple else [len(q.options) - 1]
                 for q in page.questions]
    elif isinstance(page, SelfRating):
        items = [[max(len(page.scale) - 1, 0)] for _ in page.dimensions]
    elif isinstance(page, Coaching):
        items = [list(range(vocabulary)) if q.answer != "text" else [] for q in page.questions]
    elif isinstance(page, Reflection):
        items = [[] for _ in page.prompts]
    else:
        return 0
    if not items:
        return 0
    return (number_length(index) + number_length(len(items))
            + sum(answer_length(values) for values in items))


def worst_case(course: Course) -> tuple[int, int, str | None]:
    """(characters without paths, characters with the longest paths, id of the dearest
    scenario) for the longest progress any learner could save."""
    pages = course.ordered_pages()
    count = len(pages)
    essential = HEADER + number_length(max(count - 1, 0)) + 2 * bitset_length(count)
    paths = 0
    dearest: tuple[int, str | None] = (0, None)
    scenario_count = answer_count = 0
    for index, page in enumerate(pages):
        if isinstance(page, Scenario):
            snapshot, path = scenario_length(index, page)
            essential += snapshot
            paths += path
            scenario_count += 1
            dearest = max(dearest, (snapshot + path, page.id))
        else:
            size = answers_length(index, page, len(course.feelings))
            essential += size
            answer_count += 1 if size else 0
    essential += number_length(scenario_count) + number_length(answer_count)
    return essential, essential + paths, dearest[1]


def rule(course: Course) -> Iterator[Diagnostic]:
    """W005 when a learner's saved progress could be longer than SCORM 1.2 allows."""
    essential, with_paths, dearest = worst_case(course)
    if essential > LIMIT:
        yield warning(course.loc, "W005",
                      f"suspend data may exceed SCORM 1.2's {LIMIT} characters: saved progress "
                      f"without any text can reach {essential} characters, so a SCORM 1.2 LMS "
                      "could lose answers (split the course, or use SCORM 2004, cmi5 or xAPI)")
    elif with_paths > LIMIT:
        yield warning(course.loc, "W005",
                      f"suspend data may exceed SCORM 1.2's {LIMIT} characters: the longest "
                      f"scenario paths need {with_paths} characters (most in '{dearest}'); the "
                      "learner's place is kept, but after a relaunch the playback may start "
                      "part-way (shorten the scenario or use SCORM 2004, cmi5 or xAPI)")
