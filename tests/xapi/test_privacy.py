"""Privacy: the text of a reflection prompt marked private never leaves the browser, even
in a course that allows reflection text in statements (send_reflection_text: true).
Every request the page makes is recorded (Playwright) and searched."""
from __future__ import annotations

import shutil

import pytest
from xapi_helpers import REPO, au, course_json, verbs, walk, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.lrs]

EXT_LENGTH = "https://empathy-elearning.org/xapi/extensions/length"
FILLER = " — what I noticed, what I felt, and what I will try next time at the counter." * 3


@pytest.fixture(scope="module")
def sharing_course(tmp_path_factory):
    """de-escalation with reflection text allowed in statements."""
    dest = tmp_path_factory.mktemp("sharing") / "de-escalation"
    shutil.copytree(REPO / "courses" / "de-escalation", dest)
    yaml = dest / "course.yaml"
    text = yaml.read_text(encoding="utf-8")
    assert "send_reflection_text: false" in text
    yaml.write_text(text.replace("send_reflection_text: false", "send_reflection_text: true"),
                    encoding="utf-8")
    return dest


def _write_reflections(page, prompts):
    """Type SHARED-<id> or SECRET-<id> text into each prompt of the reflection page."""
    texts = {}
    for i, prompt in enumerate(prompts):
        text = ("SECRET-" if prompt["private"] else "SHARED-") + prompt["id"] + FILLER
        texts[prompt["id"]] = text
        page.locator(f'[data-item="{i}"] textarea[data-field]').fill(text)
    return texts


def _run(course, built, lms_for, page, context):
    """Walk the course through cmi5 with distinct shared/secret reflection texts; return
    (the LMS, every request (url, body) the browser made, texts by prompt id, the page)."""
    pkg = built(course, "cmi5")
    cj = course_json(pkg)
    reflection = next(p for p in cj["pages"] if p["kind"] == "reflection")
    assert any(p["private"] for p in reflection["prompts"])
    assert any(not p["private"] for p in reflection["prompts"])

    bodies: list[tuple[str, str]] = []
    context.on("request", lambda r: bodies.append((r.url, r.post_data or "")))
    lms = lms_for(pkg)
    launch = lms.launch(au(cj), mastery=cj["mastery"])
    page.goto(launch.url)
    walk(page, until=lambda step: step["page"] == reflection["id"])
    texts = _write_reflections(page, reflection["prompts"])
    walk(page)
    page.wait_for_url("**/lms/returned", timeout=20_000)
    wait_for(lambda: verbs(lms.statements())[-1:] == ["terminated"])
    secrets = [texts[p["id"]] for p in reflection["prompts"] if p["private"]]
    return lms, bodies, texts, reflection, secrets


def test_private_reflection_text_is_never_in_a_statement(sharing_course, built, lms_for, page,
                                                         context):
    lms, bodies, texts, reflection, secrets = _run(sharing_course, built, lms_for, page, context)
    answered = {s["object"]["id"].rsplit("/", 1)[-1]: s for s in lms.statements()
                if "/reflection/" in s["object"]["id"]}
    for prompt in reflection["prompts"]:
        statement = answered[prompt["id"]]
        if prompt["private"]:
            # Only that it was answered, and how long the answer is.
            assert "response" not in statement["result"]
            assert statement["result"]["extensions"][EXT_LENGTH] == len(texts[prompt["id"]])
        else:
            # The test can see text when it is sent: shared prompts carry theirs.
            assert statement["result"]["response"] == texts[prompt["id"]]
            assert statement["result"]["extensions"][EXT_LENGTH] == len(texts[prompt["id"]])
    # Not in any statement, as the browser sent it or as the LMS received it.
    sent = [body for url, body in bodies if "/xapi/statements" in url]
    assert sent and not [s for s in secrets for body in sent if s[:20] in body]
    assert not [s for s in secrets for st in lms.statements() if s[:20] in str(st)]


def test_private_reflection_text_is_in_no_request_at_all(sharing_course, built, lms_for, page,
                                                         context):
    lms, bodies, texts, reflection, secrets = _run(sharing_course, built, lms_for, page, context)
    leaks = [url for url, body in bodies for s in secrets if s[:20] in body]
    leaks += [r.path for r in lms.requests for s in secrets if s[:20].encode() in r.body]
    assert leaks == []
