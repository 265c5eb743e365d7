"""The shared line grammar: headings, field blocks, items, fences, `:::` blocks."""
from __future__ import annotations

import re

from compiler.load.pages import KINDS
from compiler.load.sections import Grammar, normalise_key, parse_body, slugify, split_blocks

SCENARIO = Grammar(section_fields=("feelings", "thinks", "coach"), item_fields=("feedback", "set", "if"), items=True)


def parse(text, grammar=SCENARIO, first_line=5):
    diags = []
    intro, sections = parse_body(text.split("\n"), first_line, "p.md", grammar, diags)
    return intro, sections, diags


def test_keys_and_slugs():
    assert normalise_key("Model answer") == "model_answer"
    assert normalise_key("min-length") == "min_length"
    assert slugify("“Lower my voice?” Part 2") == "lower-my-voice-part-2"
    assert slugify("listen_more") == "listen_more"


def test_headings_ids_and_lines():
    intro, sections, diags = parse("Intro\n\n## Start here {#start}\n\n## Second one\n")
    assert diags == []
    assert intro.prose_text().strip() == "Intro"
    assert [(s.id, s.title, s.line, s.id_col) for s in sections] == [("start", "Start here", 7, 17),
                                                                     ("second-one", "Second one", 9, 4)]


def test_bad_explicit_id_and_empty_heading():
    _, sections, diags = parse("## A {#not ok}\n\n##\n")
    assert [(d.code, d.loc.line, d.loc.col) for d in diags] == [("E006", 5, 8), ("E006", 7, 1)]
    assert sections[0].id == "not-ok"


def test_headings_and_items_inside_code_fences_are_prose():
    text = "## Start\n\n```\n## not a node\n* not a choice -> x\n```\n"
    _, sections, diags = parse(text)
    assert diags == [] and len(sections) == 1 and sections[0].items == []
    assert "## not a node" in sections[0].prose_text()


def test_field_block_ends_at_blank_line_or_item():
    _, sections, diags = parse("## A\nfeelings: angry\ncoach: Breathe\n* Hi -> b\n  feedback: ok\n")
    assert diags == []
    section = sections[0]
    assert set(section.fields) == {"feelings", "coach"}
    assert section.fields["coach"].value_col == 8
    assert [(i.text, i.line, set(i.fields)) for i in section.items] == [("Hi -> b", 8, {"feedback"})]


def test_prose_keeps_its_line_numbers():
    _, sections, _ = parse("## A\nfeelings: angry\n\nLine one\n* Hi -> b\n  feedback: ok\nLine after\n")
    section = sections[0]
    lines = section.prose
    assert section.prose_line == 5
    assert lines[3] == "Line one" and lines[6] == "Line after"  # at file lines 8 and 11
    assert lines[4] == "" and lines[5] == ""  # the item and its field are blanked


def test_item_continuation_lines():
    _, sections, diags = parse("## A\n\n* Hi there\n  and more words -> b\n  feedback: Good\n  really good\n")
    item = sections[0].items[0]
    assert diags == []
    assert item.extra_lines == ["and more words -> b"]
    assert item.fields["feedback"].value == "Good\nreally good"


def test_item_field_typo_is_reported_with_suggestion():
    _, _, diags = parse("## A\n\n* Hi -> b\n  feedbak: Good\n")
    assert [(d.code, d.loc.line, d.loc.col, d.suggestion) for d in diags] == [("E101", 8, 3, "feedback")]


def test_duplicate_field():
    _, _, diags = parse("## A\nthinks: one\nthinks: two\n")
    assert [(d.code, d.loc.line) for d in diags] == [("E104", 7)]


def test_star_lines_are_prose_when_the_kind_has_no_items():
    _, sections, _ = parse("## A\n\n* a list\n* of things\n", Grammar(section_fields=("stage",)))
    assert sections[0].items == [] and "* a list" in sections[0].prose_text()


def test_whole_body_when_the_kind_has_no_sections():
    intro, sections, _ = parse("# Title\n\n## Sub\n\nText\n", Grammar(sections=False))
    assert sections == [] and "## Sub" in intro.prose_text()


def test_split_blocks_with_nested_callout():
    prose = ["Before", "::: if trust > 1", "::: note", "Inside", ":::", "Still inside", ":::", "After"]
    diags = []
    blocks = split_blocks(prose, 10, ("if",), "p.md", diags)
    assert diags == []
    assert [(b.name, b.args, b.line, b.lines) for b in blocks] == [
        (None, "", 10, ["Before"]),
        ("if", "trust > 1", 12, ["::: note", "Inside", ":::", "Still inside"]),
        (None, "", 17, ["After"])]
    assert blocks[1].args_col == 8


def test_unclosed_block():
    diags = []
    split_blocks(["::: model-answer", "text"], 3, ("model-answer",), "p.md", diags)
    assert [(d.code, d.loc.line) for d in diags] == [("E006", 3)]


def test_star_lines_before_the_first_heading_are_a_list():
    intro, sections, diags = parse("* one\n* two\n\n## A\n\n* Hi -> b\n")
    assert diags == [] and intro.items == [] and "* one" in intro.prose_text()
    assert len(sections[0].items) == 1


def test_ids_from_accented_and_non_latin_headings():
    _, sections, diags = parse("## Café crème\n\n## مرحبا\n")
    assert diags == []
    assert [s.id for s in sections] == ["cafe-creme", "section-2"]


def test_speaker_that_looks_like_a_field_gets_a_hint():
    # "Thinh" is a name, and close to the field "thinks"
    _, sections, diags = parse("## The desk\nThinh: Where is the manager?\n")
    assert [(d.code, d.loc.line, d.suggestion) for d in diags] == [("E101", 6, "thinks")]
    assert "leave a blank line after the heading" in diags[0].message
    _, _, diags = parse("## The desk\n\nThinh: Where is the manager?\n")
    assert diags == []


# ------------------------------------------------------------------ near misses
# A slip in the line grammar must be reported at its line, never turn silently into text.

# The real grammars of the page kinds, so these tests hold what authors get.
QUIZ = KINDS["quiz"].grammar
SCENARIO_NEAR = KINDS["scenario"].grammar
EXAMPLE = KINDS["example"].grammar
REFLECTION = KINDS["reflection"].grammar


def where(diags):
    return [(d.code, d.loc.line, d.loc.col) for d in diags]


def test_a_field_after_a_blank_line_is_reported_and_read_as_the_field():
    _, sections, diags = parse("## A\n\nfeelings: angry\nthinks: Not again.\n\n\"Hello.\"\n", SCENARIO_NEAR)
    assert where(diags) == [("E006", 7, 1)]
    assert "no blank line" in diags[0].message and "field of the node" in diags[0].message
    assert set(sections[0].fields) == {"feelings", "thinks"}
    assert "feelings" not in sections[0].prose_text() and "Hello" in sections[0].prose_text()


def test_a_blank_line_inside_the_field_block_is_reported_at_the_field_after_it():
    _, sections, diags = parse("## A\nfeelings: angry\n\nthinks: Not again.\ncoach: Breathe.\n\nText\n", SCENARIO_NEAR)
    assert where(diags) == [("E006", 8, 1)]
    assert set(sections[0].fields) == {"feelings", "thinks", "coach"}


def test_a_speaker_after_a_blank_line_is_still_text():
    _, sections, diags = parse("## A\n\nThinh: Where is the manager?\n", SCENARIO_NEAR)
    assert diags == [] and "Thinh:" in sections[0].prose_text()


def test_a_capitalised_sentence_that_starts_like_a_field_is_text():
    """Fields are written in lower case: "Coach: Again!" or, in a reflection prompt,
    "Private: only you will see this" are sentences for the learner."""
    _, sections, diags = parse("## A\n\nCoach: Again!\n", SCENARIO_NEAR)
    assert diags == [] and "Coach: Again!" in sections[0].prose_text()
    _, sections, diags = parse("## P\n\nPrivate: only you will see this answer.\n", REFLECTION)
    assert diags == [] and "Private: only" in sections[0].prose_text() and not sections[0].fields


def test_an_unindented_choice_field_is_reported_and_kept_with_its_choice():
    text = "## A\n\n* Hi -> b\nfeedback: A name.\n  set: trust + 1\n"
    _, sections, diags = parse(text, SCENARIO_NEAR)
    assert where(diags) == [("E006", 8, 1)] and "indented by two spaces" in diags[0].message
    item = sections[0].items[0]
    assert set(item.fields) == {"feedback", "set"} and item.fields["set"].value == "trust + 1"
    assert sections[0].prose_text().strip() == ""


def test_text_after_a_blank_line_below_choices_is_not_a_field():
    _, sections, diags = parse("## A\n\n* Hi -> b\n  feedback: ok\n\nFeedback: he nods.\n", SCENARIO_NEAR)
    assert diags == [] and "Feedback: he nods." in sections[0].prose_text()


def test_near_miss_choices_are_reported_at_their_line_and_read_as_choices():
    text = ("## A\n\n- \"What would help?\" -> ask\n  feedback: Open.\n"
            "1. \"Numbered\" -> b\n"
            "* \"Hi\" -> c\n  feedback: Fine.\n  * \"Indented\" -> d\n  feedback: Merged?\n")
    _, sections, diags = parse(text, SCENARIO_NEAR)
    assert where(diags) == [("E006", 7, 1), ("E006", 9, 1), ("E006", 12, 3)]
    assert [d.suggestion for d in diags] == ['* "What would help?" -> ask', '* "Numbered" -> b', '* "Indented" -> d']
    items = sections[0].items
    assert [(i.text, i.line) for i in items] == [('"What would help?" -> ask', 7), ('"Numbered" -> b', 9),
                                                 ('"Hi" -> c', 10), ('"Indented" -> d', 12)]
    assert items[0].fields["feedback"].value == "Open." and items[2].fields["feedback"].value == "Fine."
    assert items[3].fields["feedback"].value == "Merged?"


def test_an_indented_choice_after_a_set_line_is_one_diagnostic_at_its_line():
    text = "## A\n\n* Hi -> b\n  feedback: ok\n  set: trust - 1\n  * Go -> c\n  feedback: Gone.\n"
    _, sections, diags = parse(text, SCENARIO_NEAR)
    assert where(diags) == [("E006", 10, 3)]
    assert sections[0].items[0].fields["set"].value == "trust - 1"


def test_ordinary_lists_in_a_node_stay_text():
    _, sections, diags = parse("## A\n\n- first point\n- second point\n\n* Hi -> b\n", SCENARIO_NEAR)
    assert diags == [] and "- first point" in sections[0].prose_text()


def test_near_miss_quiz_options():
    text = "## Q\n\nWhich?\n\n*[ ] Refund both\n1. [x] Name the worry\n* [ ] Wait\n"
    _, sections, diags = parse(text, QUIZ)
    assert where(diags) == [("E006", 9, 1), ("E006", 10, 1)]
    assert "space is missing" in diags[0].message and "not '1.'" in diags[1].message
    assert [i.text for i in sections[0].items] == ["[ ] Refund both", "[x] Name the worry", "[ ] Wait"]
    assert "Refund" not in sections[0].prose_text()


def test_a_checklist_in_a_question_stays_text():
    """`- [x] done` is also an ordinary Markdown checklist, which a question may show."""
    text = "## Q\n\nSam's checklist:\n\n- [x] Greet\n- [ ] Fraud check\n\n* [x] Right\n* [ ] Wrong\n"
    _, sections, diags = parse(text, QUIZ)
    assert diags == [] and "- [x] Greet" in sections[0].prose_text()
    assert [i.text for i in sections[0].items] == ["[x] Right", "[ ] Wrong"]


def test_a_dashed_option_among_the_options_is_a_near_miss():
    """Between two `* [ ]` options (after an option's fields), `- [x]` is surely an option."""
    text = "## Q\n\nWhich?\n\n* [ ] Refund both\n  feedback: Too soon.\n- [x] Name the worry\n  feedback: Yes.\n* [ ] Wait\n"
    _, sections, diags = parse(text, QUIZ)
    assert [(d.code, d.loc.line) for d in diags] == [("E006", 11)] and "not '-'" in diags[0].message  # line 7 of a body at line 5
    assert [i.text for i in sections[0].items] == ["[ ] Refund both", "[x] Name the worry", "[ ] Wait"]
    assert sections[0].items[0].fields["feedback"].value == "Too soon."


def test_prose_with_arrows_and_emphasis_in_a_node_stays_text():
    """Only a line whose arrow leads to one node id looks like a choice."""
    text = ("## A\n\n*He points at the sign* \u2192 \"Read it!\"\n\n*Later that day* -> the manager calls.\n\n"
            "**Step 1** -> listen first.\n\n- Refund -> only after the fraud check\n- Exchange \u2192 any time\n"
            "1. Listen -> then act\n\n9.30 -> the store opens\n\n*emphasised* -> next\n")
    _, sections, diags = parse(text, SCENARIO_NEAR)
    assert diags == [] and sections[0].items == []
    assert "- Refund -> only after" in sections[0].prose_text()


def test_bold_label_lists_in_an_example_stay_text():
    _, intro, diags = parse("What to notice:\n\n- **Pace:** he slows down.\n1. **Situation:** a card.\n", EXAMPLE)
    assert diags == []
    _, _, diags = parse("- **Dana**: Hello.\n", EXAMPLE)
    assert where(diags) == [("E006", 5, 1)]


def test_near_miss_if_blocks_are_reported_and_read_as_if_blocks():
    diags = []
    prose = [":: if calm >= 1", "Calmer.", ":::", "::: iff trust > 1", "Trusting.", ":::", "::: If visited(a)",
             "Back.", ":::", ":: a remark"]
    blocks = split_blocks(prose, 10, ("if",), "p.md", diags)
    assert [(b.name, b.args) for b in blocks if b.name] == [("if", "calm >= 1"), ("if", "trust > 1"),
                                                            ("if", "visited(a)")]
    assert [(d.loc.line, d.suggestion) for d in diags] == [(10, "::: if calm >= 1"), (13, "::: if trust > 1"),
                                                           (16, "::: if visited(a)")]
    assert "three colons" in diags[0].message


def test_a_note_over_several_lines_hides_the_choices_and_nodes_inside_it():
    text = ("## Start {#start}\n\n* Hi -> end\n<!-- old choice\n* Old -> end\n  feedback: x\n-->\n"
            "<!--\n## Draft {#draft}\n* Draft -> end\n--> shown\n\n## End {#end}\n")
    intro, sections, diags = parse(text)
    assert diags == []
    assert [s.id for s in sections] == ["start", "end"]
    assert [i.text for i in sections[0].items] == ["Hi -> end"]
    assert [s.line for s in sections] == [5, 17]                      # lines do not move
    assert "shown" in sections[0].prose_text() and "Old" not in sections[0].prose_text()


def test_a_note_never_closed_or_in_code_is_left_as_it_is():
    _, sections, _ = parse("## Start {#start}\n\n* Hi -> end\n<!-- never closed\n* Old -> end\n")
    assert [i.text for i in sections[0].items] == ["Hi -> end", "Old -> end"]
    assert "<!-- never closed" in sections[0].prose_text()            # the renderer's E006
    _, sections, _ = parse("## Start {#start}\n\n```\n<!--\n```\n* Hi -> end\n-->\n")
    assert [i.text for i in sections[0].items] == ["Hi -> end"]


def test_non_breaking_spaces_from_a_word_processor_do_not_change_what_a_line_is():
    nb = "\u00a0"
    text = f"##{nb}Start {{#start}}\nfeelings:{nb}angry\n\n*{nb}Hi -> end\n{nb}{nb}feedback:{nb}Good.\n\nA{nb}line.\n"
    _, sections, diags = parse(text)
    assert diags == []
    start = sections[0]
    assert start.id == "start" and start.fields["feelings"].value == "angry"
    assert [(i.text, i.fields["feedback"].value) for i in start.items] == [("Hi -> end", "Good.")]
    assert f"A{nb}line." in start.prose_text()                         # the author's own stays


def test_a_note_among_the_fields_does_not_end_them():
    text = "## Start {#start}\n<!-- TODO: check these\n     with the team -->\nfeelings: angry\n<!--\nold\n-->\nthinks: Again.\n"
    _, sections, diags = parse(text)
    assert diags == [] and set(sections[0].fields) == {"feelings", "thinks"}


def test_a_non_breaking_space_before_a_colon_in_prose_or_in_code_stays():
    nb = "\u00a0"
    text = f"## Start {{#start}}\n\nRemarque{nb}: le client a raison.\n\n```\nkey:{nb}value\n```\n"
    _, sections, _ = parse(text)
    prose = sections[0].prose_text()
    assert f"Remarque{nb}: le client" in prose and f"key:{nb}value" in prose


def test_a_speaker_line_among_the_fields_gets_the_blank_line_hint():
    _, sections, diags = parse("## Start {#start}\nfeelings: angry\nDana: Where is the manager?\n")
    assert [(d.code, d.loc.line) for d in diags] == [("E101", 7)]
    assert "leave a blank line between the fields and the text" in diags[0].message
    assert "dana" not in sections[0].fields and "feelings" in sections[0].fields


def test_fields_cut_off_from_their_choice_by_a_line_of_text_are_reported_and_kept():
    text = '## Start {#start}\n\n* "Four days." -> end\nHe frowns.\n  feedback: Cold.\n  set: calm - 1\n'
    _, sections, diags = parse(text)
    assert [(d.code, d.loc.line, d.loc.col) for d in diags] == [("E006", 9, 3)]
    assert "ended that item" in diags[0].message
    choice = sections[0].items[0]
    assert choice.fields["feedback"].value == "Cold." and choice.fields["set"].value == "calm - 1"
    prose = sections[0].prose_text()
    assert "He frowns." in prose and "feedback" not in prose and "set:" not in prose


def test_indented_text_after_a_paragraph_is_not_a_cut_off_field():
    _, sections, diags = parse("## Start {#start}\n\n* Hi -> end\n  feedback: ok\n\nHe says:\n  Note: wait\n")
    assert diags == [] and "Note: wait" in sections[0].prose_text()


def test_a_question_heading_at_the_wrong_level_is_reported_and_read_as_the_question():
    text = "# First words {#first}\n\nWhat first?\n\n* [x] Name the worry.\n  feedback: Yes.\n"
    intro, sections, diags = parse(text, QUIZ)
    assert [(d.code, d.loc.line, d.suggestion) for d in diags] == [("E006", 5, "## First words {#first}")]
    assert "not '# '" in diags[0].message
    assert [s.id for s in sections] == ["first"] and len(sections[0].items) == 1
    assert "First words" not in intro.prose_text()


def test_a_prompt_heading_without_its_space_or_with_fields_under_it_is_a_near_miss():
    text = "## What happened? {#objective}\n\nTell it.\n\n##How did it feel?\nmin length: 20\n\n### Why?\nprivate: no\n"
    _, sections, diags = parse(text, REFLECTION)
    assert [(d.code, d.loc.line) for d in diags] == [("E006", 9), ("E006", 12)]
    assert "space is missing" in diags[0].message and "not '### '" in diags[1].message
    assert [s.title for s in sections] == ["What happened?", "How did it feel?", "Why?"]
    assert sections[1].fields["min_length"].value == "20" and sections[2].fields["private"].value == "no"


def test_other_headings_in_a_section_are_the_authors_markdown():
    text = "## Start {#start}\n\n### What he wants\n\nA refund.\n\n#1 priority: calm.\n"
    _, sections, diags = parse(text)
    assert diags == [] and "### What he wants" in sections[0].prose_text()


def test_a_choice_before_the_first_node_is_reported():
    _, sections, diags = parse('A customer walks up.\n\n* "Hello" -> end\n\n## Start {#start}\n', SCENARIO_NEAR)
    assert [(d.code, d.loc.line) for d in diags] == [("E006", 7)]
    assert "before the first '## ' heading" in diags[0].message
    _, _, diags = parse("Read this list:\n\n* the customer\n* the clerk\n\n## Start {#start}\n", SCENARIO_NEAR)
    assert diags == []                                               # an ordinary list stays


def test_a_first_option_written_with_a_dash_is_a_near_miss_when_its_feedback_follows():
    text = "## Q {#q}\n\nWhat first?\n\n- [ ] Explain.\n  feedback: Later.\n* [x] Name it.\n  feedback: Yes.\n"
    _, sections, diags = parse(text, QUIZ)
    assert [(d.code, d.loc.line, d.suggestion) for d in diags] == [("E006", 9, "* [ ] Explain.")]
    assert [i.text for i in sections[0].items] == ["[ ] Explain.", "[x] Name it."]
    _, _, diags = parse("## Q {#q}\n\nYour list:\n\n- [x] done\n- [ ] to do\n\n* [x] Yes\n  feedback: ok\n", QUIZ)
    assert diags == []                                               # a checklist in the question's text
