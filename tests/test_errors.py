"""One tree of errors: every error class of the desk derives from OperatorDeskError, keeps
the builtin class callers catch, and is drawn in core/errors.py's docstring."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import operator_desk
from operator_desk.core import errors
from operator_desk.core.errors import InternalError, OperatorDeskError, is_known


def _error_classes() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for module_info in pkgutil.walk_packages(operator_desk.__path__, "operator_desk."):
        if module_info.name.endswith("__main__"):
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if (inspect.isclass(value) and issubclass(value, BaseException)
                    and value.__module__ == module.__name__ and not name.startswith("_")):
                found[f"{module.__name__}.{name}"] = value
    return found


ERRORS = _error_classes()


def test_the_desk_has_errors_to_check() -> None:
    assert len(ERRORS) >= 20


def test_every_error_of_the_desk_derives_from_the_base() -> None:
    outside = sorted(name for name, cls in ERRORS.items() if not issubclass(cls, OperatorDeskError))
    assert outside == [], "derive these from OperatorDeskError (keep the old base as a mixin)"


def test_every_error_is_drawn_in_the_tree() -> None:
    drawn = set(re.findall(r"\+-- (\w+)", errors.__doc__ or ""))
    missing = sorted(name for name in ERRORS if name.rsplit(".", 1)[1] not in drawn
                     and ERRORS[name] is not OperatorDeskError)
    assert missing == [], "draw these in the exception tree of operator_desk/core/errors.py"


def _illegal_transition() -> BaseException:
    from operator_desk.core.calls import CallState, IllegalTransitionError

    return IllegalTransitionError(CallState.ENDED, CallState.ACTIVE)


@pytest.mark.parametrize(("name", "old_base", "make"), [
    ("core.numbers.NumberError", ValueError, None),
    ("core.hours.HoursError", ValueError, None),
    ("core.dialplan.DialError", ValueError, None),
    ("core.starter.StarterError", ValueError, None),
    ("core.starter.TenantExistsError", FileExistsError, None),
    ("core.agent.AgentStateError", RuntimeError, None),
    ("autostart.AutostartError", OSError, None),
    ("core.calls.IllegalTransitionError", RuntimeError, _illegal_transition),
    ("sip.audio.config.AudioUnavailableError", RuntimeError, None),
    ("sip.audio.config.NoSoundDeviceError", RuntimeError, None),
    ("sip.pulse.PulseError", RuntimeError, None),
])
def test_the_old_base_still_catches_it(name: str, old_base: type[BaseException], make) -> None:
    cls = ERRORS[f"operator_desk.{name}"]
    assert issubclass(cls, OperatorDeskError) and issubclass(cls, old_base)
    error = make() if make else cls("what was wrong")
    with pytest.raises(old_base) as caught:
        raise error
    assert str(caught.value) == ("illegal call state transition ENDED -> ACTIVE" if make
                                 else "what was wrong")


def test_state_errors_are_bugs_and_the_rest_explain_themselves() -> None:
    from operator_desk.core.agent import AgentStateError
    from operator_desk.core.dialplan import DialError
    from operator_desk.storage.db import StorageError

    assert issubclass(AgentStateError, InternalError)
    assert not is_known(AgentStateError("cannot go from ready to after_call_work"))
    assert is_known(DialError("type a number or a SIP address"))
    assert is_known(StorageError("cannot open the database /x: disk I/O error"))
    assert not is_known(ValueError("a bug"))
