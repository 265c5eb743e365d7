"""The scenario as a learner lives it: content warning, choices, conditions, endings,
playback, try again and opt-out (tests/runtime/courses/all-kinds/talk.md)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def straight(text: str) -> str:
    """Typographic quotes (the Markdown renderer's) as plain ones."""
    return text.translate(str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''"))


def start_talk(learner, query: str = ""):
    learner.open("talk", query)
    assert learner.current == "talk"
    learner.act("accept-warning")


def test_content_warning_comes_first_with_accept_and_opt_out(learner):
    learner.open("talk")
    text = learner.text()
    assert "A customer shouts at you in this scenario." in text
    assert learner.page.locator("[data-act=choice]").count() == 0
    assert learner.page.locator("[data-act=opt-out]").inner_text() == "Read the story instead"
    learner.act("accept-warning")
    assert "I want to speak to someone right now!" in learner.text(".node")
    # focus follows the learner to the customer's first line
    assert learner.page.evaluate("document.activeElement.className") == "node"


def test_node_shows_feelings_coach_and_only_offered_choices(learner):
    start_talk(learner)
    node = learner.text(".node")
    assert "angry" in node and "frustrated" in node
    assert "Introduce yourself first." in node
    assert "Nobody here listens to me." not in learner.text()  # thoughts are for playback
    words = [straight(w).strip('"') for w in learner.page.locator("[data-act=choice]").all_inner_texts()]
    assert words == ["Hello, I'm Sam. What happened?", "Please calm down."]


def test_feedback_after_a_choice_then_continue(learner):
    start_talk(learner)
    learner.page.locator("[data-act=choice]", has_text="Hello").click()
    feedback = straight(learner.text(".feedback"))
    assert "Hello, I'm Sam. What happened?" in feedback
    assert "A name and a question open the door." in feedback
    assert learner.page.locator("[data-act=choice]").count() == 0
    learner.act("continue")
    assert "He tells you the story." in learner.text(".node")


def test_conditional_text_and_offered_if_follow_the_state(learner):
    start_talk(learner)
    learner.choose("Hello")
    node = learner.text(".node")
    assert "He still remembers being told to calm down." not in node
    assert "His hands are shaking." not in node
    # `if: trust < 1`: not offered after introducing yourself (trust is 1)
    assert learner.page.locator("[data-act=choice]", has_text="voucher").count() == 0


def test_the_other_path_shows_the_other_text_and_choice(learner):
    start_talk(learner)
    learner.choose("calm down")
    learner.choose("Sorry")
    node = learner.text(".node")
    assert "He still remembers being told to calm down." in node   # visited(blamed)
    assert "His hands are shaking." in node                         # calm < 0
    assert learner.page.locator("[data-act=choice]", has_text="voucher").count() == 1


def test_delayed_consequence_picks_the_ending(learner):
    """The same last choice ends well only if trust was built two steps earlier."""
    start_talk(learner)
    learner.choose("Hello")
    learner.choose("embarrassing")
    ending = learner.text(".ending")
    assert "Ending: Trust restored" in ending and "Score: 100%" in ending
    assert "How the customer felt" in ending and "relieved" in ending and "respected" in ending

    learner.act("retry")
    learner.choose("calm down")
    learner.choose("Sorry")
    learner.choose("embarrassing")
    ending = learner.text(".ending")
    assert "Ending: Partly calmed" in ending and "Score: 50%" in ending and "tired" in ending


def test_choice_and_ending_events_reach_the_adapter_and_the_statement_queue(learner):
    # An LRS named by the launch URL (a closed loopback port: statements just wait queued).
    start_talk(learner, "endpoint=http://127.0.0.1:9/xapi/")
    learner.choose("Hello")
    learner.choose("embarrassing")
    choices = learner.events("choice")
    assert [(c["node"], c["choice"]) for c in choices] == [("open", choices[0]["choice"]), ("listen", choices[1]["choice"])]
    assert choices[0]["before"] == {"calm": 0, "trust": 0} and choices[0]["after"] == {"calm": 0, "trust": 1}
    assert choices[1]["after"]["trust"] == 2
    ending = learner.events("ending")
    assert ending == [{"type": "ending", "page": "talk", "ending": "good_end", "score": 1, "label": "Trust restored"}]
    # every player event goes to both
    assert learner.xapi_events() == learner.events()


def test_without_an_lrs_the_statement_queue_is_never_loaded(learner):
    requested = []
    learner.page.on("request", lambda r: requested.append(r.url))
    start_talk(learner)
    learner.choose("Hello")
    assert learner.events("choice") and learner.xapi_events() == []
    assert learner.page.evaluate("typeof EmpathyXAPI") == "undefined"
    assert not [u for u in requested if u.endswith("/xapi.js")]


def test_playback_tells_the_customers_side(learner):
    start_talk(learner)
    learner.choose("calm down")
    learner.choose("Sorry")
    learner.choose("embarrassing")
    learner.act("playback")
    playback = straight(learner.text("#playback"))
    for expected in ["The conversation as the customer lived it",
                     "I want to speak to someone right now!", "Nobody here listens to me.",
                     "Please calm down.", "Don't tell me to calm down!", "Calm down? Really?",
                     "Sorry. Tell me what happened.", "Maybe this one will help.",
                     "He still remembers being told to calm down.", "He leaves, still unhappy."]:
        assert expected in playback, expected
    # the order is the learner's path
    assert playback.index("Please calm down.") < playback.index("Don't tell me") < playback.index("Sorry.")
    assert learner.events("playback") == [{"type": "playback", "page": "talk"}]


def test_playback_keeps_the_endings_debrief_out_of_the_customers_side(learner):
    """The debrief (a callout in the ending's text) speaks to the learner: the replay shows
    it in a part of its own, not among what the customer said, felt and thought."""
    start_talk(learner)
    learner.choose("calm down")
    learner.choose("Sorry")
    learner.choose("embarrassing")
    assert "made the rest harder" in learner.text(".node")    # the ending shows its debrief
    learner.act("playback")
    last = learner.page.locator(".playback-steps > li").last
    customer = last.locator(".customer").inner_text()
    assert "He leaves, still unhappy." in customer and "made the rest harder" not in customer
    debrief = last.locator(".debrief")
    assert debrief.locator("h3").inner_text() == "What to take from this"
    assert "Telling him to calm down first made the rest harder." in debrief.inner_text()
    assert last.locator(".customer .callout").count() == 0


def test_try_again_resets_the_scenario_but_keeps_the_best_score(learner):
    start_talk(learner)
    learner.choose("Hello")
    learner.choose("embarrassing")
    learner.act("retry")
    assert "I want to speak to someone right now!" in learner.text(".node")
    talk = learner.state()["scenarios"]["1"]
    assert talk["vars"] == [0, 0] and talk["path"] == [] and talk["best"] >= 0
    assert learner.events("retry") == [{"type": "retry", "page": "talk"}]


def test_opt_out_skips_to_its_page_without_penalty(learner):
    learner.open("talk")
    learner.act("opt-out")
    assert learner.current == "story"
    assert learner.events("optout") == [{"type": "optout", "page": "talk"}]
    learner.go("talk")
    assert "You skipped this scenario" in learner.text()
    assert learner.page.locator("[data-act=accept-warning]").count() == 1
