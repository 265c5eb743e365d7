"""Rules about a scenario's state variables (trust, calm, fairness, ...).

A variable is declared in the scenario's front matter (`state:`), changed by choices
(`set: trust + 1`) and read by conditions (`if trust >= 2`).
"""
from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic, error, suggest, warning
from ..model import BinOp, Course, Var
from .walk import condition_parts, scenario_conditions, scenario_effects, scenarios


def unknown_variables(course: Course) -> Iterator[Diagnostic]:
    """E204: a condition reads a variable that is neither declared nor set by any choice."""
    for scenario in scenarios(course):
        set_by_choices = {effect.var for effect in scenario_effects(scenario)}
        known = set(scenario.state) | set_by_choices
        for part in scenario_conditions(scenario):
            if isinstance(part, Var) and part.name not in known:
                yield error(part.loc, "E204",
                            f"variable '{part.name}' is used here but never set: declare it "
                            "under 'state:' in the front matter",
                            suggest(part.name, known))


def effects_on_undeclared_variables(course: Course) -> Iterator[Diagnostic]:
    """E207: a choice changes a variable the scenario does not declare under `state:`."""
    for scenario in scenarios(course):
        for effect in scenario_effects(scenario):
            if effect.var not in scenario.state:
                yield error(effect.loc, "E207",
                            f"choice changes variable '{effect.var}', which is not declared "
                            "under 'state:' in the front matter",
                            suggest(effect.var, scenario.state))


def unread_variables(course: Course) -> Iterator[Diagnostic]:
    """W007: a declared variable is never read by any condition, so it changes nothing."""
    for scenario in scenarios(course):
        if not scenario.nodes:
            continue  # the scenario is not written yet (E205): nothing could read anything
        read = {part.name for part in scenario_conditions(scenario) if isinstance(part, Var)}
        # A misspelt read (E204) most likely meant the declared name it resembles.
        read |= {suggest(name, scenario.state) for name in read - set(scenario.state)}
        for name in scenario.state:
            if name not in read:
                loc = scenario.state_locs.get(name, scenario.loc)
                yield warning(loc, "W007",
                              f"variable '{name}' is declared but no condition reads it, so "
                              "it never changes what the learner sees")


def unchanged_variables(course: Course) -> Iterator[Diagnostic]:
    """W010: a condition reads a declared variable that no choice ever changes, so the
    condition always gives the same answer (often a `set:` that was forgotten)."""
    for scenario in scenarios(course):
        changed = {effect.var for effect in scenario_effects(scenario)}
        # A fixed threshold compared with a variable that does change (`trust > patience`)
        # is a constant by design, and the comparison still changes its answer.
        thresholds = {name for part in scenario_conditions(scenario) if isinstance(part, BinOp)
                      and part.op not in ("and", "or") for name in _compared_with_a_change(part, changed)}
        first_read: dict[str, int] = {}
        for part in scenario_conditions(scenario):
            if isinstance(part, Var) and part.name in scenario.state and part.name not in changed | thresholds:
                first_read[part.name] = min(first_read.get(part.name, part.loc.line), part.loc.line)
        for name, line in first_read.items():
            yield warning(scenario.state_locs.get(name, scenario.loc), "W010",
                          f"variable '{name}' is read by a condition (line {line}) but no choice changes "
                          f"it, so it stays {scenario.state[name]} and the condition always gives the same "
                          f"answer: add a 'set: {name} + 1' where it should change")


def _compared_with_a_change(comparison: BinOp, changed: set[str]) -> set[str]:
    """The variables read in COMPARISON when the other side reads one that changes."""
    sides = [{p.name for p in condition_parts(side) if isinstance(p, Var)}
             for side in (comparison.left, comparison.right)]
    left, right = sides
    return (right if left & changed else set()) | (left if right & changed else set())
