"""The Markdown renderer: callouts, page links, raw HTML, images and links with real lines."""
from __future__ import annotations

import re

from compiler.markdown import MarkdownRenderer

R = MarkdownRenderer()


def render(text, line=10, col=1, renderer=R):
    return renderer.render(text, "p.md", line, col)


def test_callouts_are_asides():
    for name in ("note", "tip", "warning", "support"):
        md, diags = render(f"::: {name}\nText\n:::\n")
        assert diags == []
        assert md.html == f'<aside class="callout callout-{name}" role="note">\n<p>Text</p>\n</aside>\n'


def test_callouts_without_a_title_get_their_kinds_label():
    labelled = MarkdownRenderer(labels={"note": "Nota", "tip": "Consejo"})
    md, _ = render("::: note\nText\n:::\n", renderer=labelled)
    assert md.html == '<aside class="callout callout-note" role="note">\n<p class="callout-title">Nota</p>\n<p>Text</p>\n</aside>\n'
    md, _ = render("::: tip Read twice\nText\n:::\n", renderer=labelled)   # the author's title wins,
    # and the kind is still said to screen readers (not only shown by a colour)
    assert '<p class="callout-title"><span class="sr">Consejo: </span>Read twice</p>' in md.html


def test_callout_title_is_escaped():
    md, _ = render("::: warning Before <you> start\nText\n:::\n")
    assert '<p class="callout-title">Before &lt;you&gt; start</p>' in md.html


def test_unknown_block_name_is_reported_with_suggestion():
    md, diags = render("Intro\n\n::: tipp\nText\n:::\n")
    assert [(d.code, d.loc.line, d.suggestion) for d in diags] == [("E006", 12, "tip")]


def test_page_links_and_external_links():
    md, _ = render("[a](welcome) [b](welcome.md) [c](https://example.org) [d](media/guide.pdf) [e](#top)")
    assert '<a href="#welcome">a</a>' in md.html
    assert '<a href="#welcome">b</a>' in md.html
    assert '<a href="https://example.org" rel="noopener">c</a>' in md.html
    assert '<a href="media/guide.pdf">d</a>' in md.html
    assert [href for href, _ in md.links] == ["#welcome", "#welcome", "https://example.org", "media/guide.pdf",
                                              "#top"]


def test_images_and_links_have_file_lines_and_columns():
    md, _ = render("\n\nFirst line\nsee ![A *calm* desk](media/desk.png)\n\n- item [x](other)\n", line=20)
    assert md.loc.line == 22  # leading blank lines move the start down
    assert [(i.src, i.alt, i.loc.line, i.loc.col) for i in md.images] == [("media/desk.png", "A calm desk", 23, 5)]
    assert [(h, loc.line, loc.col) for h, loc in md.links] == [("#other", 25, 12)]


def test_first_line_column_offset():
    md, _ = render("Say [hi](welcome)", line=7, col=5)
    assert (md.links[0][1].line, md.links[0][1].col) == (7, 14)  # the href


def test_image_without_alt_is_recorded_empty():
    md, _ = render("![](media/x.png)")
    assert md.images[0].alt == ""


def test_raw_html_block_and_inline():
    md, diags = render("Hello <em>there</em>\n\n<div onclick=\"x()\">\nHi\n</div>\n", line=1)
    assert [(d.code, d.loc.line, d.loc.col) for d in diags] == [("E304", 1, 7), ("E304", 3, 1)]
    assert "<em>" not in md.html and "<div" not in md.html
    assert "&lt;em&gt;" in md.html


def test_raw_html_allowed():
    md, diags = render("Hello <em>there</em>", renderer=MarkdownRenderer(allow_html=True))
    assert diags == [] and "<em>there</em>" in md.html


def test_tables():
    md, _ = render("| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert "<table>" in md.html and "<td>2</td>" in md.html


def test_output_is_deterministic():
    text = "# T\n\n::: note\n[x](p)\n:::\n\n![a](b.png)\n"
    assert render(text)[0] == render(text)[0]
    assert render(text)[0].html == MarkdownRenderer().render(text, "p.md", 10)[0].html


def test_empty_text():
    md, diags = render("\n\n  \n")
    assert md.source == "" and md.html == "" and diags == []


def test_overlong_text_is_refused_not_rendered():
    md, diags = render("[" * 200_000, line=4)
    assert md.html == "" and [(d.code, d.loc.line) for d in diags] == [("E002", 4)]


def test_unclosed_callout_is_reported_where_it_opens():
    md, diags = render("Intro\n\n::: tip\nNever closed\n\nThe rest of the page.\n", line=4)
    assert [(d.code, d.loc.line, d.loc.col) for d in diags] == [("E006", 6, 1)]
    assert "'::: tip' callout that opens here is never closed" in diags[0].message


def test_a_callout_left_open_before_the_next_one_is_the_one_reported():
    _, diags = render("::: tip\nRead twice.\n\n::: warning\nSafety first.\n:::\n\nThe end.\n", line=4)
    assert [(d.code, d.loc.line) for d in diags] == [("E006", 4)]
    assert "'::: tip' callout that opens here is not closed before the '::: warning'" in diags[0].message


def test_a_callout_closed_with_two_colons_is_reported_once():
    _, diags = render("::: tip\nRead twice.\n::\n\n::: warning\nSafety first.\n:::\n", line=4)
    assert [(d.code, d.loc.line, d.suggestion) for d in diags] == [("E006", 6, ":::")]


def test_closed_callouts_are_not_reported():
    _, diags = render("::: note\nA\n:::\n\n::: warning Careful\nB\n:::\n")
    assert diags == []


def test_html_comments_are_notes_for_authors_and_are_dropped():
    md, diags = render("<!-- block note -->\n\nSay hi <!-- inline note --> now.\n")
    assert diags == []
    assert "note" not in md.html and "Say hi  now." in md.html


def test_headings_get_ids_that_clash_with_no_page_and_no_player_element():
    md, diags = render("## What this *practice* is for\n\n### Course\n")
    assert diags == []
    assert '<h2 id="h:what-this-practice-is-for">' in md.html and '<h3 id="h:course">' in md.html


def test_a_link_to_a_heading_of_the_page_is_rewritten_to_its_id():
    from compiler.markdown import heading_ids
    renderer = MarkdownRenderer()
    renderer.anchors = heading_ids(["## What this *practice* is for", "```", "## not a heading", "```"])
    assert renderer.anchors == {"what-this-practice-is-for"}
    md, diags = render("[goals](#what-this-practice-is-for) [page](#welcome)", renderer=renderer)
    assert diags == [] and [href for href, _ in md.links] == ["#h:what-this-practice-is-for", "#welcome"]
    assert 'href="#h:what-this-practice-is-for"' in md.html


def test_a_link_to_a_heading_with_accents_is_rewritten_too():
    from compiler.markdown import heading_ids
    renderer = MarkdownRenderer()
    renderer.anchors = heading_ids(["## ¿Qué pasó?"])
    md, diags = render("[x](#qué-pasó)", renderer=renderer)
    assert diags == [] and md.links[0][0].startswith("#h:") and 'id=' not in md.html
    assert md.links[0][0] in ("#h:qué-pasó", "#h:qu%C3%A9-pas%C3%B3")


def test_a_link_to_a_heading_of_another_page_names_the_page_and_the_heading():
    md, diags = render("[how](the-story#what-happened) [also](the-story.md#qué-pasó) [top](the-story#)")
    assert diags == []
    assert [href for href, _ in md.links] == ["#the-story/h:what-happened", "#the-story/h:qué-pasó", "#the-story"]
    assert 'href="#the-story/h:what-happened"' in md.html


def test_an_unknown_block_named_like_another_tools_callout_lists_the_callouts():
    md, diags = render("::: info\nA calm voice helps.\n:::\n")
    assert [d.code for d in diags] == ["E006"] and "callouts are note, tip" in diags[0].message
    assert diags[0].suggestion != "if"


def test_unsafe_links_are_reported_where_they_are():
    md, diags = render("Fine.\nA [js](javascript:alert(1)) and [d](data:text/html,hi) ![i](vbscript:x)\n")
    assert [(d.code, d.loc.line, d.loc.col) for d in diags] == [("E305", 11, 8), ("E305", 11, 37),
                                                                ("E305", 11, 61)]
    assert 'href="javascript' not in md.html


def test_an_unknown_block_suggests_if_too():
    md, diags = render("::: iff trust > 1\nText\n:::\n")
    assert [(d.code, d.suggestion) for d in diags][0] == ("E006", "if") and "::: if CONDITION" in diags[0].message


def test_a_note_that_is_never_closed_is_said_to_be_unclosed_not_raw_html():
    md, diags = render("Before.\n\n<!-- a note to myself\n\nThe rest of the page.\n")
    assert [(d.code, d.loc.line) for d in diags] == [("E006", 12)]   # the third line of a text at line 10
    assert "never closed" in diags[0].message and "<!--" not in md.html


def test_an_address_with_a_space_is_reported_but_not_in_code_or_escaped_brackets():
    md, diags = render("See ![the floor](media/shop floor.png) and [the guide](the guide.pdf).")
    assert [(d.code, d.loc.col, d.suggestion) for d in diags] == [("E306", 5, "<media/shop floor.png>"),
                                                                    ("E306", 44, "<the guide.pdf>")]
    for fine in ('To link, write `[text](my page)` like this.', "Literal \\[note\\](see the appendix).",
                 '[x](https://x.org "A title")', "![a](<media/a b.png>)", "plain (a b) [c] d"):
        assert render(fine)[1] == [], fine


def test_words_in_a_link_address_are_not_told_to_go_between_angle_brackets():
    # `<Where is my order?>` would only be a link to an unknown page
    _, diags = render("Read [the story](Where is my order?) first.")
    assert [(d.code, d.loc.col, d.suggestion) for d in diags] == [("E306", 6, None)]
    assert "page id" in diags[0].message and "web address" in diags[0].message and "<" not in diags[0].message


def test_a_link_is_placed_at_its_address_as_written_and_two_images_on_a_line_apart():
    md, _ = render("See [more](#café-more-now) and [it](#café-more-now).\n\n![One.](a.png) ![Two.](b.png)")
    assert [(loc.line, loc.col) for _, loc in md.links] == [(10, 12), (10, 37)]
    assert [(image.loc.line, image.loc.col) for image in md.images] == [(12, 1), (12, 16)]


def test_heading_ids_are_those_the_renderer_gives():
    from compiler.markdown import heading_ids
    lines = ["Setext title", "------------", "", "## Tom &amp; Jerry", "", "```", "## in a fence", "```"]
    md, _ = render("\n".join(lines))
    rendered = set(re.findall(r'id="h:([^"]*)"', md.html))
    assert heading_ids(lines) == rendered == {"setext-title", "tom-jerry"}
    assert heading_ids(["Just text.", "", "* a list"]) == frozenset()


def test_callout_lines_one_colon_short_are_reported_not_shown_as_text():
    for opening in (":: support", "::support", "::supprot"):
        md, diags = render(f"{opening}\nTalk to your lead.\n:::\n")
        assert [(d.code, d.loc.line, d.suggestion) for d in diags] == [("E006", 10, "::: support")], opening
    md, diags = render("::: tip\nBreathe.\n::\n")
    assert [(d.code, d.loc.line, d.suggestion) for d in diags] == [("E006", 12, ":::")]


def test_a_colon_line_that_closes_nothing_is_reported_even_right_under_text():
    md, diags = render("::::tip\nBreathe.\n:::\n")      # four colons open, so three do not close
    assert [(d.code, d.loc.line) for d in diags] == [("E006", 12)]
    assert "closes nothing" in diags[0].message


def test_a_scenario_or_coaching_block_on_another_kind_of_page_says_where_it_belongs():
    _, diags = render("::: if trust > 1\nHi.\n:::\n")
    assert [d.code for d in diags] == ["E006"] and "for conditional text, in scenario nodes" in diags[0].message
    _, diags = render("::: model-answer\nHi.\n:::\n")
    assert [d.code for d in diags] == ["E006"] and "for coaching questions" in diags[0].message
    assert diags[0].suggestion is None
