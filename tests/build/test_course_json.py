"""course.json from the hand-made model: the shape docs/design.md promises."""
import dataclasses
import json

from compiler.render.catalogues import strings
from compiler.render.course_json import course_json
from compiler.render.html import embed_json

TOP_KEYS = {"id", "title", "lang", "dir", "version", "activityBase", "mastery", "completion",
            "scoreParts", "xapi", "contentWarning", "support", "strings", "feelings", "pages",
            "definition", "feelingIds"}


def page(data, pid):
    return next(p for p in data["pages"] if p["id"] == pid)


def test_top_level_keys_and_values(course):
    data = course_json(course)
    assert set(data) == TOP_KEYS
    assert data["activityBase"] == "https://courses.example.org/calm/"
    assert data["mastery"] == 0.7
    assert data["completion"] == {"visit": [p for p, _ in course.page_order], "finish": ["front", "check"]}
    assert data["scoreParts"] == [{"page": "front", "weight": 1}, {"page": "check", "weight": 2}]
    # No homepage: the runtime uses the package's own origin (docs/xapi.md).
    assert data["xapi"] == {"endpoint": None, "auth": None, "homePage": None,
                            "sendReflectionText": False, "version": "1.0.3"}
    assert data["support"] == "<p>Talk to your lead.</p>" and data["contentWarning"] is None
    assert [p["kind"] for p in data["pages"]] == ["page", "scenario", "coaching", "reflection",
                                                  "self-rating", "quiz", "example", "page"]
    json.dumps(data)  # nothing that JSON cannot hold


def test_feeling_ids_only_when_a_coaching_question_asks_for_feelings(course):
    data = course_json(course)
    assert len(data["feelingIds"]) == len(data["feelings"])
    assert data["feelingIds"][data["feelings"].index("let down")] == "let-down"
    coaching = next(p for p in course.pages.values() if p.kind == "coaching")
    words_only = dataclasses.replace(coaching, questions=[
        dataclasses.replace(q, answer="text") for q in coaching.questions])
    pages = {**course.pages, coaching.id: words_only}
    assert "feelingIds" not in course_json(dataclasses.replace(course, pages=pages))


def test_activity_base_defaults_to_the_course_id_with_a_slash(course):
    data = course_json(dataclasses.replace(course, xapi=dataclasses.replace(course.xapi, activity_base="")))
    assert data["activityBase"] == "https://courses.example.org/calm/"
    assert page(data, "welcome")["definition"]["id"] == "https://courses.example.org/calm/page/welcome"


def test_direction_and_strings_follow_the_language(course):
    english = strings("en")
    arabic = course_json(dataclasses.replace(course, language="ar-EG"))
    assert arabic["dir"] == "rtl" and arabic["strings"]["next"] != english["next"]
    assert set(arabic["strings"]) >= set(english)  # every key there, English where untranslated
    unknown = course_json(dataclasses.replace(course, language="fr"))
    assert unknown["dir"] == "ltr" and unknown["strings"] == english
    assert course_json(dataclasses.replace(course, language="he"))["dir"] == "rtl"


def test_a_language_that_is_no_tag_falls_back_to_english_and_reads_no_file():
    english = strings("en")
    assert strings("a customer calls about a charge " * 20) == english   # once: File name too long
    assert strings("../../../etc/passwd") == english == strings("en/../es")


def test_scenario_nodes_choices_conditions_and_effects(course):
    scenario = page(course_json(course), "front")
    assert scenario["start"] == "start" and scenario["state"] == {"trust": 0}
    assert scenario["optOut"] == {"label": "Skip this", "to": "wrap-up"}
    assert scenario["contentWarning"] == "<p>Raised voices.</p>"
    start = scenario["nodes"]["start"]
    assert start["segments"][1] == {"html": "<p>She glares.</p>",
                                    "if": [">=", ["var", "trust"], ["num", 1]]}
    assert start["feelings"] == ["frustrated"] and start["thinks"] == "Nobody listens."
    listen = start["choices"][0]
    assert listen["set"] == [["trust", "+", 1]] and listen["if"] is None
    assert listen["to"] == [[[">=", ["var", "trust"], ["num", 1]], "calm"], [None, "tense"]]
    assert listen["text"] == "I hear you. Tell me what happened."
    assert scenario["nodes"]["calm"]["ending"] == {"label": "Calmer", "score": 1.0, "felt": ["relieved"]}
    assert "definition" not in scenario["nodes"]["calm"]  # an ending asks nothing


def test_embedded_json_cannot_close_the_script_element(course):
    text = embed_json(course_json(course))
    assert "</script>" not in text and "<\\/script>" in text
    assert json.loads(text) == json.loads(json.dumps(course_json(course)))
    assert embed_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'
