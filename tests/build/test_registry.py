import pytest

from compiler import targets
from compiler.targets.base import Target
from compiler.targets.registry import DuplicateTarget, register


def test_every_target_is_registered_in_build_order():
    assert targets.names() == ["web", "scorm12", "scorm2004-3", "scorm2004-4", "cmi5", "xapi"]
    assert {n: targets.get(n).adapter for n in targets.names()} == {
        "web": "none", "scorm12": "scorm12", "scorm2004-3": "scorm2004", "scorm2004-4": "scorm2004",
        "cmi5": "cmi5", "xapi": "tincan"}


def test_a_second_target_with_a_taken_name_is_refused():
    with pytest.raises(DuplicateTarget, match="'web' is already registered"):
        @register
        class AnotherWeb(Target):
            name = "web"
            adapter = "none"
    assert targets.names().count("web") == 1


def test_a_missing_runtime_file_is_a_clear_message(course, monkeypatch, tmp_path):
    from compiler.package import files

    monkeypatch.setattr(files, "RUNTIME_DIR", tmp_path)
    with pytest.raises(files.MissingRuntime, match="compiler/runtime/adapters/cmi5.js is missing"):
        targets.get("cmi5").package_files(course, {})
