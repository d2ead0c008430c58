"""Settings from layered files: defaults, machine-wide (with locks), the operator's, options."""

from __future__ import annotations

import tomllib

from operator_desk.core.settings import (
    Settings,
    example_file,
    load_settings,
    write_user_file,
)


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_files(tmp_path):
    loaded = load_settings(tmp_path / "none.toml", tmp_path / "none2.toml")
    assert loaded.settings == Settings()
    assert loaded.problems == []


def test_layers_override_in_order(tmp_path):
    machine = write(tmp_path / "m.toml", '[sip]\nregistrar = "sip:pbx.corp"\ntransport = "tcp"\n'
                                         '[calls]\nauto_ready_after = 10\n')
    user = write(tmp_path / "u.toml", '[calls]\nauto_ready_after = 20\n[operator]\nname = "Анна"\n')
    loaded = load_settings(machine, user, {"operator.name": "Олег"})
    s = loaded.settings
    assert (s.sip.registrar, s.sip.transport, s.calls.auto_ready_after, s.operator.name) == (
        "sip:pbx.corp", "tcp", 20, "Олег")
    assert loaded.sources["sip.registrar"] == str(machine)
    assert loaded.sources["calls.auto_ready_after"] == str(user)
    assert loaded.sources["operator.name"] == "command line"


def test_locked_keys_win_over_the_operator(tmp_path):
    machine = write(tmp_path / "m.toml", 'locked = ["sip.registrar"]\n'
                                         '[sip]\nregistrar = "sip:pbx.corp"\n')
    user = write(tmp_path / "u.toml", '[sip]\nregistrar = "sip:evil.example"\n')
    loaded = load_settings(machine, user)
    assert loaded.settings.sip.registrar == "sip:pbx.corp"
    assert "sip.registrar" in loaded.locked
    assert any("locked" in p.message and p.field == "sip.registrar" for p in loaded.problems)


def test_every_mistake_is_reported_with_its_line_and_the_rest_still_applies(tmp_path):
    user = write(tmp_path / "u.toml",
                 '[operator]\nname = "Анна"\n'
                 '[calls]\nauto_anwser = true\nnot_ready_code = "480"\nbusy_code = 200\n'
                 '[sip]\ntransport = "sctp"\npassword = "secret"\n[audoi]\nx = 1\n')
    loaded = load_settings(None, user)
    by_line = {p.line: p.message for p in loaded.problems}
    assert "did you mean `auto_answer`?" in by_line[4]
    assert "expected a whole number, got '480'" in by_line[5]
    assert "expected 400…699, got 200" in by_line[6]
    assert "expected one of udp, tcp, tls" in by_line[8]
    assert "keyring" in by_line[9]
    assert "did you mean `[audio]`?" in by_line[10]
    assert loaded.settings.operator.name == "Анна"
    assert loaded.settings.calls.not_ready_code == 480  # the default, not the bad value


def test_broken_toml_is_reported_with_line_and_ignored(tmp_path):
    user = write(tmp_path / "u.toml", '[operator]\nname = "Анна\n')
    loaded = load_settings(None, user)
    assert loaded.settings == Settings()
    assert loaded.problems[0].line == 2
    assert "not valid TOML" in loaded.problems[0].message


def test_saving_keeps_only_what_differs_and_reads_back(tmp_path):
    path = tmp_path / "sub" / "operator-desk.toml"
    changed = Settings().with_values({"operator.name": "Анна", "calls.auto_answer": True})
    write_user_file(path, changed)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data == {"operator": {"name": "Анна"}, "calls": {"auto_answer": True}}
    assert load_settings(None, path).settings == changed


def test_the_example_file_documents_every_setting_at_its_default(tmp_path):
    text = example_file()
    assert "auto_answer = false" in text and "[sip]" in text
    loaded = load_settings(write(tmp_path / "example.toml", text), None)
    assert loaded.problems == []
    assert loaded.settings == Settings()
    assert len(loaded.sources) == len(tomllib.loads(text)["calls"]) + sum(
        len(v) for k, v in tomllib.loads(text).items() if k != "calls")


def test_a_floor_url_with_a_password_is_refused_without_repeating_it(tmp_path):
    from operator_desk.core.settings import load_settings

    user = tmp_path / "user.toml"
    user.write_text('[floor]\ndatabase = "postgresql://desk17:S3cret@floor-db/floor"\n', encoding="utf-8")
    loaded = load_settings(None, user)
    [problem] = loaded.problems
    assert "keyring" in str(problem) and "S3cret" not in str(problem) and problem.line == 2
    assert loaded.settings.floor.database == ""
    user.write_text('[floor]\ndatabase = "postgresql://desk17@floor-db/floor?sslmode=verify-full"\n',
                    encoding="utf-8")
    assert load_settings(None, user).settings.floor.database.endswith("sslmode=verify-full")
