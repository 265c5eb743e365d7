"""xAPI activity definitions (built with tincan) inside course.json."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from compiler.render.course_json import course_json

BASE = "https://courses.example.org/calm/"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
NODE_MODULES = Path(__file__).resolve().parents[1] / "node_modules"


def all_definitions(data):
    yield data["definition"]
    for page in data["pages"]:
        yield page["definition"]
        for node in page.get("nodes", {}).values():
            if "definition" in node:
                yield node["definition"]
        for key in ("questions", "prompts", "dimensions"):
            for item in page.get(key, []):
                yield item["definition"]


def test_ids_are_iris_under_the_activity_base(course):
    data = course_json(course)
    ids = [d["id"] for d in all_definitions(data)]
    assert ids[0] == "https://courses.example.org/calm"
    assert all(i.startswith(BASE) for i in ids[1:])
    assert len(ids) == len(set(ids))
    assert f"{BASE}scenario/front/node/start" in ids
    assert f"{BASE}quiz/check/q2" in ids and f"{BASE}page/wrap-up" in ids
    assert f"{BASE}coaching/coach/felt" in ids and f"{BASE}reflection/reflect/what" in ids
    assert f"{BASE}rating/rate/listening" in ids


def test_pages_are_lessons_or_modules_and_the_course_a_course(course):
    data = course_json(course)
    types = {p["id"]: p["definition"]["type"] for p in data["pages"]}
    assert types["welcome"] == "http://adlnet.gov/expapi/activities/lesson"
    assert types["front"] == "http://adlnet.gov/expapi/activities/module"
    assert data["definition"]["type"] == "http://adlnet.gov/expapi/activities/course"
    assert data["definition"]["name"] == {"en": "Calm & kind"}


def test_interactions_carry_their_choices_scale_and_answers(course):
    data = course_json(course)
    pages = {p["id"]: p for p in data["pages"]}
    node = pages["front"]["nodes"]["start"]["definition"]
    assert (node["type"], node["interactionType"]) == (INTERACTION, "choice")
    assert [c["id"] for c in node["choices"]] == ["listen", "rules"]
    assert node["choices"][0]["description"] == {"en": "I hear you. Tell me what happened."}
    felt, said = (q["definition"] for q in pages["coach"]["questions"])
    assert felt["interactionType"] == "choice"
    assert [c["id"] for c in felt["choices"]] == ["frustrated", "relieved", "let-down"]
    assert said["interactionType"] == "long-fill-in"
    assert pages["reflect"]["prompts"][0]["definition"]["interactionType"] == "long-fill-in"
    rating = pages["rate"]["dimensions"][0]["definition"]
    assert rating["interactionType"] == "likert"
    assert [s["id"] for s in rating["scale"]] == ["excellent", "good", "very-poor"]
    q1, q2 = (q["definition"] for q in pages["check"]["questions"])
    assert q1["correctResponsesPattern"] == ["a"] and q2["correctResponsesPattern"] == ["a[,]b"]


def test_language_map_uses_the_course_language(course):
    import dataclasses

    data = course_json(dataclasses.replace(course, language="es"))
    assert all(set(d["name"]) == {"es"} for d in all_definitions(data))


def test_every_definition_passes_xapi_validation_in_a_statement(course):
    node = shutil.which("node")
    assert node and (NODE_MODULES / "xapi-validation").is_dir(), "npm ci in tests/ first"
    statements = [{"actor": {"mbox": "mailto:learner@example.org"},
                   "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
                   "object": {"objectType": "Activity", "id": d["id"],
                              "definition": {k: v for k, v in d.items() if k != "id"}}}
                  for d in all_definitions(course_json(course))]
    script = ("const v=require('xapi-validation').default;"
              "const s=JSON.parse(require('fs').readFileSync(0,'utf8'));"
              "console.log(JSON.stringify(s.map(x=>v(x))));")
    result = subprocess.run([node, "-e", script], input=json.dumps(statements), text=True,
                            capture_output=True, cwd=NODE_MODULES.parent, check=True)
    warnings = json.loads(result.stdout)
    assert warnings == [[] for _ in statements]


def test_feelings_and_scale_ids_stay_unique_and_scorm_valid_in_any_script(course):
    import dataclasses
    import re

    arabic = dataclasses.replace(course, language="ar", feelings=("محبط", "قلق", "مرتاح", "tensión"))
    data = course_json(arabic)
    coaching = next(p for p in data["pages"] if p["id"] == "coach")
    ids = [c["id"] for c in coaching["questions"][0]["definition"]["choices"]]
    assert len(set(ids)) == 4 and ids[3] == "tension"
    assert all(re.fullmatch(r"[A-Za-z0-9_.:-]{1,250}", i) for i in ids)
    assert bytes.fromhex(ids[0][2:]).decode() == "محبط"
