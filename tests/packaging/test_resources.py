"""Data files are found from the source tree and inside a PyInstaller bundle."""

from __future__ import annotations

import sys

import pytest

from operator_desk import resources
from tests.conftest import BUNDLED_LIBRARY, REPO


def test_from_source_paths_are_in_the_repository():
    assert not resources.is_frozen()
    assert resources.base_dir() == REPO
    assert resources.resource_path("resources/translations") == REPO / "resources" / "translations"
    assert (resources.resource_path("resources/translations") / "operator_desk_ru.qm").is_file()
    assert resources.bundled_library() == BUNDLED_LIBRARY
    assert (resources.bundled_library() / "library.yaml").is_file()


def test_the_icons_exist():
    for suffix in (".svg", ".png", ".ico"):
        assert resources.icon_path(suffix=suffix).is_file(), suffix


def test_in_a_bundle_paths_are_under_meipass(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert resources.is_frozen()
    assert resources.base_dir() == tmp_path
    assert resources.resource_path("resources/translations") == tmp_path / "resources" / "translations"
    assert resources.bundled_library() == tmp_path / "scripts_library"


@pytest.mark.parametrize("bad", ["/etc/passwd", "../secrets", "resources/../../x"])
def test_paths_outside_the_data_are_refused(bad):
    with pytest.raises(ValueError):
        resources.resource_path(bad)


def test_the_spec_ships_what_resource_path_looks_for():
    spec = (REPO / "build.spec").read_text(encoding="utf-8")
    for needed in ('tree("scripts_library")', 'tree("resources")', "operator_desk/core/schema"):
        assert needed in spec
