"""PySide6's import hook no longer keeps the source of every later module in memory."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import python_output

PROBE = """
import linecache, sys
sys.path.insert(0, {folder!r})
{first}
feature = sys.modules["shibokensupport.feature"]
import mentions_qt, plain_module
print(sorted(k for k in linecache.cache if k.endswith(("mentions_qt.py", "plain_module.py"))))
print(feature.pyside_feature_dict.get("mentions_qt"), feature.pyside_feature_dict.get("plain_module"))
"""


def probe(tmp_path: Path, first: str) -> list[str]:
    (tmp_path / "mentions_qt.py").write_text("# uses PySide6\nVALUE = 1\n" + "X = 2\n" * 5000)
    (tmp_path / "plain_module.py").write_text("VALUE = 2\n" + "Y = 3\n" * 5000)
    return python_output(PROBE.format(folder=str(tmp_path), first=first)).splitlines()


def test_pyside6_alone_caches_each_imported_modules_source(tmp_path: Path) -> None:
    cached, verdicts = probe(tmp_path, "import PySide6.QtCore")
    assert "mentions_qt.py" in cached and "plain_module.py" in cached
    assert verdicts == "0 -1"


def test_the_desk_ui_package_keeps_the_verdicts_and_drops_the_cache(tmp_path: Path) -> None:
    cached, verdicts = probe(tmp_path, "import operator_desk.ui\nimport PySide6.QtCore")
    assert cached == "[]"
    assert verdicts == "0 -1"  # a module that mentions PySide6 is still told apart
