"""The script authors' commands, run as the installed `operator-desk` program."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BUNDLED_LIBRARY, python_output

EXE = shutil.which("operator-desk", path=str(Path(sys.executable).parent))


def desk(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    assert EXE, "operator-desk is not installed in this environment"
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=60, cwd=cwd)


def test_list_json(builder):
    builder.tenant("alpha", number="8-800-555-35-35")
    builder.tenant("beta")
    builder.replace("beta", "tenant.yaml", "name:", "nam:")
    result = desk("library", "list", "--library", str(builder.root), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    by_id = {t["id"]: t for t in data["tenants"]}
    assert by_id["alpha"]["name"] == "Новый заказчик"
    assert by_id["alpha"]["numbers"][0]["key"] == "+78005553535"
    assert by_id["beta"]["status"] == "broken"


def test_validate_ok_and_errors(builder):
    builder.tenant("alpha")
    ok = desk("library", "validate", str(builder.root))
    assert ok.returncode == 0 and ok.stdout == ""
    builder.replace("alpha", "questions.yaml", "name: offices", "name: ofices")
    builder.write("alpha", "greetings/default.txt", "{{ caler.name }}")
    bad = desk("library", "validate", str(builder.root))
    assert bad.returncode == 1
    lines = bad.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("alpha/greetings/default.txt:1:")
    line = builder.line_of("alpha", "questions.yaml", "name: ofices")
    assert lines[1].startswith(f"alpha/questions.yaml:{line}:")
    assert "2 problem(s)" in bad.stderr


def test_route(builder):
    builder.tenant("alpha", number="8-800-555-35-35")
    ok = desk("library", "route", "+7 (800) 555-35-35", "--library", str(builder.root))
    assert (ok.returncode, ok.stdout.strip()) == (0, "alpha")
    missing = desk("library", "route", "8-800-999-99-99", "--library", str(builder.root))
    assert missing.returncode == 3
    assert missing.stdout == ""
    assert "no tenant owns" in missing.stderr


def test_preview_text_and_html(builder):
    builder.tenant("alpha", number="8-800-555-35-35")
    common = ["library", "preview", "--library", str(builder.root), "--number", "88005553535",
              "--caller-name", "{{ 7*7 }}<script>", "--operator", "Анна",
              "--at", "2026-11-23T10:30:00+03:00"]
    text = desk(*common)
    assert text.returncode == 0, text.stderr
    assert "Доброе утро! Вы позвонили в компанию «Новый заказчик», меня зовут Анна." in text.stdout
    assert "{{ 7*7 }}<script>, чем могу помочь?" in text.stdout
    assert "Где находится ваш офис?" in text.stdout
    page = desk(*common, "--format", "html")
    assert "<script>" not in page.stdout
    assert "{{ 7*7 }}&lt;script&gt;" in page.stdout
    after = desk(*common[:-1], "2026-11-23T20:30:00+03:00")
    assert "Офис сейчас закрыт" in after.stdout


def test_preview_of_an_unknown_number(builder):
    builder.tenant("alpha")
    result = desk("library", "preview", "--library", str(builder.root), "--number", "5555")
    assert result.returncode == 3
    assert "UNKNOWN NUMBER" in result.stdout
    assert "Здравствуйте! Чем могу помочь?" in result.stdout


def test_new_tenant_validates_as_written(builder):
    builder.tenant("alpha")
    made = desk("library", "new-tenant", "pizza-roma", "--library", str(builder.root))
    assert made.returncode == 0, made.stderr
    assert (builder.root / "pizza-roma" / "tenant.yaml").is_file()
    assert desk("library", "validate", str(builder.root)).returncode == 0
    again = desk("library", "new-tenant", "pizza-roma", "--library", str(builder.root))
    assert again.returncode == 1 and "already exists" in again.stderr
    bad = desk("library", "new-tenant", "Pizza Roma", "--library", str(builder.root))
    assert bad.returncode == 1 and "not a valid tenant id" in bad.stderr


@pytest.mark.parametrize("number", ["8-800-555-35-35", "8 (800) 555-35-35"])
def test_bundled_library_is_the_default(number):
    result = desk("library", "list", "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert Path(data["library"]).resolve() == BUNDLED_LIBRARY.resolve()


def test_publish_writes_a_manifest_only_for_a_valid_library(builder):
    builder.tenant("alpha")
    builder.write("", "library.yaml", 'version: "2026.11.23-2"\n')
    ok = desk("library", "publish", str(builder.root))
    assert ok.returncode == 0, ok.stderr
    manifest = json.loads((builder.root / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == "2026.11.23-2"
    assert "alpha/tenant.yaml" in manifest["files"]
    # The desk's process hashes with Python's built-in SHA-256 (no OpenSSL): same digest.
    tenant_bytes = (builder.root / "alpha" / "tenant.yaml").read_bytes()
    assert manifest["files"]["alpha/tenant.yaml"]["sha256"] == hashlib.sha256(tenant_bytes).hexdigest()
    builder.replace("alpha", "questions.yaml", "name: offices", "name: ofices")
    bad = desk("library", "publish", str(builder.root))
    assert bad.returncode == 1 and "ofices" in bad.stdout


def test_the_desk_process_hashes_without_openssl():
    code = (
        "import sys\n"
        "from operator_desk.__main__ import prefer_builtin_hashes\n"
        "assert prefer_builtin_hashes()\n"
        "import jinja2, hashlib\n"
        "print(sys.modules['_hashlib'] is None, hashlib.sha256(b'abc').hexdigest())\n"
    )
    out = python_output(code).split()
    assert out == ["True", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"]


def test_cache_reads_the_busiest_tenants_scripts_first(builder, tmp_path, monkeypatch):
    from operator_desk.core.library_cache import LibraryCache

    for n, tenant_id in enumerate(("alpha", "beta", "gamma")):
        builder.tenant(tenant_id, number=f"8-800-555-35-3{n}")
    builder.write("beta", "questions.yaml", "questions: [")  # broken: cached with its problem
    monkeypatch.setenv("OPERATOR_DESK_CACHE_DIR", str(tmp_path / "cache"))
    result = desk("library", "cache", "--library", str(builder.root), "--busiest", "gamma,beta",
                  "--limit", "2")
    assert result.returncode == 0, result.stderr
    assert "3 tenant(s), 0 broken, 2 script(s) read" in result.stderr
    library = LibraryCache(tmp_path / "cache").cached(builder.root)
    assert library is not None
    assert {t: library.script_loaded(t) for t in library.entries} == {
        "alpha": False, "beta": True, "gamma": True}
    assert library.entries["beta"].script_problems[0].file == "beta/questions.yaml"


def test_cache_says_when_it_cannot_keep_the_library(builder, tmp_path, monkeypatch):
    builder.tenant("alpha")
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("OPERATOR_DESK_CACHE_DIR", str(blocked))
    result = desk("library", "cache", "--library", str(builder.root))
    assert result.returncode == 1
    assert "was read but not cached" in result.stderr


def test_cache_says_a_library_reading_files_outside_its_folder_is_not_kept(builder, tmp_path,
                                                                           monkeypatch):
    builder.tenant("alpha")
    (tmp_path / "shared-greeting.txt").write_text("Общее приветствие", encoding="utf-8")
    builder.replace("alpha", "tenant.yaml", "default: greetings/default.txt",
                    "default: ../../shared-greeting.txt")
    monkeypatch.setenv("OPERATOR_DESK_CACHE_DIR", str(tmp_path / "cache"))
    result = desk("library", "cache", "--library", str(builder.root))
    assert result.returncode == 1
    assert "was read but not cached" in result.stderr


def test_validate_tells_of_templates_that_would_show_nothing(builder):
    """Each of these passed `validate` and showed nothing (or the fallback) on a call."""
    builder.tenant("alpha")
    builder.write("alpha", "greetings/default.txt",
                  "Здравствуйте!\n{{ ''.__class__.__mro__ }}\n{{ caller.name|uppr }}\n")
    builder.write("alpha", "greetings/after_hours.txt",
                  "{% for n in [1] %}{{ n }}{% endfor %}\n{{ n }}\n{{ 100 / ivr.count|int }}")
    builder.replace("alpha", "questions.yaml", "я подскажу ближайший офис.",
                    "я подскажу ближайший офис.\n      {{ caller.name.first }}")
    result = desk("library", "validate", str(builder.root))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    answer_line = builder.line_of("alpha", "questions.yaml", "caller.name.first")
    expected = [
        ("alpha/greetings/after_hours.txt:2:", "`n` is used where nothing defines it"),
        ("alpha/greetings/default.txt:2:", "`__class__` is not allowed in a template"),
        ("alpha/greetings/default.txt:3:", "there is no filter `uppr` — did you mean `upper`?"),
        (f"alpha/questions.yaml:{answer_line}:", "`caller.name` is text: it has no field `first`"),
    ]
    assert len(lines) == len(expected), result.stdout
    for line, (where, what) in zip(lines, expected, strict=True):
        assert line.startswith(where) and what in line, line
    # Once the names are right, what fails only when run is told too, with its line.
    builder.write("alpha", "greetings/after_hours.txt", "Добрый вечер!\n{{ 100 / ivr.count|int }}")
    builder.write("alpha", "greetings/default.txt", "Здравствуйте!")
    builder.replace("alpha", "questions.yaml", "{{ caller.name.first }}", "{{ caller.name }}")
    result = desk("library", "validate", str(builder.root))
    assert result.stdout.splitlines() == [
        "alpha/greetings/after_hours.txt:2: fails on a sample call: ZeroDivisionError: "
        "division by zero"]
