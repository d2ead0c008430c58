"""The script studio as an author uses it: opening a 200-tenant library, and the preview
after each keystroke.

    python -m bench.bench_studio [--tenants 200] [--rows 500] [--keys 80]

Runs the real studio window (offscreen unless QT_QPA_PLATFORM says otherwise):

- open: from nothing to the window shown with the first tenant open, checked and its
  preview painted; then how long the background check of every other tenant takes;
- keystroke → preview: real key events typed into a question's answer, each timed from
  the key press until the preview's answer pane shows the new text and has painted,
  typing at an author's pace (``--gap-ms`` between keys), with pauses (``--pause-ms``)
  every ten keys so the full check runs between bursts, as it does for a person;
- the full check that follows a pause (the desk's validator over the edited tenant,
  and the preview rebuilt from it).

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def line(name: str, values: list[float]) -> str:
    return (f"  {name:<38} median {statistics.median(values):7.1f}  p95 "
            f"{percentile(values, 95):7.1f}  max {max(values):7.1f} ms  (n={len(values)})")


def open_studio(root: Path, tenant: str, cache: Path | None = None):
    from PySide6.QtWidgets import QApplication

    from operator_desk.core.library_cache import LibraryCache
    from operator_desk.studio.checks import StudioLibrary
    from operator_desk.studio.gaps import LocalGaps
    from operator_desk.ui.studio.session import StudioSession
    from operator_desk.ui.studio.window import StudioWindow

    start = time.perf_counter()
    session = StudioSession(StudioLibrary(root, LibraryCache(cache) if cache else None))
    window = StudioWindow(session, LocalGaps(root / "no-profiles"))
    window.resize(1366, 768)
    window.show()
    window.start(tenant)
    QApplication.processEvents()
    window.preview.view.repaint()
    return window, (time.perf_counter() - start) * 1000


def wait_until(moment: float) -> None:
    """Run the event loop (the studio's timers and checks) until ``moment``."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    while time.perf_counter() < moment:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 1)
        time.sleep(0.0005)


def type_and_time(window, question: str, keys: int, gap_ms: float, pause_ms: float
                  ) -> list[float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    window.questions.select(question)
    window.preview.show_question(question)
    QApplication.processEvents()
    answer = window.questions.answer
    answer.setFocus()
    QTest.keyClick(answer, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    pane = window.preview.view.script.answer
    text = "Звоните нам в любое время, мы всегда рады помочь вам. "
    out = []
    due = time.perf_counter()
    for i in range(keys):
        ch = text[i % len(text)]
        # The key is "pressed" at its due time; if the window is busy then (a check that
        # runs after a pause), the wait until it is handled counts, as it would for a person.
        wait_until(due)
        start = due
        if ch.isascii():
            QTest.keyClick(answer, ch)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, answer, Qt.Key.Key_unknown, ch,
                               Qt.KeyboardModifier.NoModifier)
        typed = answer.toPlainText().rstrip()[-12:]
        QApplication.processEvents()
        pane.viewport().repaint()
        elapsed = (time.perf_counter() - start) * 1000
        if typed.strip() and typed.strip() not in pane.toPlainText():
            raise AssertionError(f"the preview does not show {typed!r}")
        out.append(elapsed)
        due += (pause_ms if (i + 1) % 10 == 0 else gap_ms) / 1000
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tenants", type=int, default=200)
    parser.add_argument("--rows", type=int, default=500, help="table rows per tenant")
    parser.add_argument("--keys", type=int, default=80)
    parser.add_argument("--gap-ms", type=float, default=120, help="between keystrokes")
    parser.add_argument("--pause-ms", type=float, default=600, help="after every ten keys")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    import operator_desk.ui  # noqa: F401
    from bench.bench_library import build
    from operator_desk.resources import bundled_library

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build(root, args.tenants, args.rows)
        time.sleep(3.5)  # files older than the cache's "just written" window, as in real use
        cache = Path(tmp) / "cache"
        window = None
        runs: dict[str, list[float]] = {"warm": [], "cold": [], "none": []}
        lists = []

        def run(kind: str, cache_dir: Path | None) -> None:
            nonlocal window
            if window is not None:
                window.session.library.workspaces.clear()
                window.close()
                window.deleteLater()
                app.processEvents()
            window, ms = open_studio(root, "tenant-000", cache_dir)
            runs[kind].append(ms)
            start = time.perf_counter()
            while window._pending_list:
                app.processEvents()
                time.sleep(0.001)
            lists.append((time.perf_counter() - start) * 1000)

        for i in range(args.repeat):
            run("none", None)
            shutil.rmtree(cache, ignore_errors=True)
            run("cold", cache / str(i))
        for _ in range(args.repeat):
            run("warm", cache / "0")
        assert window is not None
        checks_before = len(window.session.check_times_ms)
        big = type_and_time(window, "contacts", args.keys, args.gap_ms, args.pause_ms)
        big_checks = window.session.check_times_ms[checks_before:]
        window.session.library.workspaces.clear()
        window.close()

        bundled = Path(tmp) / "bundled"
        shutil.copytree(bundled_library(), bundled)
        window, bundled_open = open_studio(bundled, "taxi-bystro")
        checks_before = len(window.session.check_times_ms)
        small = type_and_time(window, "tariffs", args.keys, args.gap_ms, args.pause_ms)
        small_checks = window.session.check_times_ms[checks_before:]
        window.session.library.workspaces.clear()
        window.close()

    print(f"studio: {args.tenants} generated tenants ({args.rows}-row table each), window "
          f"1366x768, platform {app.platformName()}")
    print("open: window shown, first tenant checked and its pop painted")
    print(line("with the library cache (unchanged library)", runs["warm"]))
    print(line("cache behind the files (parse + fill it)", runs["cold"]))
    print(line("no cache", runs["none"]))
    print(line("then every other tenant checked (idle)", lists))
    print(f"  open the bundled library (3 tenants)     {bundled_open:7.1f} ms")
    print(f"keystroke -> preview painted ({args.keys} keys, {args.gap_ms:.0f} ms apart, a "
          f"{args.pause_ms:.0f} ms pause every 10)")
    print(line("generated tenant, 500-row table shown", big))
    print(line("bundled taxi tenant, 16-row table", small))
    print("full check after a pause (validator + preview rebuilt)")
    print(line("generated tenant", big_checks))
    print(line("bundled taxi tenant", small_checks))


if __name__ == "__main__":
    main()
