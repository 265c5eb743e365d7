"""Each check rule against small hand-built models (no loader involved)."""
from __future__ import annotations

import dataclasses

import pytest

from compiler.check import RULES, run_checks
from compiler.check import (feelings, files, media, metadata, references, scenario_graph, scenario_paths,
                            theme, variables, xapi_settings)
from compiler.feelings import vocabulary
from compiler.model import (BinOp, ContentPage, Effect, Num, OptOut, Quiz, ScorePart,
                            SelfRating, Var, Visited, XAPISettings)

from .builders import PAGE, at, choice, course, ending, image, node, scenario, text


def found(rule, c):
    return [(d.code, d.loc.line, d.loc.col, d.suggestion) for d in rule(c)]


def simple_scenario(**kw):
    return scenario(node("start", choice("a", "end", line=3), line=2),
                    node("end", line=5, ending=ending()), **kw)


def test_clean_scenario_has_no_findings():
    c = course(simple_scenario())
    assert run_checks(c, [r for r in RULES if r[0] != "unused-files"]) == []


def test_rule_names_are_unique():
    names = [name for name, _ in RULES]
    assert len(names) == len(set(names))


# ------------------------------------------------------------------ scenario graph

def test_unknown_target_suggests_the_nearest_node():
    s = scenario(node("start", choice("a", "listen-more", line=3), line=2),
                 node("listen_more", line=5, ending=ending()))
    assert found(scenario_graph.unknown_targets, course(s)) == [("E201", 3, 20, "listen_more")]


@pytest.mark.parametrize("heading", ["### Walked off {#walked-off}", "# Walked off {#walked-off}",
                                     "##Walked off {#walked-off}", "## Walked off {walked-off}", "### Walked off"])
def test_unknown_target_points_at_a_heading_written_wrongly(tmp_path, heading):
    page = tmp_path / "talk.md"
    page.write_text(f"---\nkind: scenario\ntitle: Talk\n---\n\n## Start {{#start}}\n\n{heading}\n", encoding="utf-8")
    s = dataclasses.replace(scenario(node("start", choice("a", "walked-off", line=3), line=2),
                                     node("walked-off-walked-off", line=5, ending=ending())), path=str(page))
    [d] = scenario_graph.unknown_targets(course(s))
    assert (d.code, d.loc.line, d.suggestion) == ("E201", 3, None)
    assert "line 8 looks meant to be that node" in d.message and "'## Walked off {#walked-off}'" in d.message


def test_unknown_start_node():
    s = scenario(node("begin", ending=ending()), start="begn")
    assert found(scenario_graph.unknown_targets, course(s)) == [("E201", 1, 1, "begin")]


def test_unknown_visited_node_in_a_branch_condition():
    cond = Visited("calmm", at(3, 30))
    s = scenario(node("start", choice("a", (cond, "end"), "end", line=3)),
                 node("calm", choice("b", "end")), node("end", ending=ending()))
    assert found(scenario_graph.unknown_visited_nodes, course(s)) == [("E206", 3, 30, "calm")]


def test_unreachable_node_ignores_conditions_but_not_missing_edges():
    cond = BinOp(">=", Var("trust", at()), Num(2, at()), at())
    s = scenario(node("start", choice("a", (cond, "good"), "bad")),
                 node("good", ending=ending()), node("bad", ending=ending(0)),
                 node("island", choice("x", "good"), line=9), state={"trust": 0})
    assert found(scenario_graph.unreachable_nodes, course(s)) == [("E202", 9, 1, None)]


def test_unreachable_is_silent_when_start_is_unknown():
    s = scenario(node("a", ending=ending()), start="nope")
    assert found(scenario_graph.unreachable_nodes, course(s)) == []


def test_dead_end_loop_without_ending():
    s = scenario(node("start", choice("a", "loop1"), choice("b", "end")),
                 node("loop1", choice("c", "loop2"), line=4),
                 node("loop2", choice("d", "loop1"), line=6),
                 node("end", ending=ending()))
    assert found(scenario_graph.dead_ends, course(s)) == [("E203", 4, 1, None), ("E203", 6, 1, None)]


def test_node_without_choices_is_reported_once():
    s = scenario(node("start", choice("a", "stuck"), choice("b", "end")),
                 node("stuck", line=4), node("end", ending=ending()))
    c = course(s)
    assert found(scenario_graph.nodes_without_choices, c) == [("E208", 4, 1, None)]
    assert found(scenario_graph.dead_ends, c) == []


def test_scenario_without_ending_is_one_error_not_one_per_node():
    s = scenario(node("start", choice("a", "next")), node("next", choice("b", "start")))
    c = course(s)
    assert found(scenario_graph.scenario_without_ending, c) == [("E205", 1, 1, None)]
    assert found(scenario_graph.dead_ends, c) == []


def test_choice_without_feedback_is_a_warning():
    s = scenario(node("start", choice("a", "end", line=3, feedback=None)),
                 node("end", ending=ending()))
    diags = list(scenario_graph.choices_without_feedback(course(s)))
    assert [(d.code, d.severity, d.loc.line) for d in diags] == [("W001", "warning", 3)]


# ------------------------------------------------------------------ variables

def test_condition_on_undeclared_variable_suggests_declared_one():
    cond = BinOp(">=", Var("trsut", at(3, 25)), Num(2, at()), at())
    s = scenario(node("start", choice("a", "end", offered_if=cond)), node("end", ending=ending()),
                 state={"trust": 0})
    assert found(variables.unknown_variables, course(s)) == [("E204", 3, 25, "trust")]


def test_effect_on_undeclared_variable():
    s = scenario(node("start", choice("a", "end", effects=(Effect("calmness", "+", 1, at(4, 10)),))),
                 node("end", ending=ending()), state={"calm": 0})
    c = course(s)
    assert found(variables.effects_on_undeclared_variables, c) == [("E207", 4, 10, "calm")]
    # the same undeclared variable read later is already explained by E207
    assert found(variables.unknown_variables, c) == []


def test_declared_but_never_read_variable():
    s = scenario(node("start", choice("a", "end", effects=(Effect("trust", "+", 1, at()),))),
                 node("end", ending=ending()), state={"trust": 0})
    assert found(variables.unread_variables, course(s)) == [("W007", 4, 10, None)]


def test_variable_read_in_text_segment_counts_as_read():
    from compiler.model import Segment
    seg = Segment(text("He smiles."), BinOp(">", Var("trust", at()), Num(0, at()), at()))
    s = scenario(node("start", choice("a", "end"), segments=[seg]), node("end", ending=ending()),
                 state={"trust": 0})
    assert found(variables.unread_variables, course(s)) == []


# ------------------------------------------------------------------ references

def test_link_to_unknown_page_with_suggestion_and_external_links_ignored():
    # The renderer hands page links over as '#page-id'.
    body = text(links=[("#welcom", at(7, 4)), ("#welcome", at(8, 4)), ("https://x.org/y", at(9, 1)),
                       ("mailto:a@b.org", at(9, 5)), ("#", at(9, 9)), ("welcme.md", at(10, 2))])
    page = ContentPage("welcome", "page", "W", body, at(), "course/welcome.md")
    assert found(references.unknown_links, course(page)) == [("E303", 7, 4, "welcome"),
                                                             ("E303", 10, 2, "welcome")]


def test_opt_out_and_self_rating_and_mastery_references():
    s = simple_scenario(opt_out=OptOut("Skip", "the-storry", at(3, 9)))
    story = ContentPage("the-story", "page", "S", text(), at(), "course/the-story.md")
    rating = SelfRating("rate", "self-rating", "R", text(), at(2), "course/rate.md",
                        ("good", "bad"), "the-story", ())
    c = course(s, story, rating, score_parts=(ScorePart("talk", 1, at(20, 7)),
                                               ScorePart("the-story", 1, at(21, 7)),
                                               ScorePart("quizz", 1, at(22, 7))))
    assert found(references.opt_out_targets, c) == [("E108", 3, 9, "the-story")]
    assert found(references.self_rating_scenarios, c) == [("E110", 2, 1, None)]
    assert found(references.mastery_pages, c) == [("E110", 21, 7, None), ("E108", 22, 7, None)]


def test_listed_page_that_failed_to_load_is_not_unknown():
    c = course(simple_scenario(opt_out=OptOut("Skip", "broken", at(3, 9))))
    c = course(*c.pages.values(), page_order=c.page_order + (("broken", at(6, 5)),))
    assert found(references.opt_out_targets, c) == []


def test_completion_lists_unknown_page(tmp_path):
    (tmp_path / "course.yaml").write_text("id: x\ncompletion:\n  visit: [talk, tlak]\n")
    c = course(simple_scenario(), root=str(tmp_path), visit=("talk", "tlak"),
               loc=at(1, 1, "c/course.yaml"))
    assert found(references.completion_pages, c) == [("E108", 3, 17, "talk")]


def test_a_page_whose_file_is_there_but_not_listed_says_so(tmp_path):
    (tmp_path / "course.yaml").write_text("id: x\ncompletion:\n  visit: [draft]\n")
    c = course(simple_scenario(), root=str(tmp_path), visit=("draft",), files=("course.yaml", "draft.md"),
               loc=at(1, 1, "c/course.yaml"))
    [d] = references.completion_pages(c)
    assert (d.code, d.loc.line) == ("E108", 3) and "'draft.md' is there, but not listed under 'pages:'" in d.message


# ------------------------------------------------------------------ metadata

def test_language_tags():
    assert found(metadata.language_tag, course(simple_scenario(), language="pt-BR")) == []
    assert [d.code for d in metadata.language_tag(course(simple_scenario(), language="english"))] == ["E106"]
    [d] = metadata.language_tag(course(simple_scenario(), language="en_US"))
    assert "'en-US'" in d.message


def test_identifiers_point_at_the_value(tmp_path):
    (tmp_path / "course.yaml").write_text(
        "id: courses.example.org/x\nxapi:\n  endpoint: ftp://lrs.example.org/\n")
    c = course(simple_scenario(), root=str(tmp_path), id="courses.example.org/x",
               xapi=XAPISettings(endpoint="ftp://lrs.example.org/", activity_base="courses.example.org/x/"),
               loc=at(1, 1, "c/course.yaml"))
    assert [(d.code, d.loc.line, d.loc.col) for d in metadata.identifiers(c)] == [
        ("E105", 1, 5), ("E105", 3, 13)]  # activity_base is a default: not reported twice


def test_a_course_id_with_a_query_or_anchor_is_refused(tmp_path):
    (tmp_path / "course.yaml").write_text("id: https://courses.example.org/x?y=1#z\n")
    c = course(simple_scenario(), root=str(tmp_path), id="https://courses.example.org/x?y=1#z",
               xapi=XAPISettings(activity_base="https://courses.example.org/x?y=1#z/"),
               loc=at(1, 1, "c/course.yaml"))
    [d] = metadata.identifiers(c)        # the default activity base is not reported again
    assert (d.code, d.loc.line, d.suggestion) == ("E105", 1, "https://courses.example.org/x")


def test_an_endpoint_with_a_user_and_password_is_refused(tmp_path):
    (tmp_path / "course.yaml").write_text(
        "id: https://courses.example.org/x\nxapi:\n  endpoint: https://reader:secret@lrs.example.org/xapi/\n")
    c = course(simple_scenario(), root=str(tmp_path), id="https://courses.example.org/x",
               xapi=XAPISettings(endpoint="https://reader:secret@lrs.example.org/xapi/"),
               loc=at(1, 1, "c/course.yaml"))
    [d] = metadata.identifiers(c)
    assert (d.code, d.loc.line, d.loc.col) == ("E105", 3, 13) and "xapi.auth" in d.message
    ok = course(simple_scenario(), xapi=XAPISettings(endpoint="https://lrs.example.org/xapi/"))
    assert list(metadata.identifiers(ok)) == []


def test_mastery_score_out_of_range():
    # Ending scores and weights out of range are the loader's to report (it sees the text).
    assert [d.code for d in metadata.mastery_score(course(simple_scenario(), mastery=1.5))] == ["E107"]
    assert list(metadata.mastery_score(course(simple_scenario(), mastery=0.3333))) == []
    fine = list(metadata.mastery_score(course(simple_scenario(), mastery=0.33333)))
    assert [(d.code, d.suggestion) for d in fine] == [("E107", "0.3333")]
    assert list(metadata.mastery_score(course(simple_scenario(), mastery=1))) == []


def test_credential_warning():
    c = course(simple_scenario(), xapi=XAPISettings(auth="Basic abc"))
    [d] = xapi_settings.lrs_credential(c)
    assert d.code == "W006" and "write" in d.message


# ------------------------------------------------------------------ learners and media

def test_unknown_feeling_suggests_vocabulary_word():
    s = scenario(node("start", choice("a", "end"), feelings=("frustated", "Angry")),
                 node("end", ending=ending(felt=("releived",), line=8)))
    assert found(feelings.unknown_feelings, course(s)) == [
        ("W003", 2, 11, "frustrated"), ("W003", 8, 7, "relieved")]


def test_course_feelings_extend_the_vocabulary():
    s = scenario(node("start", choice("a", "end"), feelings=("let down",)), node("end", ending=ending()))
    assert found(feelings.unknown_feelings, course(s)) == []


def test_feelings_that_learning_records_cannot_tell_apart_are_an_error():
    s = scenario(node("start", choice("a", "end")), node("end", ending=ending()))
    assert found(feelings.feelings_told_apart, course(s)) == []                 # the built-in words
    told = list(feelings.feelings_told_apart(course(s, feelings=vocabulary(("Tensión", "tensión!", "calma")))))
    assert [d.code for d in told] == ["E104"]
    assert "'tensión' and 'tensión!'" in told[0].message and "'tension'" in told[0].message


def test_feelings_joined_without_a_comma_are_told_to_use_one():
    s = scenario(node("start", choice("a", "end"), feelings=("frustrated; let down", "angry and hurt", "angry/hurt",
                                                             "calm and collected")),
                 node("end", ending=ending()))
    diags = list(feelings.unknown_feelings(course(s)))
    assert [d.suggestion for d in diags] == ["frustrated, let down", "angry, hurt", "angry, hurt", None]
    assert "separate feelings with commas" in diags[0].message
    assert "commas" not in diags[3].message  # 'collected' is no feeling: the usual unknown-feeling warning


def test_scenario_without_content_warning():
    c = course(simple_scenario(warning=None))
    assert found(feelings.scenarios_without_content_warning, c) == [("W002", 1, 1, None)]


def test_course_content_warning_covers_scenarios_without_their_own():
    # the player shows the course's warning before such a scenario
    c = course(simple_scenario(warning=None), content_warning=text("Course-wide warning"))
    assert found(feelings.scenarios_without_content_warning, c) == []


def test_images_alt_and_missing_files(tmp_path):
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "here.png").write_bytes(b"png")
    body = text(images=[image("media/here.png", line=2), image("media/gone.png", line=3),
                        image("media/here.png", alt="  ", line=4), image("../secret.png", line=5),
                        image("https://example.org/x.png", line=6), image("", line=8),
                        image("data:image/gif;base64,R0lGODlhAQABAAAAACw=", line=9)],
                links=[("media/handout.pdf", at(7, 2))])
    page = ContentPage("welcome", "page", "W", body, at(), "course/welcome.md")
    c = course(page, root=str(tmp_path))
    assert found(media.images_without_alt_text, c) == [("E301", 4, 3, None)]
    assert found(media.missing_media, c) == [("E302", 3, 3, None), ("E302", 5, 3, "media/secret.png"), ("W009", 6, 3, None),
                                             ("E302", 8, 3, None), ("E302", 7, 2, None)]


def test_media_linked_from_outside_the_course_folder(tmp_path):
    outside = tmp_path / "private.png"
    outside.write_bytes(b"png")
    root = tmp_path / "course"
    (root / "media").mkdir(parents=True)
    (root / "media" / "photo.png").symlink_to(outside)
    page = ContentPage("welcome", "page", "W", text(images=[image("media/photo.png", line=2)]), at(),
                       "course/welcome.md")
    diags = list(media.missing_media(course(page, root=str(root))))
    assert [(d.code, d.loc.line) for d in diags] == [("E302", 2)]
    assert "outside the course folder" in diags[0].message


def test_unused_files(tmp_path):
    for name in ("course.yaml", "welcome.md", "draft.md", "media/used.png", "media/old.png",
                 "media/.DS_Store"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    page = ContentPage("welcome", "page", "W", text(images=[image("media/used.png")]), at(),
                       str(tmp_path / "welcome.md"))
    c = course(page, root=str(tmp_path), files=("course.yaml", "welcome.md", "draft.md",
                                                "media/used.png", "media/old.png", "media/.DS_Store"))
    diags = list(files.unused_files(c))
    assert [d.code for d in diags] == ["W004", "W004"]
    assert diags[0].loc.path.endswith("draft.md") and "not listed under 'pages:'" in diags[0].message
    assert diags[1].loc.path.endswith("media/old.png") and diags[1].loc.line == 1


def test_a_theme_kept_in_the_course_folder_is_used_by_the_course(tmp_path):
    names = ("course.yaml", "welcome.md", "themes/our-brand/theme.yaml", "themes/our-brand/player.css",
             "themes/our-brand/templates/header.html.j2", "themes/old/player.css")
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("extends: default\n" if name.endswith("theme.yaml") else "x")
    page = ContentPage("welcome", "page", "W", text(), at(), str(tmp_path / "welcome.md"))
    c = course(page, root=str(tmp_path), files=names, theme="themes/our-brand")
    assert list(theme.theme_found(c)) == []
    assert [d.loc.path for d in files.unused_files(c)] == [str(tmp_path / "themes/old/player.css")]


def test_a_theme_that_cannot_be_found_is_reported_where_course_yaml_names_it(tmp_path):
    (tmp_path / "course.yaml").write_text("title: T\ntheme: dark\n")
    page = ContentPage("welcome", "page", "W", text(), at(), str(tmp_path / "welcome.md"))
    diags = list(theme.theme_found(course(page, root=str(tmp_path), theme="dark",
                                          loc=at(1, 1, str(tmp_path / "course.yaml")))))
    assert [(d.code, d.loc.line, d.loc.col) for d in diags] == [("E112", 2, 8)]
    assert "theme 'dark' not found" in diags[0].message and "default" in diags[0].message


@pytest.mark.parametrize("base_extends", ["defualt", "../our-brand"])  # not found; a circle
def test_the_files_of_a_broken_theme_in_the_course_folder_are_not_also_unused(tmp_path, base_extends):
    names = ("course.yaml", "welcome.md", "themes/our-brand/theme.yaml", "themes/our-brand/player.css",
             "themes/base/theme.yaml", "themes/base/templates/index.html.j2")
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "themes/our-brand/theme.yaml").write_text("extends: ../base\n")
    (tmp_path / "themes/base/theme.yaml").write_text(f"extends: {base_extends}\n")
    page = ContentPage("welcome", "page", "W", text(), at(), str(tmp_path / "welcome.md"))
    c = course(page, root=str(tmp_path), files=names, theme="themes/our-brand")
    assert [d.code for d in theme.theme_found(c)] == ["E112"]  # (said once, where it is wrong)
    assert list(files.unused_files(c)) == []


# ------------------------------------------------------------------ robustness

def test_a_failing_rule_becomes_an_internal_error_and_others_still_run():
    def broken(course):
        raise ValueError("boom")
    c = course(simple_scenario(warning=None))
    diags = run_checks(c, [("broken", broken), ("cw", feelings.scenarios_without_content_warning)])
    assert [d.code for d in diags] == ["E900", "W002"]
    assert "broken" in diags[0].message


def test_quiz_counts_toward_mastery():
    quiz = Quiz("check", "quiz", "Q", text(), at(), "course/check.md", ())
    c = course(simple_scenario(), quiz, score_parts=(ScorePart("check", 2, at()),))
    assert found(references.mastery_pages, c) == []


def test_mastery_without_counts():
    c = course(simple_scenario(), mastery=0.8)
    assert [d.code for d in metadata.mastery_without_counts(c)] == ["E102"]
    c = course(simple_scenario(), mastery=0.8, score_parts=(ScorePart("talk", 1, at()),))
    assert list(metadata.mastery_without_counts(c)) == []


def test_language_without_player_strings_warns():
    [d] = metadata.player_language(course(simple_scenario(), language="fr-CA"))
    assert d.code == "W008" and "'fr-CA'" in d.message and "en" in d.message
    assert list(metadata.player_language(course(simple_scenario(), language="es-MX"))) == []
    assert list(metadata.player_language(course(simple_scenario(), language="english"))) == []


def test_empty_interactive_pages():
    from compiler.check import contents
    quiz = Quiz("check", "quiz", "Q", text(), at(3), "course/check.md", ())
    empty = scenario(node("x", ending=ending()))
    empty = type(empty)(**{**{f: getattr(empty, f) for f in empty.__dataclass_fields__}, "nodes": {}})
    assert found(contents.empty_pages, course(simple_scenario(), quiz)) == [("E102", 3, 1, None)]
    assert found(contents.empty_pages, course(empty)) == [("E205", 1, 1, None)]


def test_ending_with_choices():
    s = scenario(node("start", choice("a", "end"), line=1),
                 node("end", choice("again", "start", line=9), line=7, ending=ending()))
    assert found(scenario_graph.endings_with_choices, course(s)) == [("E209", 9, 1, None)]
    assert found(scenario_graph.endings_with_choices, course(simple_scenario())) == []


# ------------------------------------------------------------------ a typo hides only what it must

def test_a_misspelt_target_counts_as_the_node_it_suggests():
    s = scenario(node("start", choice("a", "lisen"), choice("b", "end")),
                 node("listen", choice("c", "end"), line=4),
                 node("island", choice("d", "end"), line=6), node("end", ending=ending(), line=8))
    assert found(scenario_graph.unreachable_nodes, course(s)) == [("E202", 6, 1, None)]


def test_a_target_with_no_close_node_leaves_reachability_unknown():
    s = scenario(node("start", choice("a", "zzzzzz"), choice("b", "end")),
                 node("island", choice("d", "end"), line=6), node("end", ending=ending(), line=8))
    assert found(scenario_graph.unreachable_nodes, course(s)) == []


def test_a_misspelt_target_into_a_loop_is_a_dead_end():
    s = scenario(node("start", choice("a", "into"), choice("b", "end")),
                 node("into", choice("x", "lop1"), line=2),
                 node("loop1", choice("c", "loop2"), line=4),
                 node("loop2", choice("d", "loop1"), line=6), node("end", ending=ending(), line=8))
    assert found(scenario_graph.dead_ends, course(s)) == [("E203", 2, 1, None), ("E203", 4, 1, None),
                                                          ("E203", 6, 1, None)]


# ------------------------------------------------------------------ self-rating scales

def test_scale_steps_that_learning_records_cannot_tell_apart(tmp_path):
    from compiler.check import contents
    page_file = tmp_path / "rate.md"
    page_file.write_text('---\nkind: self-rating\ntitle: R\nscale: [Good, good, "good!", "", fair]\n---\n')
    rating = SelfRating(id="rate", kind="self-rating", title="R", body=text(), loc=at(1, 1, str(page_file)),
                        path=str(page_file), scale=("Good", "good", "good!", "", "fair"), scenario=None,
                        dimensions=())
    assert found(contents.scale_steps, course(rating)) == [("E104", 4, 15, None), ("E104", 4, 21, None),
                                                           ("E102", 4, 30, None)]


def test_a_link_to_the_file_of_a_page_with_another_id_names_the_id():
    story = ContentPage(id="story", kind="page", title="S", body=text(), loc=at(1, 1, "course/the-story.md"),
                        path="course/the-story.md")
    welcome = ContentPage(id="welcome", kind="page", title="W", body=text(links=[("#the-story", at(3, 9))]),
                          loc=at(1, 1, "course/welcome.md"), path="course/welcome.md")
    diags = list(references.unknown_links(course(welcome, story)))
    assert [(d.code, d.loc.line, d.suggestion) for d in diags] == [("E303", 3, "story")]
    assert "by its id" in diags[0].message


def test_a_page_link_with_a_query_is_reported():
    welcome = ContentPage(id="welcome", kind="page", title="W", body=text(links=[("welcome?a=1", at(3, 9))]),
                          loc=at(1), path=PAGE)
    assert found(references.unknown_links, course(welcome)) == [("E303", 3, 9, "welcome")]


def test_a_link_to_a_heading_another_page_lacks_is_reported_with_the_closest_heading():
    story = ContentPage(id="story", kind="page", title="S", body=text(), loc=at(1, 1, "course/story.md"),
                        path="course/story.md", headings=frozenset({"what-happened", "why"}))
    links = [("#story/h:what-hapened", at(3, 9)), ("#story/h:why", at(4, 1)), ("#story", at(5, 1))]
    welcome = ContentPage(id="welcome", kind="page", title="W", body=text(links=links), loc=at(1), path=PAGE)
    diags = list(references.unknown_links(course(welcome, story)))
    assert [(d.code, d.loc.line, d.loc.col, d.suggestion) for d in diags] == [("E303", 3, 9, "what-happened")]
    assert "page 'story' has no heading 'what-hapened'" in diags[0].message


def test_a_variable_read_but_never_changed_is_reported_at_its_declaration():
    reads = BinOp(">=", Var("patience", at(7, 9)), Num(1, at(7, 21)), at(7, 9))
    s = scenario(node("start", choice("a", (reads, "end"), "end", effects=(Effect("trust", "+", 1, at(3)),))),
                 node("end", ending=ending()), state={"trust": 0, "patience": 0})
    assert found(variables.unchanged_variables, course(s)) == [("W010", 4, 11, None)]


def test_a_threshold_compared_with_a_variable_that_changes_is_not_reported():
    """`trust > patience`: patience is a fixed bar on purpose; the answer changes with trust."""
    reads = BinOp(">", Var("trust", at(7, 9)), Var("patience", at(7, 17)), at(7, 9))
    s = scenario(node("start", choice("a", (reads, "end"), "end", effects=(Effect("trust", "+", 1, at(3)),))),
                 node("end", ending=ending()), state={"trust": 0, "patience": 2})
    assert found(variables.unchanged_variables, course(s)) == []


# ------------------------------------------------------------------ messages that said the wrong thing

def test_a_mastery_score_just_over_one_is_printed_as_written():
    [d] = metadata.mastery_score(course(simple_scenario(), mastery=1.0000001))
    assert "1.0000001 is outside" in d.message


def test_a_missing_file_suggests_only_a_close_name_in_its_folder(tmp_path):
    body = text(links=[("media/nothere.pdf", at(3, 2)), ("media/desk.png", at(4, 2))])
    page = ContentPage("welcome", "page", "W", body, at(), "course/welcome.md")
    c = course(page, root=str(tmp_path), files=("media/old.png", "media/desk.svg", "desk.png"))
    assert [d.suggestion for d in media.missing_media(c)] == [None, "media/desk.svg"]


def test_a_file_on_the_authors_computer_is_an_error_shown_as_written(tmp_path):
    # markdown-it percent-encodes '\\': the message shows the address as the author typed it
    body = text(images=[image("C:%5CUsers%5Cana%5CPictures%5Cdesk.png", line=2)],
                links=[("D:%5Cdocs%5Cnotes.pdf", at(3, 2)), ("C:/x/notes.pdf", at(4, 2))])
    page = ContentPage("welcome", "page", "W", body, at(), "course/welcome.md")
    c = course(page, root=str(tmp_path), files=("media/desk.png",))
    diags = list(media.missing_media(c))
    assert [(d.code, d.suggestion) for d in diags] == [("E302", "media/desk.png"), ("E302", "media/notes.pdf"),
                                                       ("E302", "media/notes.pdf")]
    assert "'C:\\Users\\ana\\Pictures\\desk.png' is a file on your computer" in diags[0].message
    assert "'D:\\docs\\notes.pdf'" in diags[1].message and "%5C" not in diags[1].message


def test_a_missing_file_suggests_the_file_it_most_likely_meant(tmp_path):
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "Desk.PNG").write_bytes(b"png")
    (tmp_path / "media" / "desk.svg").write_bytes(b"svg")
    body = text(images=[image("media/desk.png", line=2), image("Desk.PNG", line=3), image("/media/desk.svg", line=4)])
    page = ContentPage("welcome", "page", "W", body, at(), "course/welcome.md")
    c = course(page, root=str(tmp_path), files=("media/Desk.PNG", "media/desk.svg"))
    diags = list(media.missing_media(c))
    assert [(d.loc.line, d.suggestion) for d in diags] == [(2, "media/Desk.PNG"), (3, "media/Desk.PNG"),
                                                           (4, "media/desk.svg")]
    assert "capitals" in diags[0].message
    assert "outside" not in diags[2].message and "starts with '/'" in diags[2].message


def test_a_file_found_only_in_other_capitals_is_missing_on_a_web_server(tmp_path):
    # on macOS and Windows `media/desk.png` opens `media/Desk.png`; a Linux web server does not
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "desk.png").write_bytes(b"png")
    page = ContentPage("welcome", "page", "W", text(images=[image("media/desk.png")]), at(), "course/welcome.md")
    c = course(page, root=str(tmp_path), files=("media/Desk.png",))  # the listing is what the folder holds
    assert [d.suggestion for d in media.missing_media(c)] == ["media/Desk.png"]


def test_a_same_page_link_to_nothing_says_page_or_heading():
    # the renderer turns [t](nope) into '#nope' too: only the one written with '#' may mean a heading
    body = text("See [below](#nope) and [the page](nowhere).", links=[("#nope", at(3, 9)), ("#nowhere", at(3, 30))])
    page = ContentPage("welcome", "page", "W", body, at(), "course/welcome.md", headings=frozenset({"why"}))
    same_page, other = references.unknown_links(course(page))
    assert "no page, and no heading on this page, is called 'nope'" in same_page.message
    assert "unknown page 'nowhere'" in other.message


def test_a_page_id_two_pages_claim_is_not_judged_by_the_page_kept():
    # welcome.md says `id: practice` and practice.md is the scenario: the loader reports E104
    # and keeps welcome under 'practice'; mastery, self-rating and heading links must not guess
    welcome = ContentPage("practice", "page", "W", text("See [it](practice#end).", links=[("#practice/h:end", at(4, 9))]),
                          at(), "course/welcome.md")
    rating = SelfRating("rate", "self-rating", "R", text(), at(2), "course/rate.md", ("good", "bad"), "practice", ())
    order = (("practice", at(10, 5, "course/course.yaml")), ("practice", at(11, 5, "course/course.yaml")),
             ("rate", at(12, 5, "course/course.yaml")))
    c = course(welcome, rating, page_order=order, score_parts=(ScorePart("practice", 1, at(20, 7)),))
    assert found(references.mastery_pages, c) == []
    assert found(references.self_rating_scenarios, c) == []
    assert found(references.unknown_links, c) == []


def test_a_language_without_strings_does_not_send_authors_to_the_source():
    [d] = metadata.player_language(course(simple_scenario(), language="i-klingon"))
    assert "compiler/" not in d.message and ".json" not in d.message


# ------------------------------------------------------------------ paths with state

def _cond(op, name, value, line=1):
    return BinOp(op, Var(name, at(line, 5)), Num(value, at(line, 9)), at(line, 5))


def test_a_node_whose_every_choice_is_conditional_and_false_on_a_real_path_is_reported():
    # 'cold' is reached only with trust -1 and calm 0: both of its offers are false there.
    s = scenario(node("start", choice("brush off", "cold", effects=(Effect("trust", "-", 1, at()),), line=3),
                      choice("listen", "end", line=4), line=2),
                 node("cold", choice("apologise", "end", offered_if=_cond(">=", "trust", 0), line=8),
                      choice("breathe", "end", offered_if=_cond(">=", "calm", 1), line=9), line=7),
                 node("end", ending=ending(), line=12), state={"trust": 0, "calm": 0})
    diags = list(scenario_paths.stuck_learners(course(s)))
    assert [(d.code, d.loc.line) for d in diags] == [("E210", 7)]
    assert "after 'say brush off'" in diags[0].message and "calm 0, trust -1" in diags[0].message


def test_a_choice_whose_branches_all_fail_on_a_real_path_is_reported_once():
    # The choice raises patience to 1; only patience >= 2 or visited(other) lead on.
    waits = choice("wait", (_cond(">=", "patience", 2, 3), "end"), (Visited("other", at(3, 30)), "other"),
                   effects=(Effect("patience", "+", 1, at()),), line=3)
    s = scenario(node("start", waits, line=2), node("other", choice("on", "end", line=6), line=5),
                 node("end", ending=ending(), line=8), state={"patience": 0})
    diags = list(scenario_paths.stuck_learners(course(s)))
    assert [(d.code, d.loc.line) for d in diags] == [("E210", 3)]
    assert "leads nowhere" in diags[0].message and "at the start, with patience 0" in diags[0].message


def test_conditions_that_always_leave_a_way_on_are_not_reported():
    # An early choice has a delayed consequence; every state still has an offered choice.
    s = scenario(node("start", choice("rush", "middle", effects=(Effect("trust", "-", 1, at()),)),
                      choice("listen", "middle", effects=(Effect("trust", "+", 1, at()),))),
                 node("middle", choice("fix it", (_cond(">", "trust", 0), "good"), "bad"),
                      choice("insist", "bad", offered_if=_cond("<", "trust", 0))),
                 node("good", ending=ending()), node("bad", ending=ending(0.2)), state={"trust": 0})
    assert list(scenario_paths.stuck_learners(course(s))) == []


def test_a_loop_that_keeps_adding_is_explored_within_the_limit():
    # trust grows forever around the loop; the exploration stops, and a way on always exists.
    s = scenario(node("start", choice("again", "start", effects=(Effect("trust", "+", 1, at()),)),
                      choice("leave", "end", offered_if=_cond(">", "trust", -1))),
                 node("end", ending=ending()), state={"trust": 0})
    assert list(scenario_paths.stuck_learners(course(s))) == []
