"""Library sync against a real static HTTP server on 127.0.0.1 with ETag handling.

The server is :mod:`http.server` serving a folder (a copy of the bundled library), with
strong ETags (the file's SHA-256) and ``If-None-Match`` -> 304, like nginx or IIS do for
static files. It records every request so that tests can see what was downloaded.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import io
import json
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx
import pytest

from operator_desk.core.errors import LibraryError
from operator_desk.core.library import Library
from operator_desk.services import library_sync
from operator_desk.services.library_publish import build_manifest, library_files, write_manifest
from operator_desk.services.library_sync import (
    LibrarySync,
    ManifestError,
    SyncStatus,
    check_path,
    parse_manifest,
)
from tests.conftest import BUNDLED_LIBRARY

CYRILLIC_FILE = "taxi-bystro/заметки автора.txt"


class _Handler(http.server.SimpleHTTPRequestHandler):
    server: _Server

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        rel = unquote(urlsplit(self.path).path).lstrip("/")
        if not path.is_file():
            self.server.requests.append((rel, 404))
            self.send_error(404)
            return None
        data = path.read_bytes()
        etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
        if etag in [t.strip() for t in self.headers.get("If-None-Match", "").split(",")]:
            self.server.requests.append((rel, 304))
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        self.server.requests.append((rel, 200))
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", etag)
        self.end_headers()
        return io.BytesIO(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    requests: list[tuple[str, int]]


class StaticServer:
    """A static file server for ``root`` on 127.0.0.1 that can go down and come back."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = 0
        self.requests: list[tuple[str, int]] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/library"

    def start(self) -> None:
        handler = functools.partial(_Handler, directory=str(self.root.parent))
        server = _Server(("127.0.0.1", self.port), handler)
        server.requests = self.requests
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="static-http",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            assert self._thread is not None
            self._thread.join(5)
            self._server = None

    def files_fetched(self) -> set[str]:
        """Files (not the manifest) answered with 200 since the last call."""
        fetched = {rel.removeprefix("library/") for rel, status in self.requests if status == 200}
        self.requests.clear()
        return fetched - {"manifest.json"}


@pytest.fixture
def central(tmp_path: Path) -> Iterator[StaticServer]:
    """The central location: a copy of the bundled library (plus a Cyrillic file), published."""
    root = tmp_path / "srv" / "library"
    shutil.copytree(BUNDLED_LIBRARY, root, ignore=shutil.ignore_patterns("manifest.json"))
    (root / CYRILLIC_FILE).write_text("Заметки автора сценария: проверить тарифы.\n", encoding="utf-8")
    write_manifest(root)
    server = StaticServer(root)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def desk(central: StaticServer, tmp_path: Path) -> Iterator[LibrarySync]:
    with LibrarySync(central.url, tmp_path / "cache", timeout_s=5) as sync:
        yield sync


def bump(root: Path, version: str) -> None:
    """Change library.yaml's version (as a script author does before publishing)."""
    file = root / "library.yaml"
    text = file.read_text(encoding="utf-8")
    old = Library.load(root).settings.version
    file.write_text(text.replace(f'"{old}"', f'"{version}"', 1), encoding="utf-8")


def publish_unchecked(root: Path, version: str) -> None:
    """Write a manifest without validating (what a careless upload script might do)."""
    manifest = build_manifest(root, version)
    (root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


# -- the first sync, 304, incremental updates ------------------------------------------


def test_first_sync_downloads_everything_and_switches(desk: LibrarySync, central: StaticServer) -> None:
    assert desk.current_path() is None
    result = desk.sync()
    assert result.status is SyncStatus.UPDATED, result.message
    assert result.version == "2026.11.23-1" == result.offered_version
    files = set(library_files(central.root))
    assert central.files_fetched() == files
    assert result.downloaded == len(files) and result.reused == 0
    path = desk.current_path()
    assert path is not None and result.path == path
    assert path.parent == desk.versions_dir and not path.name.endswith(".tmp")
    library = Library.load(path)
    assert library.validate() == []
    assert library.settings.version == result.version == desk.current_version()
    assert set(library.tenants) == {"taxi-bystro", "elektronika-vector", "severny-kredit"}
    assert (path / CYRILLIC_FILE).read_text(encoding="utf-8").startswith("Заметки")
    assert desk.pointer_file.read_text(encoding="utf-8").strip() == path.name
    assert [p.name for p in desk.versions_dir.iterdir()] == [path.name]


def test_second_sync_is_a_304(desk: LibrarySync, central: StaticServer) -> None:
    first = desk.sync()
    central.requests.clear()
    second = desk.sync()
    assert second.status is SyncStatus.UP_TO_DATE, second.message
    assert second.version == first.version and second.path == first.path
    assert central.requests == [("library/manifest.json", 304)]


def test_a_new_version_downloads_only_the_changed_files(desk: LibrarySync, central: StaticServer) -> None:
    first = desk.sync()
    central.requests.clear()
    tariffs = central.root / "taxi-bystro" / "tables" / "tariffs.csv"
    tariffs.write_text(tariffs.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
    bump(central.root, "2026.11.24-1")
    write_manifest(central.root)

    second = desk.sync()

    assert second.status is SyncStatus.UPDATED, second.message
    assert central.files_fetched() == {"library.yaml", "taxi-bystro/tables/tariffs.csv"}
    assert second.downloaded == 2 and second.reused == len(library_files(central.root)) - 2
    assert second.version == "2026.11.24-1"
    assert second.path is not None and first.path is not None and second.path != first.path
    assert (second.path / "taxi-bystro/tables/tariffs.csv").read_bytes() == tariffs.read_bytes()
    assert Library.load(second.path).settings.version == "2026.11.24-1"
    assert first.path.is_dir(), "the previous good version is kept"

    bump(central.root, "2026.11.25-1")
    write_manifest(central.root)
    third = desk.sync()
    assert third.status is SyncStatus.UPDATED and third.downloaded == 1
    assert {p.name for p in desk.versions_dir.iterdir()} == {second.path.name, third.path.name}  # type: ignore[union-attr]


def test_a_folder_in_use_is_not_deleted(desk: LibrarySync, central: StaticServer) -> None:
    first = desk.sync().path
    for version in ("2026.11.24-1", "2026.11.25-1"):
        bump(central.root, version)
        write_manifest(central.root)
        assert desk.sync(in_use=first).status is SyncStatus.UPDATED
    assert first is not None and first.is_dir()
    assert len(list(desk.versions_dir.iterdir())) == 3


def test_the_same_manifest_under_a_new_etag_is_up_to_date(desk: LibrarySync, central: StaticServer) -> None:
    desk.sync()
    (desk.cache_dir / "state.json").write_text('{"etag": "\\"stale\\"", "folder": "x"}', encoding="utf-8")
    central.requests.clear()
    result = desk.sync()
    assert result.status is SyncStatus.UP_TO_DATE
    assert central.files_fetched() == set()
    assert desk.sync().status is SyncStatus.UP_TO_DATE
    assert central.requests[-1] == ("library/manifest.json", 304)


# -- refusals: the old version stays ---------------------------------------------------


def test_a_broken_tenant_is_refused_and_the_old_version_stays(desk: LibrarySync,
                                                              central: StaticServer) -> None:
    good = desk.sync()
    questions = central.root / "taxi-bystro" / "questions.yaml"
    questions.write_text("questions:\n  - id: x\n    question: [unclosed\n", encoding="utf-8")
    bump(central.root, "2026.11.24-1")
    with pytest.raises(LibraryError):
        write_manifest(central.root)  # the publish command refuses it ...
    publish_unchecked(central.root, "2026.11.24-1")  # ... but someone uploads it anyway

    result = desk.sync()

    assert result.status is SyncStatus.FAILED
    assert result.offered_version == "2026.11.24-1"
    assert result.version == good.version and result.path == good.path == desk.current_path()
    assert any(p.file == "taxi-bystro/questions.yaml" and p.line > 0 for p in result.problems)
    assert "taxi-bystro/questions.yaml:" in result.message
    assert [p.name for p in desk.versions_dir.iterdir()] == [good.path.name]  # type: ignore[union-attr]
    assert Library.load(desk.current_path()).validate() == []  # type: ignore[arg-type]

    # Fixed and published again: the next sync takes it.
    shutil.copy(BUNDLED_LIBRARY / "taxi-bystro" / "questions.yaml", questions)
    write_manifest(central.root)
    assert desk.sync().status is SyncStatus.UPDATED


def test_a_version_not_matching_library_yaml_is_refused(desk: LibrarySync, central: StaticServer) -> None:
    good = desk.sync()
    publish_unchecked(central.root, "9999.1")
    result = desk.sync()
    assert result.status is SyncStatus.FAILED and result.path == good.path
    assert [(p.file, p.field) for p in result.problems] == [("library.yaml", "version")]
    assert result.problems[0].line == 3


def test_a_file_whose_sha256_differs_is_refused(desk: LibrarySync, central: StaticServer) -> None:
    good = desk.sync()
    greeting = central.root / "taxi-bystro" / "greetings" / "default.txt"
    greeting.write_text(greeting.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    bump(central.root, "2026.11.24-1")
    write_manifest(central.root)
    data = bytearray(greeting.read_bytes())
    data[0] ^= 0x01  # same size, different content: a half-finished upload, a proxy's mangling
    greeting.write_bytes(bytes(data))

    result = desk.sync()

    assert result.status is SyncStatus.FAILED
    assert "taxi-bystro/greetings/default.txt: SHA-256 mismatch" in result.message
    assert result.path == good.path == desk.current_path() and result.version == "2026.11.23-1"
    assert [p.name for p in desk.versions_dir.iterdir()] == [good.path.name]  # type: ignore[union-attr]


def test_a_file_larger_than_the_manifest_says_is_refused(desk: LibrarySync, central: StaticServer) -> None:
    good = desk.sync()
    bump(central.root, "2026.11.24-1")
    write_manifest(central.root)
    with open(central.root / "library.yaml", "a", encoding="utf-8") as f:
        f.write("# more\n")
    result = desk.sync()
    assert result.status is SyncStatus.FAILED and "library.yaml: larger than" in result.message
    assert desk.current_path() == good.path


@pytest.mark.parametrize("evil", ["../outside.txt", "taxi-bystro/../../outside.txt", "/etc/passwd",
                                  "C:/Windows/win.ini", "..\\outside.txt"])
def test_a_manifest_escaping_the_folder_is_refused(desk: LibrarySync, central: StaticServer,
                                                   tmp_path: Path, evil: str) -> None:
    good = desk.sync()
    manifest = build_manifest(central.root, "2026.11.23-1")
    manifest["files"][evil] = {"sha256": "0" * 64, "size": 3}
    (central.root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    central.requests.clear()

    result = desk.sync()

    assert result.status is SyncStatus.FAILED
    assert [(p.file, p.field) for p in result.problems] == [("manifest.json", f"files.{evil}")]
    assert central.files_fetched() == set(), "nothing is downloaded from a refused manifest"
    assert desk.current_path() == good.path
    assert not (tmp_path / "outside.txt").exists() and not (tmp_path / "cache" / "outside.txt").exists()


def test_limits_on_file_count_and_total_size(central: StaticServer, tmp_path: Path) -> None:
    count = len(library_files(central.root))
    with LibrarySync(central.url, tmp_path / "a", max_files=count - 1) as sync:
        result = sync.sync()
        assert result.status is SyncStatus.FAILED and f"at most {count - 1}" in result.message
        assert sync.current_path() is None
    with LibrarySync(central.url, tmp_path / "b", max_total_bytes=1000) as sync:
        result = sync.sync()
        assert result.status is SyncStatus.FAILED and "at most 1000" in result.message
    assert central.files_fetched() == set()


def test_a_missing_manifest_fails(central: StaticServer, tmp_path: Path) -> None:
    with LibrarySync(central.url + "/nowhere", tmp_path / "cache") as sync:
        result = sync.sync()
    assert result.status is SyncStatus.FAILED and "HTTP 404" in result.message


# -- offline ------------------------------------------------------------------------------


def test_server_down_is_offline_and_the_old_version_stays(desk: LibrarySync, central: StaticServer) -> None:
    good = desk.sync()
    central.stop()
    result = desk.sync()
    assert result.status is SyncStatus.OFFLINE
    assert result.version == good.version and result.path == good.path == desk.current_path()
    assert "keeping version 2026.11.23-1" in result.message
    central.start()  # back on the same port
    assert desk.sync().status is SyncStatus.UP_TO_DATE


def test_offline_before_any_sync_has_no_current(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # free again when closed: connections are refused
    with LibrarySync(f"http://127.0.0.1:{port}/lib", tmp_path / "cache") as sync:
        result = sync.sync()
        assert result.status is SyncStatus.OFFLINE and result.path is None and result.version == ""
        assert sync.current_path() is None


def test_a_server_that_never_answers_is_offline(tmp_path: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)  # accepts connections in the kernel, never answers
        port = listener.getsockname()[1]
        with LibrarySync(f"http://127.0.0.1:{port}/", tmp_path / "cache", timeout_s=0.3) as sync:
            assert sync.sync().status is SyncStatus.OFFLINE


def test_dns_failure_is_offline(tmp_path: Path) -> None:
    def no_dns(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    transport = httpx.MockTransport(no_dns)
    with LibrarySync("https://library.invalid/floor", tmp_path / "cache", transport=transport) as sync:
        assert sync.sync().status is SyncStatus.OFFLINE


def test_connection_lost_mid_download_is_offline_and_the_old_version_stays(
        desk: LibrarySync, central: StaticServer, monkeypatch: pytest.MonkeyPatch) -> None:
    good = desk.sync()
    bump(central.root, "2026.11.24-1")
    write_manifest(central.root)
    real = LibrarySync._download

    def lost(self: LibrarySync, entry: Any, target: Path) -> None:
        central.stop()
        real(self, entry, target)

    monkeypatch.setattr(LibrarySync, "_download", lost)
    result = desk.sync()
    assert result.status is SyncStatus.OFFLINE and desk.current_path() == good.path
    assert [p.name for p in desk.versions_dir.iterdir()] == [good.path.name]  # type: ignore[union-attr]


# -- crash safety -------------------------------------------------------------------------


class Crash(BaseException):
    """The process dies (nothing catches a BaseException that is not an Exception)."""


def test_a_crash_before_the_switch_leaves_the_old_version(desk: LibrarySync, central: StaticServer,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    good = desk.sync()
    bump(central.root, "2026.11.24-1")
    write_manifest(central.root)
    real_replace = os.replace

    def crash_on_switch(src: Any, dst: Any) -> None:
        if Path(dst).name == "current":
            raise Crash
        real_replace(src, dst)

    monkeypatch.setattr(library_sync.os, "replace", crash_on_switch)
    with pytest.raises(Crash):
        desk.sync()
    monkeypatch.setattr(library_sync.os, "replace", real_replace)

    # A new desk process starting after the crash sees the old version, whole.
    with LibrarySync(central.url, desk.cache_dir) as restarted:
        assert restarted.current_path() == good.path
        assert restarted.current_version() == "2026.11.23-1"
        assert Library.load(good.path).validate() == []  # type: ignore[arg-type]
        result = restarted.sync()
        assert result.status is SyncStatus.UPDATED, result.message
        assert result.version == "2026.11.24-1"
        assert Library.load(result.path).settings.version == "2026.11.24-1"  # type: ignore[arg-type]
        assert {p.name for p in desk.versions_dir.iterdir()} == {good.path.name, result.path.name}  # type: ignore[union-attr]


def test_a_leftover_staging_folder_is_cleaned_up(desk: LibrarySync, central: StaticServer) -> None:
    leftover = desk.versions_dir / "2026.11.20-1-000000000000.tmp"
    (leftover / "taxi-bystro").mkdir(parents=True)
    (leftover / "taxi-bystro" / "tenant.yaml").write_text("half", encoding="utf-8")
    (desk.cache_dir / "current").write_text(leftover.name, encoding="utf-8")
    assert desk.current_path() is None, "a staging folder is never active"
    assert desk.sync().status is SyncStatus.UPDATED
    assert not leftover.exists()


def test_a_tampered_local_copy_is_downloaded_again(desk: LibrarySync, central: StaticServer) -> None:
    good = desk.sync()
    assert good.path is not None
    (good.path / "taxi-bystro" / "tables" / "tariffs.csv").write_text("broken", encoding="utf-8")
    bump(central.root, "2026.11.24-1")
    write_manifest(central.root)
    central.requests.clear()
    result = desk.sync()
    assert result.status is SyncStatus.UPDATED
    assert central.files_fetched() == {"library.yaml", "taxi-bystro/tables/tariffs.csv"}


# -- the manifest and publishing ------------------------------------------------------------


@pytest.mark.parametrize("rel", ["", "a//b", "./a", "a/./b", "a\\b", "/abs", "c:rel", "a/CON.txt",
                                 "a/nul", "a:b", "a/b.", "tab\there", "manifest.json"])
def test_bad_paths(rel: str) -> None:
    assert check_path(rel)


@pytest.mark.parametrize("rel", ["library.yaml", "taxi-bystro/tables/тарифы 2026.csv", ".hidden/x",
                                 "console.txt", "a/b/c/d.txt"])
def test_good_paths(rel: str) -> None:
    assert check_path(rel) is None


def test_manifest_problems_are_all_reported() -> None:
    raw = json.dumps({"version": "", "files": {
        "a": {"sha256": "xyz", "size": 1}, "A": {"sha256": "0" * 64, "size": 1},
        "b": {"sha256": "0" * 64, "size": -1}, "a/c": {"sha256": "0" * 64, "size": 1},
    }}).encode()
    with pytest.raises(ManifestError) as caught:
        parse_manifest(raw)
    fields = [p.field for p in caught.value.problems]
    assert fields == ["version", "files.a", "files.A", "files.b", "files.a"]
    assert "both a file and a folder" in caught.value.problems[-1].message
    with pytest.raises(ManifestError):
        parse_manifest(b'{"version": "1", "files": {"x": {"sha256": "' + b"0" * 64 + b'", "size": 1},'
                       b' "x": {"sha256": "' + b"0" * 64 + b'", "size": 1}}}')
    with pytest.raises(ManifestError):
        parse_manifest(b"\xff not json")


def test_a_file_and_a_folder_of_the_same_name_are_refused() -> None:
    raw = json.dumps({"version": "1", "files": {
        "a": {"sha256": "0" * 64, "size": 1}, "a/b/c": {"sha256": "0" * 64, "size": 1}}}).encode()
    with pytest.raises(ManifestError) as caught:
        parse_manifest(raw)
    assert [p.field for p in caught.value.problems] == ["files.a"]


def test_publish_skips_hidden_files_and_is_deterministic(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    shutil.copytree(BUNDLED_LIBRARY, root, ignore=shutil.ignore_patterns("manifest.json"))
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root / "taxi-bystro" / ".DS_Store").write_bytes(b"\0")
    (root / "taxi-bystro" / "tables" / "~$tariffs.csv").write_bytes(b"lock")
    first = write_manifest(root)
    text = (root / "manifest.json").read_text(encoding="utf-8")
    assert write_manifest(root, "2026.11.23-1") == first
    assert (root / "manifest.json").read_text(encoding="utf-8") == text
    assert first["version"] == "2026.11.23-1"
    files = first["files"]
    assert "library.yaml" in files and "taxi-bystro/tenant.yaml" in files
    assert not [f for f in files if f.startswith(".") or "/." in f or "~$" in f or f == "manifest.json"]
    data = (root / "library.yaml").read_bytes()
    assert files["library.yaml"] == {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    assert parse_manifest(text.encode()).version == "2026.11.23-1"


def test_publish_refuses_a_wrong_version_and_a_library_without_one(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    shutil.copytree(BUNDLED_LIBRARY, root, ignore=shutil.ignore_patterns("manifest.json"))
    with pytest.raises(LibraryError) as caught:
        write_manifest(root, "2027.1")
    assert caught.value.problems[0].file == "library.yaml" and caught.value.problems[0].line == 3
    lines = (root / "library.yaml").read_text(encoding="utf-8").splitlines()
    (root / "library.yaml").write_text("\n".join(x for x in lines if not x.startswith("version")) + "\n",
                                       encoding="utf-8")
    with pytest.raises(LibraryError, match="no `version:`"):
        write_manifest(root)
    assert not (root / "manifest.json").exists()


def test_publish_refuses_a_file_name_desks_would_refuse(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    shutil.copytree(BUNDLED_LIBRARY, root, ignore=shutil.ignore_patterns("manifest.json"))
    (root / "taxi-bystro" / "aux.txt").write_text("x", encoding="utf-8")
    with pytest.raises(LibraryError) as caught:
        write_manifest(root)
    assert [p.file for p in caught.value.problems] == ["taxi-bystro/aux.txt"]
