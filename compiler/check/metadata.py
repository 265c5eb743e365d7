"""Rules about course.yaml's own values: language, identifiers, scores."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import langcodes

from ..diagnostics import Diagnostic, error, warning
from ..model import Course
from .iri import iri_problem
from .yaml_locations import find_value, value_location


def language_tag(course: Course) -> Iterator[Diagnostic]:
    """E106: `language` is not a valid BCP 47 tag (en, de, pt-BR, ...)."""
    tag = course.language
    if not tag:
        return  # missing: the loader's E102
    if "_" in tag:
        problem = f"'{tag}' is not a BCP 47 language tag: use a hyphen, '{tag.replace('_', '-')}'"
        yield error(value_location(course, "language"), "E106", problem)
    elif not langcodes.tag_is_valid(tag):
        yield error(value_location(course, "language"), "E106",
                    f"'{tag}' is not a BCP 47 language tag (like en, de or pt-BR)",
                    _NAMED.get(tag.strip().lower()))


# A language written by its name: the tag it means (the languages authors most often name).
_NAMED = {"english": "en", "spanish": "es", "español": "es", "espanol": "es", "arabic": "ar",
          "french": "fr", "français": "fr", "german": "de", "deutsch": "de", "portuguese": "pt",
          "italian": "it", "dutch": "nl", "polish": "pl", "chinese": "zh", "japanese": "ja",
          "korean": "ko", "russian": "ru", "turkish": "tr", "hindi": "hi"}


def identifiers(course: Course) -> Iterator[Diagnostic]:
    """E105: the course id or an xAPI address is not an absolute IRI."""
    xapi = course.xapi
    checks = [(("id",), course.id, False, "the course id"),
              (("xapi", "activity_base"), xapi.activity_base, False, "xapi.activity_base"),
              (("xapi", "endpoint"), xapi.endpoint, True, "xapi.endpoint"),
              (("xapi", "homepage"), xapi.homepage, True, "xapi.homepage")]
    for steps, value, web_only, name in checks:
        problem = iri_problem(value, web_only=web_only) if value else None  # missing: E102
        # An xAPI value the author did not write is a default built from the course id,
        # whose own problem is reported once, on the id.
        if problem and (steps[0] != "xapi" or find_value(course, *steps) is not None):
            yield error(value_location(course, *steps), "E105",
                        f"{name} '{value}' is not an absolute IRI: {problem}")
    for steps, value, name in ((("id",), course.id, "the course id"),
                               (("xapi", "activity_base"), xapi.activity_base, "xapi.activity_base")):
        parts = urlsplit(value or "")
        if (parts.query or parts.fragment or value.rstrip().endswith(("?", "#"))) and \
                (steps[0] != "xapi" or find_value(course, *steps) is not None):
            # Activity ids are made by adding to it (`<id>/page/welcome`): after a '?' or '#'
            # they would all be one web page's address with different queries or anchors.
            yield error(value_location(course, *steps), "E105",
                        f"{name} '{value}' has a '?' or '#' part: activity ids are made by adding "
                        "to it, so it must end with its path", value.split("?")[0].split("#")[0])
    if xapi.endpoint and "@" in urlsplit(xapi.endpoint).netloc:
        # Browsers refuse to fetch such an address, and it would ship the secret to learners.
        yield error(value_location(course, "xapi", "endpoint"), "E105",
                    "xapi.endpoint holds a user name or password, which browsers refuse to send "
                    "to: write the address alone, and give the credential as xapi.auth (a "
                    "write-only one) or as the 'auth' launch parameter")


def mastery_score(course: Course) -> Iterator[Diagnostic]:
    """E107: the mastery score is not between 0 and 1, or has more than 4 decimals (what
    manifests carry: SCORM 1.2 a percentage with 2; the LMS and the course would disagree
    on a score between the two)."""
    if course.mastery is None:
        return
    if not 0 <= course.mastery <= 1:
        yield error(value_location(course, "mastery", "score"), "E107",
                    f"mastery score {course.mastery:.15g} is outside 0..1 (0.7 means 70%)")
    elif round(course.mastery, 4) != course.mastery:
        yield error(value_location(course, "mastery", "score"), "E107",
                    f"mastery score {course.mastery:.15g} has more than 4 decimals: LMSs keep 4 (a "
                    "percentage with 2), and would judge some scores otherwise than the course",
                    f"{round(course.mastery, 4):.4g}")


def mastery_without_counts(course: Course) -> Iterator[Diagnostic]:
    """E102: a mastery score is set but nothing counts toward it, so nobody could ever pass.

    Without `counts:` every scenario and quiz counts (the loader fills them in), so this
    is a course with a pass mark and nothing scored in it.
    """
    if course.mastery is not None and not course.score_parts:
        yield error(value_location(course, "mastery"), "E102",
                    "a mastery score is set but the course has no scenario or quiz to score, so "
                    "no learner can pass: add one, or remove 'mastery:'")


def player_language(course: Course) -> Iterator[Diagnostic]:
    """W008: no player catalogue for the course's language: buttons and messages would be English."""
    tag = course.language.replace("_", "-")
    if not tag or not langcodes.tag_is_valid(tag):
        return  # E106 already
    primary = tag.split("-")[0].lower()
    catalogues = Path(__file__).resolve().parent.parent / "catalogues"
    if not (catalogues / f"{primary}.json").is_file() and not (catalogues / f"{tag}.json").is_file():
        shipped = sorted(p.stem for p in catalogues.glob("*.json"))
        yield warning(value_location(course, "language"), "W008",
                      f"the player has no strings in '{tag}' (it has {', '.join(shipped)}): "
                      "learners will see its buttons and messages in English (your own text "
                      "stays as you wrote it); a catalogue for the language has to be added to "
                      "empathy itself")
