"""Background work: the job runs off the GUI thread, its outcome comes back on it, and
GUI-side code started off the GUI thread is refused."""

from __future__ import annotations

import threading

import pytest

from operator_desk.ui.background import BackgroundOp, WrongThreadError, on_gui_thread


def test_the_job_runs_on_its_named_thread_and_success_on_the_gui_thread(qtbot):
    ran_on: list[str] = []
    results: list[tuple[int, str]] = []
    gui = threading.current_thread().name

    def job() -> int:
        ran_on.append(threading.current_thread().name)
        return 42

    op = BackgroundOp(job, name="sum-up").success(
        lambda result: results.append((result, threading.current_thread().name)))
    op.run_in_background()
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert ran_on == ["sum-up"]
    assert results == [(42, gui)]
    assert not op.running


def test_a_failing_job_reaches_its_failure_callback_on_the_gui_thread(qtbot):
    failures: list[tuple[str, str]] = []
    successes: list[object] = []
    gui = threading.current_thread().name

    def job() -> None:
        raise OSError("disk full")

    (BackgroundOp(job, name="write-it").success(successes.append)
     .failure(lambda exc: failures.append((str(exc), threading.current_thread().name)))
     .run_in_background())
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert failures == [("disk full", gui)]
    assert successes == []


def test_a_failure_nobody_handles_is_raised_on_the_gui_thread(qtbot):
    def job() -> None:
        raise ValueError("a bug in the job")

    with qtbot.capture_exceptions() as raised:
        BackgroundOp(job, name="buggy").run_in_background()
        qtbot.waitUntil(lambda: bool(raised), timeout=5000)
    assert [str(exc) for _type, exc, _tb in raised] == ["a bug in the job"]


def test_a_cancelled_job_runs_to_its_end_but_its_callbacks_do_not_run(qtbot):
    release = threading.Event()
    finished = threading.Event()
    results: list[object] = []

    def job() -> str:
        release.wait(5)
        finished.set()
        return "late"

    op = BackgroundOp(job, name="slow").success(results.append).run_in_background()
    assert op.running
    op.cancel()
    release.set()
    assert op.wait(5) and finished.is_set()
    after: list[str] = []
    on_gui_thread(after.append)("after")  # runs after the job's delivery, had it one
    qtbot.waitUntil(lambda: after == ["after"], timeout=5000)
    assert results == [] and not op.running


def test_posted_calls_run_on_the_gui_thread_in_order(qtbot):
    seen: list[tuple[int, str]] = []
    gui = threading.current_thread().name
    post = on_gui_thread(lambda n: seen.append((n, threading.current_thread().name)))

    def worker() -> None:
        for n in range(100):
            post(n)

    thread = threading.Thread(target=worker, name="poster")
    thread.start()
    thread.join(5)
    qtbot.waitUntil(lambda: len(seen) == 100, timeout=5000)
    assert seen == [(n, gui) for n in range(100)]


def test_a_post_from_the_gui_thread_runs_later_not_inside_the_caller(qtbot):
    seen: list[str] = []
    post = on_gui_thread(seen.append)
    post("later")
    assert seen == []
    qtbot.waitUntil(lambda: seen == ["later"], timeout=5000)


def test_gui_side_code_started_off_the_gui_thread_is_refused(qapp):
    errors: list[BaseException] = []

    def worker() -> None:
        for attempt in (lambda: BackgroundOp(lambda: 1, name="x").run_in_background(),
                        lambda: on_gui_thread(print)):
            try:
                attempt()
            except WrongThreadError as exc:
                errors.append(exc)

    thread = threading.Thread(target=worker, name="not-the-gui")
    thread.start()
    thread.join(5)
    assert len(errors) == 2
    assert all("must run on the GUI thread, not on thread 'not-the-gui'" in str(e) for e in errors)


def test_a_job_starts_once(qtbot):
    op = BackgroundOp(lambda: None, name="once").run_in_background()
    with pytest.raises(RuntimeError, match="already started"):
        op.run_in_background()
    assert op.wait(5)
