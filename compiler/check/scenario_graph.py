"""Rules about the shape of a scenario: where choices lead, what can be reached, how it ends.

The graph has an edge for every branch of every choice, whatever its condition: a
condition only decides which edge a learner takes, and the checks should not guess
the learner's state.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from ..diagnostics import Diagnostic, error, suggest, warning
from ..model import Course, Location, Scenario, Visited
from .walk import scenario_conditions, scenarios
from .yaml_locations import front_matter_location, page_parts


def _edges(scenario: Scenario) -> dict[str, list[str]]:
    """Node id -> ids of the nodes its choices can lead to.

    A choice to an unknown node (E201) is taken to lead to the node it most likely
    meant (the one E201 suggests), so a typo does not make that node look unreachable
    and the rules can still speak about every other node.
    """
    return {node_id: [target for choice in node.choices for branch in choice.branches
                      if (target := _meant(branch.target, scenario)) is not None]
            for node_id, node in scenario.nodes.items()}


def _meant(target: str, scenario: Scenario) -> str | None:
    """The node a branch leads to: itself if it exists, else the close match E201 suggests."""
    return target if target in scenario.nodes else suggest(target, scenario.nodes)


def _unknowable_targets(scenario: Scenario, nodes: set[str]) -> bool:
    """Whether one of `nodes` has a choice to an unknown node with no close match: it
    could have meant any node, so nothing can be said about what is unreached."""
    return any(_meant(branch.target, scenario) is None
               for node_id in nodes for choice in scenario.nodes[node_id].choices
               for branch in choice.branches)


def _reachable(start: Iterable[str], edges: dict[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    stack = [node for node in start if node in edges]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(edges[node])
    return seen


def _has_ending(scenario: Scenario) -> bool:
    return any(node.ending is not None for node in scenario.nodes.values())


def unknown_targets(course: Course) -> Iterator[Diagnostic]:
    """E201: a choice branch, or the scenario's start, names a node that does not exist.

    When a line of the page looks like that node's heading written wrongly (`### Walked
    off {#walked-off}`, `## Walked off {walked-off}`, `##Walked off`), the message says
    which line and how to write it, instead of suggesting a node.
    """
    for scenario in scenarios(course):
        if not scenario.nodes:
            continue
        if scenario.start not in scenario.nodes:
            yield _unknown(scenario, scenario.start, front_matter_location(scenario, "start"),
                           "the scenario starts at")
        for node in scenario.nodes.values():
            for choice in node.choices:
                for branch in choice.branches:
                    if branch.target not in scenario.nodes:
                        yield _unknown(scenario, branch.target, branch.loc, "choice leads to")


def _unknown(scenario: Scenario, target: str, loc: Location, what: str) -> Diagnostic:
    message = f"{what} unknown node '{target}'"
    heading = _heading_meant(scenario, target)
    if heading is None:
        return error(loc, "E201", message, suggest(target, scenario.nodes))
    line, title = heading
    return error(loc, "E201", f"{message}: line {line} looks meant to be that node; write its heading "
                              f"'## {title} {{#{target}}}' (two '#', a space, and '#' inside the braces)")


# A line that starts like a heading, with an id in braces or none: `### Walked off {#walked-off}`,
# `## Walked off {walked-off}`, `##Walked off`.
_HEADING_LIKE = re.compile(r"^ {0,3}#+[ \t]*(?P<title>[^{]*?)[ \t#]*(?:\{#?(?P<id>[^}]*)\})?[ \t]*$")


def _heading_meant(scenario: Scenario, target: str) -> tuple[int, str] | None:
    """The line number and title of a heading-like line of the scenario's page that names
    `target` (by its id in braces, or by its title), compared on letters and digits only."""
    wanted = _letters(target)
    _, first, body = page_parts(scenario.path)
    for number, line in enumerate(body, start=first):
        m = _HEADING_LIKE.match(line)
        if not m or (m["id"] or "").strip() in scenario.nodes:  # the heading of another node
            continue
        if wanted and _letters(m["id"] if m["id"] is not None else m["title"]) == wanted:
            return number, m["title"].strip() or target
    return None


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def unknown_visited_nodes(course: Course) -> Iterator[Diagnostic]:
    """E206: `visited(x)` in a condition where x is not a node of the scenario."""
    for scenario in scenarios(course):
        for part in scenario_conditions(scenario):
            if isinstance(part, Visited) and part.node not in scenario.nodes:
                yield error(part.loc, "E206",
                            f"visited() names unknown node '{part.node}'",
                            suggest(part.node, scenario.nodes))


def scenario_without_ending(course: Course) -> Iterator[Diagnostic]:
    """E205: no node of the scenario is an ending, so a learner can never finish it."""
    for scenario in scenarios(course):
        if scenario.nodes and not _has_ending(scenario):
            yield error(scenario.loc, "E205",
                        f"scenario '{scenario.id}' has no ending: give at least one node "
                        "an 'ending:' field")


def unreachable_nodes(course: Course) -> Iterator[Diagnostic]:
    """E202: no path of choices leads from the start to the node."""
    for scenario in scenarios(course):
        if scenario.start not in scenario.nodes:
            continue  # reported by unknown_targets; every node would look unreachable
        reached = _reachable([scenario.start], _edges(scenario))
        if _unknowable_targets(scenario, reached):
            continue  # reported by unknown_targets; the typo may lead anywhere
        for node_id, node in scenario.nodes.items():
            if node_id not in reached:
                yield error(node.loc, "E202",
                            f"node '{node_id}' cannot be reached from the start "
                            f"('{scenario.start}'): no choice leads to it")


def dead_ends(course: Course) -> Iterator[Diagnostic]:
    """E203: from the node, no path of choices reaches an ending (the learner is stuck).

    Nodes without choices are left to `nodes_without_choices`, which says more precisely
    what is wrong with them.
    """
    for scenario in scenarios(course):
        if not _has_ending(scenario):
            continue  # reported once by scenario_without_ending
        edges = _edges(scenario)
        backwards: dict[str, list[str]] = {node_id: [] for node_id in edges}
        for source, targets in edges.items():
            for target in targets:
                backwards[target].append(source)
        # A choice to an unknown node with no close match (E201) may well lead to an
        # ending once the typo is fixed: count it as one rather than call the node a dead end too.
        exits = [node_id for node_id, node in scenario.nodes.items()
                 if node.ending is not None or any(
                     not choice.branches or any(_meant(b.target, scenario) is None for b in choice.branches)
                     for choice in node.choices)]
        can_finish = _reachable(exits, backwards)
        for node_id, node in scenario.nodes.items():
            if node_id not in can_finish and node.choices:
                yield error(node.loc, "E203",
                            f"no ending can be reached from node '{node_id}': every path "
                            "from here loops or stops without an ending")


def nodes_without_choices(course: Course) -> Iterator[Diagnostic]:
    """E208: a node that is not an ending offers nothing to say or do."""
    for scenario in scenarios(course):
        for node_id, node in scenario.nodes.items():
            if node.ending is None and not node.choices:
                yield error(node.loc, "E208",
                            f"node '{node_id}' has no choices and is not an ending: add "
                            "choices ('* words -> node') or an 'ending:' field")


def endings_with_choices(course: Course) -> Iterator[Diagnostic]:
    """E209: an ending also offers choices, which the learner would never see."""
    for scenario in scenarios(course):
        for node_id, node in scenario.nodes.items():
            if node.ending is not None and node.choices:
                yield error(node.choices[0].loc, "E209",
                            f"node '{node_id}' is an ending, so the conversation stops here and its "
                            "choices are never offered: remove the choices, or remove 'ending:' "
                            "and lead them to an ending")


def choices_without_feedback(course: Course) -> Iterator[Diagnostic]:
    """W001: a choice gives the learner no immediate feedback."""
    for scenario in scenarios(course):
        for node in scenario.nodes.values():
            for choice in node.choices:
                if choice.feedback is None or not choice.feedback.source.strip():
                    yield warning(choice.loc, "W001",
                                  "choice has no feedback: add a 'feedback:' line so the "
                                  "learner hears why this choice helps or hurts")
