"""Sound for the desk without pjsua2: devices, the headset path's rings and streams, tones.

Rooms: ``config`` (settings, counters, errors), ``devices`` (which sound library, which
devices), ``ring`` (the jitter buffer), ``streams`` (streams opened and watched on a
worker thread), ``bridge`` (the call's frames to and from the streams), ``tones`` (PCM,
ringer, microphone meter). The pjsua2 half of call audio is in
:mod:`operator_desk.sip.pjsua.media`; threads: :mod:`operator_desk.sip.engine`.
"""

from operator_desk.core.calls import AudioDeviceProblem
from operator_desk.sip.audio.bridge import FrameBridge
from operator_desk.sip.audio.config import (
    PULSE_HOST_API,
    AudioConfig,
    AudioDevice,
    AudioUnavailableError,
    BridgeStats,
    NoSoundDeviceError,
)
from operator_desk.sip.audio.devices import (
    BACKEND_ENV,
    audio_backend,
    list_devices,
    release_alsa_plugins,
)
from operator_desk.sip.audio.tones import (
    MicLevelMeter,
    Ringer,
    ringtone_pcm,
    test_tone_pcm,
    zip_tone_pcm,
)

__all__ = [
    "BACKEND_ENV", "PULSE_HOST_API", "AudioConfig", "AudioDevice", "AudioDeviceProblem",
    "AudioUnavailableError", "BridgeStats", "FrameBridge", "MicLevelMeter",
    "NoSoundDeviceError", "Ringer", "audio_backend", "list_devices", "release_alsa_plugins",
    "ringtone_pcm", "test_tone_pcm", "zip_tone_pcm",
]
