"""A desk that only delivers its outbox, until it is killed (used by the kill -9 test).

    python -m tests.services.outbox_child DB_PATH WEBHOOK_URL
"""

from __future__ import annotations

import sys
import threading

from operator_desk.services.outbox import Backoff, OutboxWorker, WebhookConfig
from operator_desk.storage.db import Database


def main() -> None:
    db = Database.open(sys.argv[1])
    worker = OutboxWorker(db, {"taxi": WebhookConfig(sys.argv[2], timeout_s=5.0)},
                          backoff=Backoff(base_s=0.02, cap_s=0.2), concurrency=4)
    worker.start()
    print("started", flush=True)
    threading.Event().wait()  # deliver until the test kills this process


if __name__ == "__main__":
    main()
