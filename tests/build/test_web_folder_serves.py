"""The unzipped web build runs when served over http: the player starts, shows the first
page, and every file it asks for is there."""
import pytest

from handmade import COURSES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("course_name", ["de-escalation", "escucha-activa"])
def test_web_folder_runs_over_http(tmp_path, page, serve, course_name):
    from click.testing import CliRunner

    from compiler.cli import main

    result = CliRunner().invoke(main, ["build", str(COURSES / course_name), "--target", "web",
                                       "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    errors, missing = [], []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto(serve(tmp_path / f"{course_name}-web") + "index.html")
    page.wait_for_function("window.EmpathyPlayer && window.EmpathyPlayer.ready")
    page.evaluate("window.EmpathyPlayer.ready")
    assert page.locator("main#main section.page h1").first.is_visible()
    first = page.evaluate("JSON.parse(document.getElementById('course').textContent).pages[0].id")
    assert page.evaluate("document.documentElement.dataset.page") == first
    images = page.locator("main img").all()
    for image in images:  # used media is packaged: every image loaded
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert errors == [] and missing == []
