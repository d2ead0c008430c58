"""docs/screenshots/supervisor-1366x768.png: the supervisor's window on a floor of 40 desks
with a day of calls, on a throwaway PostgreSQL. Run it on a display (Xvfb at 1366x768):

    Xvfb :57 -screen 0 1366x768x24 & DISPLAY=:57 .venv/bin/python scripts/supervisor_screenshot.py
"""

from __future__ import annotations

import os
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

NAMES = (
    "Анна Соколова",
    "Борис Лебедев",
    "Вера Козлова",
    "Глеб Новиков",
    "Дарья Морозова",
    "Егор Волков",
    "Жанна Соловьёва",
    "Зоя Васильева",
    "Игорь Зайцев",
    "Кира Павлова",
    "Лев Семёнов",
    "Мария Голубева",
    "Никита Виноградов",
    "Ольга Богданова",
    "Павел Воробьёв",
    "Раиса Фёдорова",
    "Семён Михайлов",
    "Таисия Беляева",
    "Ульяна Тарасова",
    "Фёдор Белов",
    "Харитон Комаров",
    "Цветана Орлова",
    "Чеслав Киселёв",
    "Элина Макарова",
    "Юлия Андреева",
    "Яков Ковалёв",
    "Алиса Ильина",
    "Виктор Гусев",
    "Галина Титова",
    "Денис Кузьмин",
    "Евгения Кудрявцева",
    "Иван Баранов",
    "Ксения Куликова",
    "Леонид Алексеев",
    "Милана Степанова",
    "Олег Яковлев",
    "Полина Сорокина",
    "Роман Сергеев",
    "Светлана Романова",
    "Тимур Захаров",
)
TENANTS = ("taxi-bystro", "elektronika-vector", "severny-kredit")


def fill(url: str) -> None:
    from operator_desk.floor.agents import publish
    from operator_desk.floor.callbacks import add_callback
    from operator_desk.floor.connection import connect
    from operator_desk.floor.records import upsert_call

    rng = random.Random(7)
    now = datetime.now(UTC)
    midnight = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    with connect(url) as conn:
        for n, name in enumerate(NAMES):
            state = rng.choices(
                ("ready", "on_call", "after_call_work", "not_ready", "ringing"), (5, 9, 3, 2, 1)
            )[0]
            publish(
                conn,
                f"desk-{n:02d}",
                operator=name,
                group_id=rng.choice(("sales", "support")),
                host=f"op-pc-{n + 1:02d}",
                profile="default",
                state=state,
                tenant_id=rng.choice(TENANTS) if state in ("on_call", "ringing", "after_call_work") else "",
                reason=rng.choice(("Обед", "Перерыв", "Обучение")) if state == "not_ready" else "",
                seconds_in_state=rng.uniform(5, 400 if state != "after_call_work" else 200),
            )
        hours = max(1, int((now - midnight).total_seconds() // 3600))
        calls = 0
        for tenant, per_hour, miss in (
            ("taxi-bystro", 60, 0.06),
            ("elektronika-vector", 25, 0.12),
            ("severny-kredit", 18, 0.2),
        ):
            for _ in range(per_hour * min(hours, 10)):
                ring = now - timedelta(seconds=rng.uniform(0, min(hours, 10) * 3600))
                if ring < midnight:
                    continue
                calls += 1
                lost = rng.random() < miss
                wait = rng.expovariate(1 / (8 if tenant != "severny-kredit" else 14))
                outcome = rng.choice(("missed", "abandoned")) if lost else "answered"
                upsert_call(
                    conn,
                    {
                        "desk_id": f"desk-{rng.randrange(len(NAMES)):02d}",
                        "call_id": str(uuid.uuid4()),
                        "rev": 1,
                        "direction": "in",
                        "tenant_id": tenant,
                        "dialed_number": "",
                        "caller_number": "",
                        "caller_name": "",
                        "ivr_digits": "",
                        "ivr_data": "",
                        "operator": "",
                        "group_id": "",
                        "ring_at": ring,
                        "answered_at": None if lost else ring + timedelta(seconds=wait),
                        "ended_at": ring + timedelta(seconds=90),
                        "outcome": outcome,
                        "end_reason": "",
                        "sip_code": 0,
                        "talk_s": 80.0,
                        "transferred_to": "",
                        "not_ready_reason": "",
                        "wrapup_code": "",
                        "note": "",
                        "wrapup_at": None,
                        "consult_for": "",
                        "library_version": "",
                    },
                )
        for _ in range(14):
            due = now - timedelta(minutes=rng.uniform(-60, 50))
            add_callback(
                conn,
                {
                    "id": str(uuid.uuid4()),
                    "desk_id": "desk-01",
                    "tenant_id": rng.choice(TENANTS),
                    "group_id": "",
                    "number": f"+7916{rng.randrange(10**7):07d}",
                    "name": "",
                    "fields": {},
                    "note": "",
                    "call_id": "",
                    "preferred_at": None,
                    "created_at": due - timedelta(minutes=5),
                    "next_attempt_at": due,
                },
            )
    print(f"filled: {len(NAMES)} desks, {calls} calls")


def main() -> None:
    os.environ.setdefault("OPERATOR_DESK_LANG", "ru")
    from PySide6.QtWidgets import QApplication

    import operator_desk.ui  # noqa: F401
    from operator_desk.core.library import Library, default_library_path
    from operator_desk.floor.connection import connect
    from operator_desk.floor.sandbox import Sandbox
    from operator_desk.floor.schema import add_login, init_floor
    from operator_desk.ui.i18n import install_translator
    from operator_desk.ui.supervisor.app import build_supervisor

    with Sandbox.start(max_connections=60) as pg:
        with connect(pg.url()) as conn:
            init_floor(conn)
            for login in ("desk", "boss"):
                add_login(conn, login, "pw", supervisor=login == "boss")
        fill(pg.url("desk", "pw"))
        app = QApplication.instance() or QApplication(sys.argv)
        install_translator(app)
        window, feed = build_supervisor(pg.url("boss", "pw"), None, Library.load(default_library_path()))
        window.resize(1366, 768)
        window.show()
        feed.start()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and (
            window.agents_model.rowCount() < len(NAMES) or window.tenants_model.rowCount() < 3
        ):
            app.processEvents()
            time.sleep(0.02)
        for _ in range(50):
            app.processEvents()
            time.sleep(0.02)
        out = REPO / "docs" / "screenshots" / "supervisor-1366x768.png"
        window.grab().save(str(out))
        print(f"wrote {out}")
        if os.environ.get("KEEP_OPEN"):
            end = time.monotonic() + float(os.environ["KEEP_OPEN"])
            while time.monotonic() < end:
                app.processEvents()
                time.sleep(0.02)
        feed.stop()


if __name__ == "__main__":
    main()
