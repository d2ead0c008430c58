"""The log file: where it is, rotation, redaction of secrets and personal data, crashes."""

from __future__ import annotations

import logging
import sys
import threading

import pytest

from operator_desk.logs import (
    LOG_FILE_NAME,
    CrashInfo,
    RedactingFilter,
    install_excepthook,
    log_dir,
    mask_number,
    redact,
    setup_logging,
)

log = logging.getLogger("operator_desk.test")


def test_the_log_goes_to_the_folder_from_the_environment(log_setup):
    path = setup_logging()
    assert path == log_setup / LOG_FILE_NAME == log_dir() / LOG_FILE_NAME
    log.info("desk started")
    log.debug("not at INFO")
    text = path.read_text(encoding="utf-8")
    assert "INFO" in text and "operator_desk.test: desk started" in text
    assert "not at INFO" not in text


def test_without_the_environment_the_platform_log_folder_is_used(monkeypatch):
    import platformdirs

    monkeypatch.delenv("OPERATOR_DESK_LOG_DIR", raising=False)
    assert str(log_dir()) == platformdirs.user_log_dir("operator-desk", appauthor=False)


def test_setting_up_twice_keeps_one_handler(log_setup):
    setup_logging()
    setup_logging()
    log.warning("once")
    assert (log_setup / LOG_FILE_NAME).read_text(encoding="utf-8").count("once") == 1


def test_the_file_rotates(log_setup):
    path = setup_logging(max_bytes=2000, backups=2)
    for i in range(200):
        log.info("line %d %s", i, "x" * 40)
    files = sorted(p.name for p in log_setup.iterdir())
    assert files == [LOG_FILE_NAME, f"{LOG_FILE_NAME}.1", f"{LOG_FILE_NAME}.2"]
    assert path.stat().st_size <= 2000
    assert "line 199" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("raw", "masked"), [
    ("+7 916 123-45-67", "+7 916 ***-**-67"),
    ("8 (916) 123-45-67", "8 (916) ***-**-67"),
    ("+79161234567", "+7916*****67"),
    ("123-45-67", "***-**-67"),
])
def test_numbers_keep_the_area_code_and_the_last_two_digits(raw, masked):
    assert mask_number(raw) == masked
    assert redact(f"call from {raw} ended") == f"call from {masked} ended"


@pytest.mark.parametrize("text", [
    "started at 2026-11-23 19:30:00",
    "listening on 127.0.0.1:5070",
    "ts_ns=1795463771216169064",
    "call 550e8400-e29b-41d4-a716-446655440000 took 1234.5678 ms",
    "SIP/2.0 486 Busy Here after 30 s",
])
def test_what_is_not_a_phone_number_is_left_alone(text):
    assert redact(text) == text


def test_sip_uris_and_key_values_are_masked():
    assert redact("INVITE sip:+79161234567@pbx.example") == "INVITE sip:+7916*****67@pbx.example"
    assert redact("caller_number=89161234567;") == "caller_number=8916*****67;"


@pytest.mark.parametrize(("raw", "masked"), [
    ("password=hunter2 user=1001", "password=*** user=1001"),
    ('{"token": "abc def", "x": 1}', '{"token": "***", "x": 1}'),
    ("{'password': 's3cret'}", "{'password': '***'}"),
    ("crm api_key: k-123 ok", "crm api_key: *** ok"),
    ('Authorization: Digest username="1001", realm="pbx", nonce="n", response="9a8b"',
     "Authorization: Digest ***"),
    ("Proxy-Authorization: Bearer eyJhbGciOi", "Proxy-Authorization: Bearer ***"),
])
def test_secrets_are_masked(raw, masked):
    assert redact(raw) == masked
    assert redact(raw, personal=False) == masked


def test_caller_names_in_from_and_to_are_masked():
    message = ('INVITE sip:100@pbx SIP/2.0\r\n'
               'From: "Иван Петров" <sip:200@pbx>;tag=1\r\n'
               'To: Anna Smirnova <sip:100@pbx>\r\n'
               'f: <sip:300@pbx>\r\n'
               'P-Asserted-Identity: "Ivan" <sip:200@pbx>\r\n')
    out = redact(message)
    assert 'From: "***" <sip:200@pbx>;tag=1' in out
    assert "To: *** <sip:100@pbx>" in out
    assert "f: <sip:300@pbx>" in out
    assert 'P-Asserted-Identity: "***" <sip:200@pbx>' in out
    assert "Иван" not in out and "Smirnova" not in out
    assert redact("caller_name=Иван queued") == "caller_name=*** queued"


def test_the_file_is_redacted_above_debug_and_secrets_at_every_level(log_setup):
    path = setup_logging(level=logging.DEBUG)
    log.info("ringing: %s from %s", "+7 916 123-45-67", 'From: "Иван" <sip:200@pbx>')
    log.debug("debug keeps the number %s but not password=%s", "+7 916 123-45-67", "hunter2")
    log.warning("register failed, password=%s", "hunter2")
    text = path.read_text(encoding="utf-8")
    info, debug, warning = text.splitlines()
    assert "+7 916 ***-**-67" in info and "Иван" not in info and '"***"' in info
    assert "+7 916 123-45-67" in debug and "hunter2" not in debug
    assert "password=***" in warning and "hunter2" not in warning


def test_tracebacks_are_redacted_too(log_setup):
    path = setup_logging()
    try:
        raise RuntimeError("could not call +7 916 123-45-67 with token=abc123")
    except RuntimeError:
        log.exception("transfer failed")
    text = path.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError" in text
    assert "123-45-67" not in text and "abc123" not in text


def test_the_filter_leaves_the_record_usable_by_other_handlers():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "number %s, %d calls",
                               ("+7 916 123-45-67", 3), None)
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "number +7 916 ***-**-67, 3 calls"
    assert RedactingFilter().filter(record)  # a second filter does not mask twice
    assert record.getMessage() == "number +7 916 ***-**-67, 3 calls"


@pytest.fixture(autouse=True)
def plain_excepthook(monkeypatch):
    """The interpreter's own hook underneath ours (pytest-qt installs a capturing one)."""
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)


def test_the_hook_logs_a_crash_in_a_thread_and_calls_back(log_setup):
    path = setup_logging()
    seen: list[CrashInfo] = []
    hook = install_excepthook(seen.append)
    try:
        def fail() -> None:
            raise ValueError("boom for +7 916 123-45-67")

        thread = threading.Thread(target=fail, name="engine-poll")
        thread.start()
        thread.join()
    finally:
        hook.uninstall()
    assert threading.excepthook is not hook._thread_hook
    text = path.read_text(encoding="utf-8")
    assert "CRITICAL" in text and "uncaught exception in thread engine-poll" in text
    assert "Traceback" in text and "ValueError: boom" in text and "123-45-67" not in text
    (info,) = seen
    assert info.thread == "engine-poll"
    assert info.summary == "ValueError: boom for +7 916 ***-**-67"
    assert "Traceback" in info.details and "in fail" in info.details
    assert info.log_file == path
    assert not info.known  # a bug: the crash dialog


def test_the_hook_tells_a_known_error_from_a_bug(log_setup):
    from operator_desk.core.agent import AgentStateError
    from operator_desk.storage.db import StorageError

    def fail(error: Exception) -> None:
        raise error

    setup_logging()
    seen: list[CrashInfo] = []
    hook = install_excepthook(seen.append)
    try:
        for error in (StorageError("cannot use the database /home/anna/desk.sqlite3: disk is full "
                                   "(call +7 916 123-45-67)"),
                      AgentStateError("cannot go from ready to after_call_work")):
            thread = threading.Thread(target=fail, args=(error,))
            thread.start()
            thread.join()
    finally:
        hook.uninstall()
    known, bug = seen
    assert known.known and known.message == ("cannot use the database /home/anna/desk.sqlite3: "
                                             "disk is full (call +7 916 ***-**-67)")
    assert not bug.known  # the desk broke its own rule: a bug, whatever its class


def test_the_hook_handles_the_main_thread_and_a_late_callback(log_setup, capsys):
    path = setup_logging()
    hook = install_excepthook(None)
    try:
        assert sys.excepthook == hook._sys_hook
        try:
            raise KeyError("lost")
        except KeyError:
            sys.excepthook(*sys.exc_info())  # as the interpreter (or PySide6 for a slot) would
        assert "KeyError: 'lost'" in path.read_text(encoding="utf-8")
        assert "KeyError" in capsys.readouterr().err  # still printed, as without the hook

        seen: list[CrashInfo] = []
        hook.callback = seen.append
        try:
            raise OSError("disk full")
        except OSError:
            sys.excepthook(*sys.exc_info())
        assert [i.summary for i in seen] == ["OSError: disk full"]
    finally:
        hook.uninstall()
    assert sys.excepthook is sys.__excepthook__ or sys.excepthook != hook._sys_hook


def test_a_failing_callback_is_logged_not_raised(log_setup):
    path = setup_logging()

    def broken(_info: CrashInfo) -> None:
        raise RuntimeError("dialog broke")

    hook = install_excepthook(broken)
    try:
        thread = threading.Thread(target=lambda: 1 / 0, name="worker")
        thread.start()
        thread.join()
    finally:
        hook.uninstall()
    text = path.read_text(encoding="utf-8")
    assert "ZeroDivisionError" in text and "the crash callback failed" in text


def test_keyboard_interrupt_is_not_a_crash(log_setup, capsys):
    setup_logging()
    seen: list[CrashInfo] = []
    hook = install_excepthook(seen.append)
    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            sys.excepthook(*sys.exc_info())
    finally:
        hook.uninstall()
    assert seen == []
    capsys.readouterr()
