"""Packages carry the runtime without comments and needless white space, and it still runs."""
from compiler.package.minify import minify_css, minify_js


def test_minified_js_drops_comments_and_keeps_strings():
    code = b"/* why */\nvar a = 1; // note\nvar s = '/* not a comment */';\n"
    out = minify_js(code)
    assert b"why" not in out and b"note" not in out
    assert b"'/* not a comment */'" in out
    assert len(out) < len(code)


def test_minified_css_keeps_rules():
    out = minify_css(b"/* theme */\nbody {\n  color: #111;\n}\n")
    assert out == b"body{color:#111}\n"
