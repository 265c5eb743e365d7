"""The check stage: an ordered list of named rules run over a loaded Course.

Each rule is a small function `(course) -> Iterable[Diagnostic]`. Rules never raise on
a strange model; if one does anyway, `run_checks` reports it as an internal error
(E900) and the other rules still run.
"""
from __future__ import annotations

from typing import Callable, Iterable

from ..diagnostics import Diagnostic, error
from ..model import Course, Location
from . import (contents, feelings, files, media, metadata, references, scenario_graph, scenario_paths,
               suspend_budget, theme, variables, xapi_settings)

Rule = Callable[[Course], Iterable[Diagnostic]]

RULES: list[tuple[str, Rule]] = [
    # course.yaml values
    ("language-tag", metadata.language_tag),
    ("player-language", metadata.player_language),
    ("identifiers", metadata.identifiers),
    ("mastery-score", metadata.mastery_score),
    ("mastery-without-counts", metadata.mastery_without_counts),
    ("lrs-credential", xapi_settings.lrs_credential),
    ("theme", theme.theme_found),
    # references between pages
    ("completion-pages", references.completion_pages),
    ("mastery-pages", references.mastery_pages),
    ("opt-out-targets", references.opt_out_targets),
    ("self-rating-scenarios", references.self_rating_scenarios),
    ("unknown-links", references.unknown_links),
    # pages
    ("empty-pages", contents.empty_pages),
    ("scale-steps", contents.scale_steps),
    # scenario graphs
    ("unknown-targets", scenario_graph.unknown_targets),
    ("unknown-visited-nodes", scenario_graph.unknown_visited_nodes),
    ("scenario-without-ending", scenario_graph.scenario_without_ending),
    ("unreachable-nodes", scenario_graph.unreachable_nodes),
    ("dead-ends", scenario_graph.dead_ends),
    ("nodes-without-choices", scenario_graph.nodes_without_choices),
    ("endings-with-choices", scenario_graph.endings_with_choices),
    ("stuck-learners", scenario_paths.stuck_learners),
    ("choices-without-feedback", scenario_graph.choices_without_feedback),
    # scenario state
    ("unknown-variables", variables.unknown_variables),
    ("effects-on-undeclared-variables", variables.effects_on_undeclared_variables),
    ("unread-variables", variables.unread_variables),
    ("unchanged-variables", variables.unchanged_variables),
    # learners
    ("scenario-content-warnings", feelings.scenarios_without_content_warning),
    ("unknown-feelings", feelings.unknown_feelings),
    ("feelings-told-apart", feelings.feelings_told_apart),
    ("images-without-alt-text", media.images_without_alt_text),
    # files
    ("missing-media", media.missing_media),
    ("unused-files", files.unused_files),
    # packages
    ("suspend-data-budget", suspend_budget.rule),
]


# The rules about one page file at a time: all that runs on a stand-in course (course.yaml
# could not be read, so its settings, page list, vocabulary and theme are unknown, and
# so is which page ids exist).
PAGE_RULES = frozenset({
    "empty-pages", "scale-steps",
    "unknown-targets", "unknown-visited-nodes", "scenario-without-ending", "unreachable-nodes", "dead-ends",
    "nodes-without-choices", "endings-with-choices", "stuck-learners", "choices-without-feedback",
    "unknown-variables", "effects-on-undeclared-variables", "unread-variables", "unchanged-variables",
    "images-without-alt-text", "missing-media",
})


# The rules whose findings in a page do not depend on its front matter (its start node,
# declared state, content warning, opt-out, scale, linked scenario): all that is kept in
# a page whose front matter did not read (`Page.front_matter_read`).
WITHOUT_FRONT_MATTER = frozenset({
    "unknown-links", "empty-pages", "unknown-targets", "unknown-visited-nodes", "scenario-without-ending",
    "nodes-without-choices", "endings-with-choices", "choices-without-feedback", "unknown-feelings",
    "feelings-told-apart", "images-without-alt-text", "missing-media",
})


# Conclusions drawn from something being absent (no path here, no reader of a variable,
# no ending, no warning). When the loader could not read part of a file, the missing
# part may be exactly what these rules would have found, so they stay silent there
# until the loader's errors are fixed.
FROM_ABSENCE = frozenset({"E202", "E203", "E205", "E208", "W002", "W007", "W010"})


# Conclusions that need course.yaml's list of pages: unknown pages, unused files.
NEED_PAGE_LIST = frozenset({"E108", "E303", "W004"})


def check_loaded(course: Course | None, load_diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The loader's diagnostics plus the rules' (when a model was built), each mistake once.

    A rule's finding is dropped when the loader already reported the same code at the
    same place, when it is a conclusion from absence (FROM_ABSENCE) in a file where the
    loader reported an error, or when it would need front matter that did not read
    (WITHOUT_FRONT_MATTER). On a stand-in course only PAGE_RULES run.
    """
    diagnostics: list[Diagnostic] = []
    seen: set[tuple] = set()
    for d in load_diagnostics:  # a YAML alias repeats a value: one report is enough
        if (d.loc, d.code, d.message) not in seen:
            seen.add((d.loc, d.code, d.message))
            diagnostics.append(d)
    if course is None:
        return diagnostics
    seen = {(d.loc, d.code) for d in diagnostics}
    # (A choice to a misspelt node (E201) is not a reason to stay silent: the graph rules
    # themselves follow it to the node it most likely meant.)
    broken_files = {d.loc.path for d in diagnostics if d.severity == "error"}
    # Only a page list that could not be read hides the rules that need it; a page listed
    # twice or missing its file still leaves the list known.
    pages_unread = any(d.code == "E103" and _in_page_list(course, d.loc) for d in diagnostics)
    unread = {page.path for page in course.pages.values() if not page.front_matter_read}
    for name, rule in RULES:
        if course.stand_in and name not in PAGE_RULES:
            continue
        for found in run_checks(course, [(name, rule)]):
            if found.loc.path in unread and name not in WITHOUT_FRONT_MATTER:
                continue
            if (found.loc, found.code) in seen:
                continue
            if found.code in FROM_ABSENCE and found.loc.path in broken_files:
                continue
            if found.code in NEED_PAGE_LIST and pages_unread:  # course.yaml's page list may be what is broken
                continue
            seen.add((found.loc, found.code))
            diagnostics.append(found)
    return diagnostics


def _in_page_list(course: Course, loc: Location) -> bool:
    """Whether `loc` lies in course.yaml's `pages:` entry (from its key to the next key)."""
    start = course.keys.get("pages")
    if start is None or loc.path != start.path:
        return False
    after = [k.line for k in course.keys.values() if k.line > start.line]
    return start.line <= loc.line < min(after, default=loc.line + 1)


def run_checks(course: Course, rules: list[tuple[str, Rule]] | None = None) -> list[Diagnostic]:
    """Run every rule (or the given ones) in order and return all their diagnostics."""
    found: list[Diagnostic] = []
    for name, rule in RULES if rules is None else rules:
        try:
            found.extend(rule(course))
        except Exception as exc:  # noqa: BLE001 - a bug in one rule must not hide the others
            found.append(error(course.loc, "E900",
                               f"internal error in check rule '{name}': "
                               f"{type(exc).__name__}: {exc} (please report this)"))
    return found
