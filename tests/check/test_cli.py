"""`empathy check` and `empathy new` as a user runs them: output, exit codes, options."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler.cli import main

HERE = Path(__file__).resolve().parent
CLEAN = HERE / "clean" / "course"
BROKEN = HERE / "broken"


def check(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def test_clean_course_exits_0_and_says_so():
    result = check(str(CLEAN), "--strict")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "no problems found\n"


def test_warnings_pass_unless_strict():
    course = str(BROKEN / "missing-feedback" / "course")
    relaxed, strict = check(course), check(course, "--strict")
    assert relaxed.exit_code == 0 and "warning W001" in relaxed.stdout
    assert strict.exit_code == 1 and strict.stdout == relaxed.stdout
    assert relaxed.stderr == "0 errors, 1 warning\n"


def test_errors_exit_1():
    result = check(str(BROKEN / "unknown-target-typo" / "course"))
    assert result.exit_code == 1
    assert "error E201: choice leads to unknown node 'oaky' (did you mean 'okay'?)" in result.stdout


def test_json_format_parses_and_matches_text():
    course = str(BROKEN / "unknown-feeling" / "course")
    data = json.loads(check(course, "--format", "json").stdout)
    assert data["errors"] == 0 and data["warnings"] == 2
    first = data["diagnostics"][0]
    assert first["code"] == "W003" and first["suggestion"] == "frustrated"
    assert first["path"].endswith("desk.md") and first["line"] == 14 and first["col"] == 11
    assert check(course, "--format", "json", "--strict").exit_code == 1


def test_json_for_clean_course_is_an_empty_list():
    result = check(str(CLEAN), "--format", "json")
    assert json.loads(result.stdout) == {"diagnostics": [], "errors": 0, "warnings": 0}


@pytest.mark.parametrize("args", [["--format", "xml"], ["--bogus"], []])
def test_bad_options_are_usage_errors(args):
    target = [] if not args else [str(CLEAN)]
    assert check(*target, *args).exit_code == 2


def test_a_file_instead_of_a_folder_is_e001(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("notes\n")
    result = check(str(path))
    assert result.exit_code == 1
    assert result.stdout == f"{path}:1:1: error E001: '{path}' is a file, not a course folder\n"


def test_a_10_mb_page_is_refused_with_a_location(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(CLEAN, course)
    with open(course / "done.md", "ab") as handle:
        handle.write(b"x" * (10 * 1024 * 1024))
    result = check(str(course))
    assert result.exit_code == 1
    assert "done.md:1:1: error E002:" in result.stdout and "Traceback" not in result.output


def test_a_course_yaml_that_does_not_parse_still_lets_each_page_report_its_own_mistakes(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(CLEAN, course)
    text = (course / "course.yaml").read_text()
    (course / "course.yaml").write_text(text.replace("title: A returns", "title: [A returns") + "allow_html: true\n")
    desk = (course / "desk.md").read_text()
    (course / "desk.md").write_text(desk.replace("-> receipt", "-> reciept"))
    done = (course / "done.md").read_text()
    (course / "done.md").write_text(done.replace("title:", "titel:") + "\n<kbd>Esc</kbd> and ![](media/gone.png)\n")
    (course / "README.md").write_text("Notes for the team, not a page.\n")  # course.yaml does not name it
    result = check(str(course))
    assert result.exit_code == 1
    lines = [line.split(": error ")[1] for line in result.stdout.splitlines()]
    assert result.stdout.splitlines()[0].startswith(f"{course}/course.yaml:2:8: error E003: YAML does not parse")
    assert lines[1:] == [
        "E201: choice leads to unknown node 'reciept' (did you mean 'receipt'?)",
        "E101: unknown key 'titel' in the front matter (known: kind, title, id) (did you mean 'title'?)",
        "E301: image 'media/gone.png' has no alt text: describe what it shows inside the brackets, "
        "![like this](...)",
        "E302: image file 'media/gone.png' does not exist",
    ]  # raw HTML allowed as course.yaml says; nothing about README.md; no guesses about pages or settings
    assert result.stderr == "5 errors, 0 warnings\n"


@pytest.mark.parametrize("out", ["dist", "."])
def test_packages_built_into_the_course_folder_are_not_unused_files(tmp_path, monkeypatch, out):
    course = tmp_path / "returns"
    shutil.copytree(CLEAN, course)
    monkeypatch.chdir(course)
    built = CliRunner().invoke(main, ["build", ".", "--target", "all", "-o", out])
    assert built.exit_code == 0, built.output
    assert (course / out / "returns-web" / "index.html").is_file()
    (course / out / "returns-notes.txt").write_text("mine")  # not a package: still reported
    result = check(".", "--strict")
    assert result.exit_code == 1
    assert [line.split(": warning ")[1] for line in result.stdout.splitlines()] == [
        f"W004: '{'' if out == '.' else out + '/'}returns-notes.txt' is not used by the course: no page "
        "shows or links it; delete it or refer to it"]


def test_diagnostics_are_sorted_by_file_line_column():
    out = check(str(BROKEN / "unused-file" / "course")).stdout.splitlines()
    assert out == sorted(out)


# ---------------------------------------------------------------- empathy new

def new(*args: str):
    return CliRunner().invoke(main, ["new", *args])


def test_new_course_passes_strict_check(tmp_path):
    folder = tmp_path / "my-course"
    result = new(str(folder), "--title", "Calm: at the counter", "--id", "https://example.org/c/1")
    assert result.exit_code == 0, result.output
    assert check(str(folder), "--strict").exit_code == 0
    text = (folder / "course.yaml").read_text(encoding="utf-8")
    assert "{{" not in text and "https://example.org/c/1" in text
    import yaml
    assert yaml.safe_load(text)["title"] == "Calm: at the counter"


def test_new_defaults_title_and_id_from_the_folder_name(tmp_path):
    folder = tmp_path / "Front Desk"
    assert new(str(folder)).exit_code == 0
    import yaml
    data = yaml.safe_load((folder / "course.yaml").read_text(encoding="utf-8"))
    assert data["title"] == "Front Desk" and data["id"] == "https://courses.example.org/front-desk"
    assert check(str(folder), "--strict").exit_code == 0


def test_new_keeps_the_authors_letters_in_the_title(tmp_path):
    folder = tmp_path / "atención-al-cliente"
    result = new(str(folder))
    assert result.exit_code == 0
    import yaml
    data = yaml.safe_load((folder / "course.yaml").read_text(encoding="utf-8"))
    assert data["title"] == "Atención al cliente"
    assert data["id"] == "https://courses.example.org/atencion-al-cliente"
    assert (folder / "media").is_dir()
    assert "Next: empathy check '" in result.output  # quoted for the shell
    assert check(str(folder), "--strict").exit_code == 0


def test_new_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = new(str(tmp_path))
    assert result.exit_code == 1 and "not empty" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_new_accepts_an_empty_folder(tmp_path):
    assert new(str(tmp_path)).exit_code == 0
    assert (tmp_path / "course.yaml").is_file()


def test_new_rejects_a_bad_id_as_usage_error(tmp_path):
    result = new(str(tmp_path / "c"), "--id", "not an iri")
    assert result.exit_code == 2 and "absolute IRI" in result.stderr
    assert not (tmp_path / "c").exists()


def test_new_rejects_an_id_with_a_fragment_that_check_would_refuse(tmp_path):
    result = new(str(tmp_path / "c"), "--id", "https://example.org/a#b")
    assert result.exit_code == 2 and "'?' or '#' part" in result.stderr
    assert not (tmp_path / "c").exists()


def test_fill_keeps_yaml_valid_whatever_the_title():
    import yaml

    from compiler.commands.new import fill
    values = {"title": 'She said "no": #1', "id": "https://example.org/x", "slug": "x"}
    for template in ("title: {{title}}\nid: {{id}}\n", 'title: "{{title}}"\nid: "{{id}}"\n'):
        data = yaml.safe_load(fill(template, values, yaml_text=True))
        assert data == {"title": 'She said "no": #1', "id": "https://example.org/x"}
    assert fill("# {{title}}", values, yaml_text=False) == '# She said "no": #1'


def test_an_unexpected_failure_is_one_internal_error_not_a_traceback(monkeypatch):
    import compiler.commands.check as check_command

    def explode(path):
        raise RuntimeError("boom")
    monkeypatch.setattr(check_command, "check_course", explode)
    result = check(str(CLEAN))
    assert result.exit_code == 1
    assert "error E900: internal error: RuntimeError: boom (please report this)" in result.stdout
    assert "Traceback" not in result.output
