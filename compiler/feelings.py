"""The built-in feelings vocabulary (English, Spanish and Arabic).

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


# Spanish: the same ground in words a Spanish-speaking trainer would use
# (masculine singular, as authors usually list them).
BUILTIN_ES: tuple[str, ...] = (
    "frustrado", "enfadado", "molesto", "irritado", "furioso", "impaciente",
    "avergonzado", "humillado", "culpable",
    "ansioso", "preocupado", "asustado", "nervioso", "inseguro",
    "confundido", "perdido", "desconfiado",
    "decepcionado", "triste", "desanimado", "impotente", "solo",
    "agobiado", "estresado", "cansado", "agotado",
    "dolido", "ignorado", "menospreciado", "traicionado", "defraudado",
    "aliviado", "tranquilo", "respetado", "agradecido", "esperanzado",
    "comprendido", "escuchado", "seguro", "valorado", "satisfecho", "apoyado",
)

# Arabic: masculine singular, as the Spanish list; the player ships Arabic strings too.
BUILTIN_AR: tuple[str, ...] = (
    "محبط", "غاضب", "منزعج", "مستاء", "نافد الصبر",
    "محرج", "خجلان", "مهان", "مذنب",
    "قلق", "خائف", "متوتر", "مذعور", "غير واثق",
    "حائر", "تائه", "متردد", "مرتاب",
    "خائب الأمل", "حزين", "يائس", "عاجز", "وحيد",
    "مرهق", "مضغوط", "متعب", "مستعجل",
    "مجروح", "مهمل", "مهمش", "مخدوع", "مخذول", "مظلوم", "مصدوم",
    "مرتاح", "مطمئن", "هادئ", "ممتن", "متفائل", "مفهوم", "مسموع",
    "واثق", "آمن", "مقدر", "راض", "مسرور", "مدعوم", "محترم",
)

BY_LANGUAGE: dict[str, tuple[str, ...]] = {"en": BUILTIN, "es": BUILTIN_ES, "ar": BUILTIN_AR}
"""Built-in words by primary language subtag."""


def builtin_for(language: str) -> tuple[str, ...]:
    """The built-in words for a BCP 47 tag (`es-MX` uses `es`).

    A language without its own list falls back to English, as the player's strings do
    (check warns about the missing catalogue); such a course adds its own words.
    """
    primary = language.strip().lower().replace("_", "-").split("-")[0]
    return BY_LANGUAGE.get(primary, BUILTIN)


# How a gendered or plural form ends, and how its listed (masculine singular) form ends.
_FORMS: dict[tuple[str, ...], tuple[tuple[str, str], ...]] = {
    BUILTIN_ES: (("as", "o"), ("os", "o"), ("a", "o"), ("s", "")),
    BUILTIN_AR: (("ية", ""), ("ة", ""), ("ات", ""), ("ون", ""), ("ين", "")),
}


def base_form(name: str, language: str) -> str:
    """The listed form of a feeling. Spanish and Arabic list masculine singular words, so
    an author describing a woman writes 'frustrada' or 'محبطة' (or a group, 'agobiadas',
    'tristes') for them."""
    word = normalise(name)
    listed_words = builtin_for(language)
    if word in listed_words:
        return word
    for ending, listed in _FORMS.get(listed_words, ()):
        if word.endswith(ending) and word[:-len(ending)] + listed in listed_words:
            return word[:-len(ending)] + listed
    return word


def vocabulary(extra: Iterable[str] = (), language: str = "en") -> tuple[str, ...]:
    """The language's built-in words followed by the course's own, without duplicates, in order.

    Learners pick from this list, so a Spanish course must not offer English words.
    """
    seen: dict[str, None] = {}
    for word in (*builtin_for(language), *extra):
        word = normalise(word)
        if word:
            seen.setdefault(word, None)
    return tuple(seen)
