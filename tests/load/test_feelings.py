"""The feelings vocabulary follows the course's language and adds the course's own words."""
from __future__ import annotations

from compiler.feelings import BUILTIN, builtin_for, vocabulary


def test_builtin_list_is_a_real_vocabulary():
    assert 60 <= len(BUILTIN) == len(set(BUILTIN))
    for word in ("frustrated", "embarrassed", "anxious", "relieved", "reassured", "understood"):
        assert word in BUILTIN


def test_language_picks_the_builtin_words():
    assert builtin_for("en-GB") == BUILTIN
    assert "frustrado" in builtin_for("es-MX") and "frustrated" not in builtin_for("es")
    assert builtin_for("de") == BUILTIN  # no German list yet: English, like the player strings


def test_course_words_are_added_once_and_normalised():
    words = vocabulary(["Let  Down", "frustrated", "sidelined"], "en")
    assert words[:len(BUILTIN)] == BUILTIN
    assert words.count("frustrated") == 1
    assert words[-1] == "sidelined" and "let down" in words


def test_a_spanish_course_offers_no_english_words(maker):
    yaml = "id: https://x.org/c\ntitle: T\nlanguage: es\npages: [w]\nfeelings: [desbordado]\n"
    course, diags = maker.course({"w": "---\ntitle: Hola\n---\nHola\n"}, yaml=yaml)
    assert diags == []
    assert "frustrado" in course.feelings and "desbordado" in course.feelings
    assert "frustrated" not in course.feelings


def test_spanish_feminine_and_plural_forms_are_the_listed_feeling():
    from compiler.feelings import base_form
    assert [base_form(w, "es-MX") for w in ("Frustrada", "agobiadas", "tristes", "aliviados", "tranquilo")] == [
        "frustrado", "agobiado", "triste", "aliviado", "tranquilo"]
    assert base_form("frustrada", "en") == "frustrada"  # only Spanish lists one gender
    assert base_form("zzza", "es") == "zzza"


def test_an_arabic_course_has_arabic_feelings_and_their_feminine_forms():
    from compiler.feelings import base_form
    words = builtin_for("ar")
    assert len(words) == len(set(words)) >= 40 and "frustrated" not in words
    assert [base_form(w, "ar") for w in ("محبطة", "قلقة", "راضية", "مطمئن")] == ["محبط", "قلق", "راض", "مطمئن"]


COURSE = "id: https://x.org/c\ntitle: T\nlanguage: en\npages: [w]\n"
PAGE = {"w": "---\ntitle: Hi\n---\nHi\n"}


def test_course_feelings_may_be_comma_separated_like_a_node_field(maker):
    course, diags = maker.course(PAGE, yaml=COURSE + "feelings: vindicated, sidelined,\n")
    assert diags == []
    assert course.feelings[-2:] == ("vindicated", "sidelined")


def test_course_feelings_that_are_not_words_are_reported(maker):
    course, diags = maker.course(PAGE, yaml=COURSE + 'feelings: [vindicated, 3, "", true]\n')
    assert [(d.code, d.loc.line, d.loc.col) for d in diags] == [("E103", 5, 24), ("E102", 5, 27), ("E103", 5, 31)]
    assert course.feelings[-1] == "vindicated" and "3" not in course.feelings
