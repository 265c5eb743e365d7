"""Rules that play a scenario as learners would: every path, with its state.

The graph rules (scenario_graph.py) count every edge whatever its condition. This one
follows the conditions as the player does (compiler/runtime/kinds.js: a choice is offered
when its `if:` holds; its effects apply, then the first branch whose condition holds is
taken; `visited(x)` is true once the attempt has been at x, the start included), from
the start and the declared values, and finds where a real learner would be stuck:

- at a node that is not an ending, with no choice offered (every `if:` is false);
- on a choice whose branches all have conditions and none holds (nothing happens).

Only what conditions can tell apart is tracked: variables read by an `if:` or a branch,
and nodes named by `visited()`. Paths are explored breadth first, so each report names a
shortest path to the problem; a scenario whose state can grow without end (a loop that
keeps adding) is explored up to LIMIT states, and every report is still a real path.
"""
from __future__ import annotations

import operator
from collections import deque
from typing import Callable, Iterator

from ..diagnostics import Diagnostic, error
from ..model import BinOp, Choice, Condition, Course, Not, Num, Scenario, Var, Visited
from .walk import scenario_conditions, scenarios

LIMIT = 10_000
"""States explored per scenario at most (a 500-node scenario without conditions has none)."""

_COMPARE = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
            ">": operator.gt, ">=": operator.ge}


def _compiled(cond: Condition | None) -> Callable[[dict[str, int], frozenset[str]], int | bool]:
    """A condition as a function of (values, seen) computing what the player's `ev` does
    (None holds). Compiled once per condition: a scenario is played many thousand times."""
    if cond is None:
        return lambda values, seen: True
    if isinstance(cond, Num):
        number = cond.value
        return lambda values, seen: number
    if isinstance(cond, Var):
        name = cond.name
        return lambda values, seen: values.get(name, 0)
    if isinstance(cond, Visited):
        node = cond.node
        return lambda values, seen: node in seen
    if isinstance(cond, Not):
        operand = _compiled(cond.operand)
        return lambda values, seen: not operand(values, seen)
    if isinstance(cond, BinOp):
        left, right = _compiled(cond.left), _compiled(cond.right)
        if cond.op == "and":
            return lambda values, seen: bool(left(values, seen) and right(values, seen))
        if cond.op == "or":
            return lambda values, seen: bool(left(values, seen) or right(values, seen))
        compare = _COMPARE[cond.op]
        return lambda values, seen: compare(left(values, seen), right(values, seen))
    return lambda values, seen: False


def _apply(choice: Choice, values: dict[str, int]) -> dict[str, int]:
    after = dict(values)
    for effect in choice.effects:
        current = after.get(effect.var, 0)
        after[effect.var] = (current + effect.amount if effect.op == "+" else
                             current - effect.amount if effect.op == "-" else effect.amount)
    return after


def _words(choice: Choice) -> str:
    text = " ".join(choice.text.source.split())
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _described(path: tuple[Choice, ...], values: dict[str, int], read: list[str]) -> str:
    way = "at the start" if not path else "after " + " -> ".join(_words(c) for c in path)
    state = ", ".join(f"{name} {values.get(name, 0)}" for name in read)
    return way + (f", with {state}" if state else "")


def stuck_learners(course: Course) -> Iterator[Diagnostic]:
    """E210: on some path the learner is offered no choice, or picks one that leads nowhere."""
    for scenario in scenarios(course):
        if scenario.start not in scenario.nodes:
            continue  # E201
        parts = list(scenario_conditions(scenario, texts=False))
        if not parts:
            continue  # every choice is always offered and always leads somewhere
        read = sorted({p.name for p in parts if isinstance(p, Var)})
        named = {p.node for p in parts if isinstance(p, Visited)}
        yield from _explore(scenario, read, named)


def _explore(scenario: Scenario, read: list[str], named: set[str]) -> Iterator[Diagnostic]:
    offers = {id(c): _compiled(c.offered_if) for n in scenario.nodes.values() for c in n.choices}
    leads = {id(c): [(_compiled(b.condition), b.target) for b in c.branches]
             for n in scenario.nodes.values() for c in n.choices}
    values = {name: scenario.state.get(name, 0) for name in scenario.state}
    start_seen = frozenset({scenario.start} & named)
    first = (scenario.start, tuple(values.get(n, 0) for n in read), start_seen)
    # Effects on variables no condition reads cannot change where anyone goes: the state
    # kept per path is the read variables and the visited() nodes.
    queue = deque([(scenario.start, values, start_seen, ())])
    known = {first}
    reported: set[tuple[str, str]] = set()
    while queue:
        node_id, values, seen, path = queue.popleft()
        node = scenario.nodes.get(node_id)
        if node is None or node.ending is not None or not node.choices:
            continue  # unknown (E201), an ending, or no choices at all (E208)
        offered = [c for c in node.choices if offers[id(c)](values, seen)]
        if not offered and ("node", node_id) not in reported:
            reported.add(("node", node_id))
            yield error(node.loc, "E210",
                        f"a learner can reach node '{node_id}' with none of its choices offered "
                        f"({_described(path, values, read)}): every choice has an 'if:' that is false "
                        "then; give one choice no 'if:' so there is always a way on")
        for choice in offered:
            if not choice.branches:
                continue  # its `->` did not parse (E006): where it leads is unknown
            after = _apply(choice, values)
            target = next((to for holds, to in leads[id(choice)] if holds(after, seen)), None)
            if target is None:
                if ("choice", choice.loc) not in reported:
                    reported.add(("choice", choice.loc))
                    yield error(choice.loc, "E210",
                                f"choice {_words(choice)} leads nowhere on some paths "
                                f"({_described(path, values, read)}, none of its branch conditions "
                                "holds): end its list of branches with one that has no condition")
                continue
            now_seen = seen | ({target} & named)
            key = (target, tuple(after.get(n, 0) for n in read), now_seen)
            if key in known or len(known) >= LIMIT:
                continue
            known.add(key)
            queue.append((target, after, now_seen, path + (choice,)))
