"""A desk that claims one floor callback and keeps it (heartbeats renew the lease) until it
is killed; used by the kill -9 test.

    python -m tests.floor.claim_child URL CALLBACK_ID LEASE_S
"""

from __future__ import annotations

import sys
import time

from operator_desk.floor.link import FloorLink
from operator_desk.services.floor_sync import FloorDesk
from operator_desk.storage.alive import DeskIdentity


def main() -> None:
    url, callback_id, lease = sys.argv[1], sys.argv[2], float(sys.argv[3])
    link = FloorLink(url, channels=FloorDesk.CHANNELS)
    desk = FloorDesk(link, DeskIdentity("desk-doomed", "pc-9", "default"), lease_s=lease,
                     heartbeat_s=lease / 4)
    desk.start()
    if not link.wait_up(10):
        raise SystemExit("no floor")
    got: list[object] = []
    desk.claim(callback_id, lambda result, error: got.append(result or error))
    while not got:
        time.sleep(0.01)
    print("claimed" if not isinstance(got[0], str) else f"failed: {got[0]}", flush=True)
    while True:
        time.sleep(1)


if __name__ == "__main__":
    main()
