"""Themes: resolution by name or path, child-first templates, parent-first CSS."""
from pathlib import Path

import pytest

from compiler.package.minify import minify_css

from compiler.render.site import RenderError, render_site
from compiler.render.themes import ThemeError, builtin_themes_dir, resolve_theme


def make_theme(folder: Path, extends: str | None, css: str = "", templates: dict | None = None) -> Path:
    folder.mkdir(parents=True)
    if extends:
        (folder / "theme.yaml").write_text(f"extends: {extends}\n")
    if css:
        (folder / "player.css").write_text(css)
    for name, text in (templates or {}).items():
        (folder / "templates").mkdir(exist_ok=True)
        (folder / "templates" / name).write_text(text)
    return folder


def test_builtin_default_theme_is_found_by_name():
    theme = resolve_theme("default")
    assert theme.chain == (builtin_themes_dir() / "default",)
    assert (builtin_themes_dir() / "default" / "templates" / "index.html.j2").is_file()


def test_child_theme_overrides_a_template_and_adds_css(tmp_path, course):
    brand = make_theme(tmp_path / "brand", "default", css=".brand{color:#123}\n")
    child = make_theme(tmp_path / "child", "../brand", css=".child{color:#456}\n", templates={
        "header.html.j2": '<header class="top"><p class="course-title">{{ course.title }} — Acme</p></header>\n'})
    site = render_site(course, str(child))
    html = site["index.html"].decode()
    assert '<p class="course-title">Calm &amp; kind — Acme</p>' in html
    assert 'data-act="menu"' not in html  # the default header is gone, not merged
    assert '<section class="page" data-page="welcome"' in html  # default templates still used
    default_css = (builtin_themes_dir() / "default" / "player.css").read_bytes()
    # parent first, so the child's rules win; minified as packages ship it
    assert site["assets/player.css"] == minify_css(default_css + b".brand{color:#123}\n.child{color:#456}\n")
    assert resolve_theme(str(child)).chain == (child, brand, builtin_themes_dir() / "default")


def test_a_childs_rules_still_win_over_the_kinds_stylesheet_loaded_later(tmp_path, course):
    """assets/kinds.css comes after player.css (with kinds.js). A child theme that restyles
    a kind in its player.css must still win: kinds.css repeats the child's player.css after
    the default kinds.css, and adds the child's own kinds.css last."""
    child = make_theme(tmp_path / "child", "default", css=".node{border:0}\n")
    (child / "kinds.css").write_text(".choice{color:#123}\n")
    site = render_site(course, str(child))
    default = builtin_themes_dir() / "default"
    assert site["assets/player.css"] == minify_css((default / "player.css").read_bytes() + b".node{border:0}\n")
    assert site["assets/kinds.css"] == minify_css(
        (default / "kinds.css").read_bytes() + b".node{border:0}\n.choice{color:#123}\n")
    # The default kinds.css styles .node; the child's override comes after it.
    kinds = site["assets/kinds.css"].decode()
    assert kinds.index(".node{border:0}") > kinds.index(".node")
    # Not deferred: one stylesheet, each theme's player.css then kinds.css, parent first.
    whole = render_site(course, str(child), defer_kinds=False)
    assert "assets/kinds.css" not in whole
    assert whole["assets/player.css"] == minify_css(
        (default / "player.css").read_bytes() + (default / "kinds.css").read_bytes()
        + b".node{border:0}\n.choice{color:#123}\n")


def test_course_yaml_theme_path_is_relative_to_the_course_folder(tmp_path, course):
    import dataclasses

    make_theme(tmp_path / "themes" / "mine", "default", css="p{}\n")
    site = render_site(dataclasses.replace(course, root=str(tmp_path), theme="themes/mine"))
    assert site["assets/player.css"].endswith(b"p{}\n")


@pytest.mark.parametrize("setup,message", [
    (lambda p: p / "nowhere", "theme '{p}/nowhere' not found"),
    (lambda p: make_theme(p / "loop", "../loop"), "themes extend each other in a circle"),
    (lambda p: make_theme(p / "bare", None, css="x{}"), "has no templates/index.html.j2"),
])
def test_broken_themes_give_a_message_not_a_traceback(tmp_path, course, setup, message):
    folder = setup(tmp_path)
    with pytest.raises(RenderError) as caught:
        render_site(course, str(folder))
    assert message.format(p=tmp_path) in str(caught.value)


def test_template_errors_name_the_template(tmp_path, course):
    child = make_theme(tmp_path / "bad", "default", templates={"header.html.j2": "{{ course.nope }}"})
    with pytest.raises(RenderError, match="template error"):
        render_site(course, str(child))


def build_with_theme(theme: Path, out: Path):
    """`empathy build` of an example course with `--theme THEME`, as an author runs it."""
    from click.testing import CliRunner

    from compiler.cli import main
    from handmade import COURSES

    return CliRunner().invoke(main, ["build", str(COURSES / "fee-waiver"), "--target", "web",
                                     "-o", str(out), "--theme", str(theme)])


@pytest.mark.parametrize("line,message", [
    ("{{ no_such_variable }}", "template error: 'no_such_variable' is undefined"),
    ("{{ course.subtitle }}", "template error: 'dict object' has no attribute 'subtitle'"),
    ("{{ course.pages | length / 0 }}", "template error: division by zero (ZeroDivisionError)"),
    ("{% for page in course.pages | length %}{% endfor %}",
     "template error: 'int' object is not iterable (TypeError)"),
    ('{% include "banner.html.j2" %}', "template 'banner.html.j2' not found in the theme chain"),
    ("{{ course.title }", "template error: unexpected '}'"),
])
def test_a_template_mistake_names_its_line_and_is_never_a_traceback(tmp_path, line, message):
    theme = make_theme(tmp_path / "brand", "default", templates={
        "header.html.j2": f'<header class="top">\n<p>{line}</p>\n</header>\n'})
    result = build_with_theme(theme, tmp_path / "out")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.startswith(f"Error: {theme}/templates/header.html.j2:2: {message}"), result.stderr


@pytest.mark.parametrize("theme_yaml,message", [
    ("extnds: default\n", "theme.yaml:1:1: unknown key 'extnds' in theme.yaml (known: extends, name) "
                          "(did you mean 'extends'?)"),
    ("extends: defualt\n", "theme.yaml:1:10: theme 'defualt' not found: no folder {theme}/defualt (a "
                           "built-in theme name: default; or a path to a theme folder) (did you mean "
                           "'default'?)"),
    ("extends: [default\n", "theme.yaml:1:10: YAML does not parse: the '[' that opens here is "
                            "never closed with ']'"),
    ("extends: ''\n", "theme.yaml:1:10: 'extends' in theme.yaml is empty"),
    ("- default\n", "theme.yaml:1:1: theme.yaml expects keys like 'extends: default', got a list"),
    ("colour: red\nextends: defualt\n", "theme.yaml:1:1: unknown key 'colour' in theme.yaml "
     "(known: extends, name); {theme}/theme.yaml:2:10: theme 'defualt' not found"),
])
def test_a_theme_yaml_mistake_is_shown_at_its_line_and_column(tmp_path, theme_yaml, message):
    theme = make_theme(tmp_path / "brand", None, templates={"header.html.j2": "<header></header>\n"})
    (theme / "theme.yaml").write_text(theme_yaml)
    result = build_with_theme(theme, tmp_path / "out")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.startswith(f"Error: {theme}/" + message.format(theme=theme)), result.stderr


def test_unknown_theme_name_lists_the_builtin_ones():
    with pytest.raises(ThemeError, match="default"):
        resolve_theme("glitter")


def test_the_template_cache_changes_nothing_but_speed(tmp_path, course, monkeypatch, template_cache):
    first = render_site(course)["index.html"]  # fills the cache
    assert any(template_cache.glob("templates/*"))
    cached = render_site(course)["index.html"]
    monkeypatch.setenv("EMPATHY_CACHE_DIR", "off")
    assert render_site(course)["index.html"] == cached == first


def test_an_edited_template_is_not_served_from_the_cache(tmp_path, course):
    child = make_theme(tmp_path / "child", "default", templates={"header.html.j2": "<p>one</p>\n"})
    assert "<p>one</p>" in render_site(course, str(child))["index.html"].decode()
    (child / "templates" / "header.html.j2").write_text("<p>two</p>\n")
    assert "<p>two</p>" in render_site(course, str(child))["index.html"].decode()


def test_a_template_that_is_not_utf8_is_an_author_error(tmp_path, course):
    child = make_theme(tmp_path / "latin1", "default")
    (child / "templates").mkdir()
    (child / "templates" / "header.html.j2").write_bytes("<header>\n<p>caf\xe9</p>".encode("latin-1"))
    with pytest.raises(RenderError) as caught:
        render_site(course, str(child))
    assert str(caught.value) == (f"{child}/templates/header.html.j2:2:7: the file is not UTF-8 text "
                                 "(byte 0xe9 here); save it as UTF-8")


def test_a_byte_order_mark_does_not_break_the_child_themes_first_rule(tmp_path, course):
    # Editors on Windows often start a file with one; joined after the parent's CSS it
    # would stand before `.brand` and make the rule match nothing.
    child = make_theme(tmp_path / "child", "default")
    (child / "player.css").write_bytes(b"\xef\xbb\xbf.brand{color:#123}\r\n")
    css = render_site(course, str(child))["assets/player.css"]
    assert css.endswith(b"}.brand{color:#123}\n") and b"\xef\xbb\xbf" not in css


def test_a_stylesheet_that_is_not_utf8_is_named_with_its_line_and_column(tmp_path):
    child = make_theme(tmp_path / "latin1", "default")
    (child / "player.css").write_bytes('a{}\nbody{font-family:"Caf\xe9"}\n'.encode("latin-1"))
    result = build_with_theme(child, tmp_path / "out")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert result.stderr == (f"Error: {child}/player.css:2:22: the file is not UTF-8 text (byte 0xe9 "
                             "here); save it as UTF-8\n")


# ---------------------------------------------------------------- building on a parent's template


def test_a_child_template_extends_the_parents_template_of_the_same_name(tmp_path, course):
    # The default header.html.j2 has no blocks, so a parent that defines one is needed to
    # show the child really extends it (and keeps what it does not override).
    brand = make_theme(tmp_path / "brand", "default", templates={
        "header.html.j2": '<header class="brand">{% block title %}<p>{{ course.title }}</p>'
                          '{% endblock %}<p class="brand-mark">Acme</p></header>\n'})
    child = make_theme(tmp_path / "child", "../brand", templates={
        "header.html.j2": '{% extends "parent/header.html.j2" %}'
                          '{% block title %}<p class="mine">{{ course.title }}!</p>{% endblock %}'})
    html = render_site(course, str(child))["index.html"].decode()
    assert '<header class="brand"><p class="mine">Calm &amp; kind!</p><p class="brand-mark">Acme</p></header>' in html
    assert html.count("<header") == 1
    # the same page through the theme's folder name
    (child / "templates" / "header.html.j2").write_text(
        '{% extends "brand/header.html.j2" %}{% block title %}<p class="mine">by name</p>{% endblock %}')
    assert '<p class="mine">by name</p><p class="brand-mark">Acme</p>' in render_site(course, str(child))["index.html"].decode()


def test_a_child_template_includes_the_default_template_it_replaces(tmp_path, course):
    default_header = render_site(course)["index.html"].decode()
    start = default_header.index('<a class="skip"')
    default_header = default_header[start:default_header.index("</header>", start) + len("</header>")]
    for reference in ("default/header.html.j2", "parent/header.html.j2"):
        child = make_theme(tmp_path / f"via-{reference.split('/')[0]}", "default", templates={
            "header.html.j2": f'<div class="banner">Acme</div>\n{{% include "{reference}" %}}'})
        html = render_site(course, str(child))["index.html"].decode()
        assert '<div class="banner">Acme</div>\n' + default_header in html, reference


def test_parent_is_relative_to_the_template_that_says_it(tmp_path, course):
    # Three levels each wrapping the next one up: child -> brand -> default.
    make_theme(tmp_path / "brand", "default", templates={
        "header.html.j2": '<div class="brand">{% include "parent/header.html.j2" %}</div>'})
    child = make_theme(tmp_path / "child", "../brand", templates={
        "header.html.j2": '<div class="child">{% include "parent/header.html.j2" %}</div>'})
    html = render_site(course, str(child))["index.html"].decode()
    assert '<div class="child"><div class="brand"><a class="skip"' in html
    assert html.count('<header class="top">') == 1


def test_a_missing_parent_template_is_named_in_the_error(tmp_path, course):
    child = make_theme(tmp_path / "child", "default", templates={
        "header.html.j2": '{% extends "parent/footer.html.j2" %}'})
    with pytest.raises(RenderError) as caught:
        render_site(course, str(child))
    message = str(caught.value)
    assert "'parent/footer.html.j2' not found in the theme chain child -> default" in message


def test_a_template_extending_its_own_name_gets_advice(tmp_path, course):
    child = make_theme(tmp_path / "child", "default", templates={
        "header.html.j2": '{% extends "header.html.j2" %}'})
    with pytest.raises(RenderError, match="parent/NAME"):
        render_site(course, str(child))


def test_a_theme_named_like_its_parent_reaches_the_parent_by_name(tmp_path, course):
    child = make_theme(tmp_path / "default", "default", templates={
        "header.html.j2": '<div class="mine">{% include "default/header.html.j2" %}</div>'})
    html = render_site(course, str(child))["index.html"].decode()
    assert '<div class="mine"><a class="skip"' in html


def _with_credential(course):
    from dataclasses import replace
    return replace(course, xapi=replace(course.xapi, endpoint="https://lrs.example.org/xapi/",
                                        auth="Basic c2VjcmV0OnNlY3JldA=="))


@pytest.mark.parametrize("script", ['<script id="course" type="application/json">',
                                    "<script type='application/json' data-x id=course>"])
def test_cmi5_leaves_the_credential_out_whatever_the_theme_writes(tmp_path, course, script):
    from compiler.targets import registry
    index = (builtin_themes_dir() / "default" / "templates" / "index.html.j2").read_text()
    index = index.replace('<script type="application/json" id="course">', script)
    theme = make_theme(tmp_path / "brand", "default", templates={"index.html.j2": index})
    secret = _with_credential(course)
    site = render_site(secret, str(theme))
    assert b"c2VjcmV0OnNlY3JldA" in site["index.html"]  # web and SCORM keep it (W006 says so)
    for name in ("cmi5", "xapi"):
        files = registry.get(name).package_files(secret, site)
        assert b"c2VjcmV0OnNlY3JldA" not in files["index.html"], name


def test_a_theme_that_shows_the_credential_elsewhere_stops_the_cmi5_build(tmp_path, course):
    from compiler.targets import registry
    theme = make_theme(tmp_path / "brand", "default", templates={
        "header.html.j2": '<header><p>{{ course.xapi.auth }}</p></header>\n'})
    secret = _with_credential(course)
    site = render_site(secret, str(theme))
    with pytest.raises(RenderError, match="xapi.auth"):
        registry.get("cmi5").package_files(secret, site)
