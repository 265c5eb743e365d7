"""The built-in feelings vocabulary.

Scenario nodes, endings and the coaching feelings picker name feelings from one
shared list, so analytics can count which feelings learners recognise. A course
adds its own words with `feelings:` in course.yaml.
"""
from __future__ import annotations

from typing import Iterable

# Words often used in empathy and nonviolent-communication training, grouped
# loosely (unmet needs first, then met needs) so the picker reads naturally.
BUILTIN: tuple[str, ...] = (
    # when things go wrong
    "frustrated", "angry", "annoyed", "irritated", "furious", "impatient",
    "embarrassed", "ashamed", "humiliated", "guilty",
    "anxious", "worried", "afraid", "scared", "nervous", "panicked", "insecure",
    "confused", "lost", "uncertain", "suspicious",
    "disappointed", "sad", "discouraged", "hopeless", "helpless", "lonely",
    "overwhelmed", "stressed", "exhausted", "tired", "rushed",
    "hurt", "ignored", "dismissed", "disrespected", "betrayed", "let down",
    "powerless", "trapped", "defensive", "resentful", "shocked", "skeptical",
    "uneasy", "insulted", "resigned",
    # when things go right
    "relieved", "reassured", "respected", "calm", "grateful", "hopeful",
    "understood", "confident", "heard", "valued", "safe", "comfortable",
    "satisfied", "pleased", "curious", "encouraged", "trusting", "supported",
    "welcome", "content",
)


def normalise(name: str) -> str:
    """The form a feeling is compared in: lower case, single spaces."""
    return " ".join(name.lower().split())


def vocabulary(extra: Iterable[str] = ()) -> tuple[str, ...]:
    """Built-in words followed by the course's own, without duplicates, in order."""
    seen: dict[str, None] = {}
    for word in (*BUILTIN, *extra):
        word = normalise(word)
        if word:
            seen.setdefault(word, None)
    return tuple(seen)
