"""Everything of the desk that imports pjsua2 (no module outside this package does).

Rooms: ``engine`` (:class:`PjsuaEngine`: life cycle, owns the others), ``endpoint``
(EpConfig, transports, pjsua2 helpers), ``account`` (the account and its registration),
``calls`` (incoming and outgoing calls, commands, call and media state, DTMF),
``transfers``, ``timers`` (all time-driven work), ``thread`` (the engine thread's rules),
``media`` (the audio bridge's pjsua2 port, the zip tone, pjsua2's own devices) and
``demo_caller`` (the demo mode's second pjsua2 process). The thread model:
:mod:`operator_desk.sip.engine`.
"""

from operator_desk.sip.pjsua.endpoint import endpoint_config
from operator_desk.sip.pjsua.engine import PjsuaEngine

__all__ = ["PjsuaEngine", "endpoint_config"]
