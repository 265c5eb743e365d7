"""Did a relaunch put the learner back where they left (CONFORMANCE 16)?

Compares two `Launch.snapshot()`s, the one taken just before the learner left and the
one after the relaunch: the player's state (position, scenario snapshots, answers,
texts) and what `<main>` shows. Messages name pages, nodes and variables by their ids
(course.json), not by the indices the state holds.
"""
from __future__ import annotations

import json

from .report import Problem

SCENARIO_FIELDS = ("node", "vars", "seen", "best", "tries", "accepted", "optedOut", "feedback", "path")
TRIMMABLE = ("texts", "answers")
"""Kept only as far as the suspend-data budget allows (docs/design.md): compared with
what was saved, not with what the learner had."""


def expected_state(left: dict, saved: dict | None) -> dict:
    """What a resume must restore: the learner's state when they left, except the parts
    the suspend-data budget may cut (texts, answers, scenario paths), which must match
    what was saved (SAVED: the last suspend data, decoded by the package's own codec)."""
    want = json.loads(json.dumps(left))
    if not saved:
        return want
    for key in TRIMMABLE:
        if key in saved:
            want[key] = saved[key]
    for page, scenario in want.get("scenarios", {}).items():
        kept = saved.get("scenarios", {}).get(page)
        if kept is not None and "path" in kept:
            scenario["path"] = kept["path"]
    return want


def compare(left: dict, resumed: dict, saved: dict | None, course: dict | None) -> list[Problem]:
    """Every difference between LEFT (before leaving) and RESUMED (after the relaunch)."""
    want = expected_state(left.get("state") or {}, saved)
    got = resumed.get("state") or {}
    if not left.get("state") or not got:
        return [Problem("runtime", "the player's state could not be read (EmpathyPlayer.state)", 16)]
    names = _Names(course)
    problems = []
    for key, what in (("visited", "pages visited"), ("done", "pages finished")):
        if sorted(want.get(key, [])) != sorted(got.get(key, [])):
            problems.append(_differs(what, names.pages(want.get(key, [])), names.pages(got.get(key, []))))
    scenarios_want, scenarios_got = want.get("scenarios", {}), got.get("scenarios", {})
    for page in sorted(set(scenarios_want) | set(scenarios_got), key=_int):
        a, b = scenarios_want.get(page), scenarios_got.get(page)
        where = f"scenario {names.page(page)!r}"
        if a is None or b is None:
            problems.append(Problem("runtime", f"after resume, {where}: "
                                    f"{'there, but the learner had not started it' if a is None else 'gone'}", 16))
            continue
        changes = [f"{field} {_show(names.scenario(page, field, a.get(field)))} -> "
                   f"{_show(names.scenario(page, field, b.get(field)))}"
                   for field in SCENARIO_FIELDS if a.get(field) != b.get(field)]
        if changes:
            problems.append(Problem("runtime", f"after resume, {where} is not as the learner left "
                                    f"it (left -> resumed): {'; '.join(changes)}", 16))
    for key, what in (("answers", "answers"), ("texts", "typed texts")):
        a, b = want.get(key, {}), got.get(key, {})
        for item in sorted(set(a) | set(b), key=_int):
            if a.get(item) != b.get(item):
                problems.append(_differs(f"{what} on {names.item(item)!r}", a.get(item), b.get(item)))
    if problems:
        return problems
    # The same state should look the same: what the page shows, and its inputs.
    if left.get("text") != resumed.get("text"):
        problems.append(_differs("the text of the page", *_around_difference(left.get("text", ""),
                                                                              resumed.get("text", ""))))
    if left.get("fields") != resumed.get("fields"):
        problems.append(_differs("the page's inputs", left.get("fields"), resumed.get("fields")))
    return problems


def _differs(what: str, before, after) -> Problem:
    return Problem("runtime", f"after resume, {what}: left {_show(before)}, "
                   f"resumed {_show(after)}", 16)


def _show(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."


def _around_difference(a: str, b: str) -> tuple[str, str]:
    """The two texts from a little before where they first differ."""
    i = next((n for n, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    start = max(0, i - 20)
    return (("…" if start else "") + a[start:start + 80], ("…" if start else "") + b[start:start + 80])


def _int(key: str):
    head = str(key).split(".")[0]
    return (int(head) if head.isdigit() else 0, str(key))


class _Names:
    """Page, node and variable ids for the indices in a player state."""

    def __init__(self, course: dict | None):
        self.course_pages = (course or {}).get("pages") or []

    def _page(self, index):
        try:
            return self.course_pages[int(index)]
        except (ValueError, IndexError, TypeError):
            return None

    def page(self, index) -> str:
        page = self._page(index)
        return page.get("id", str(index)) if page else str(index)

    def pages(self, indices) -> list[str]:
        return [self.page(i) for i in sorted(indices)]

    def item(self, key: str) -> str:
        head, _, rest = str(key).partition(".")
        return self.page(head) + (f" item {rest}" if rest else "")

    def scenario(self, page_index, field: str, value):
        page = self._page(page_index) or {}
        nodes = list((page.get("nodes") or {}).keys())
        variables = list((page.get("state") or {}).keys())

        def node(i):
            return nodes[i] if isinstance(i, int) and 0 <= i < len(nodes) else i

        if field in ("node", "best") and isinstance(value, int):
            return node(value) if value >= 0 else None
        if field == "seen" and isinstance(value, list):
            return [node(i) for i in value]
        if field == "vars" and isinstance(value, list) and len(value) == len(variables):
            return dict(zip(variables, value))
        return value
