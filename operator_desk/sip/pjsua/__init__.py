"""The desk's pjsua2 side. ``media``: the audio bridge's pjsua2 port, the zip tone,
pjsua2's own devices (the engine itself is still :mod:`operator_desk.sip.pjsua_engine`)."""
