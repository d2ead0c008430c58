"""`operator-desk settings …`: what IT uses to document and check a deployment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXE = str(Path(sys.executable).parent / "operator-desk")


def run(*args: str, machine: Path, user: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OPERATOR_DESK_MACHINE_CONFIG": str(machine),
           "OPERATOR_DESK_USER_CONFIG": str(user)}
    return subprocess.run([EXE, "settings", *args], capture_output=True, text=True, env=env,
                          timeout=60)


def test_show_tells_the_value_in_effect_and_where_it_came_from(tmp_path):
    machine = tmp_path / "machine.toml"
    machine.write_text('locked = ["sip.registrar"]\n[sip]\nregistrar = "sip:pbx.corp"\n',
                       encoding="utf-8")
    user = tmp_path / "user.toml"
    user.write_text('[operator]\nname = "Анна"\n[sip]\nregistrar = "sip:other"\n',
                    encoding="utf-8")
    shown = run("show", machine=machine, user=user).stdout
    registrar = next(line for line in shown.splitlines() if line.startswith("sip.registrar "))
    assert "'sip:pbx.corp'" in registrar and str(machine) in registrar and "[locked]" in registrar
    name = next(line for line in shown.splitlines() if line.startswith("operator.name "))
    assert "'Анна'" in name and str(user) in name


def test_check_reports_problems_and_exits_1(tmp_path):
    user = tmp_path / "user.toml"
    user.write_text("[calls]\nauto_anwser = true\n", encoding="utf-8")
    result = run("check", machine=tmp_path / "none.toml", user=user)
    assert result.returncode == 1
    assert result.stdout.startswith(f"{user}:2:")
    assert "did you mean `auto_answer`?" in result.stdout
    other = tmp_path / "ok.toml"
    other.write_text('[operator]\nname = "Анна"\n', encoding="utf-8")
    assert run("check", "--config", str(other), machine=tmp_path / "none.toml",
               user=user).returncode == 0


def test_example_is_a_valid_settings_file(tmp_path):
    example = run("example", machine=tmp_path / "m.toml", user=tmp_path / "u.toml").stdout
    path = tmp_path / "example.toml"
    path.write_text(example, encoding="utf-8")
    assert run("check", "--config", str(path), machine=tmp_path / "m.toml",
               user=tmp_path / "u.toml").returncode == 0
