"""A commented starter tenant that validates as written (``library new-tenant ID``)."""

from __future__ import annotations

import re
from pathlib import Path

from operator_desk.core.errors import InputError
from operator_desk.core.library import Library

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

TENANT_YAML = """\
# yaml-language-server: $schema=../schema/tenant.schema.json
# A new tenant. Every field is explained in scripts_library/README.md.
# Check your changes with:  operator-desk library validate
id: {id}                         # must stay the folder name
name: Новый заказчик             # what the operator sees on the banner
banner:
  colour: "#455A64"              # banner background, #RRGGBB
  text_colour: "#FFFFFF"
timezone: Europe/Moscow          # IANA time zone of the tenant's callers
languages: [ru]
numbers:                         # the hotlines; any usual way of writing them
  - {number}
business_hours:                  # outside these hours the after_hours greeting is used
  mon-fri: 09:00-18:00
greetings:
  default: greetings/default.txt
  after_hours: greetings/after_hours.txt
groups:
  support:
    name: Поддержка
    first: [contacts]            # questions this group sees at the top
tables:
  offices:
    file: tables/offices.csv
    title: Офисы
    key: Город
directory:                       # who calls can be transferred to
  - id: specialist
    name: Специалист заказчика
    target: "2001"               # an extension or sip:2001@pbx.example
    tier: 2
    hours: {{mon-fri: 09:00-18:00}}
callback:
  fields:
    - {{id: name, label: Имя, type: text, required: true, prefill: caller.name}}
    - {{id: phone, label: Телефон, type: phone, required: true}}
    - {{id: note, label: Комментарий, type: multiline, prefill: question}}
# After a call the operator must choose one of these results; `wrapup_required: false`
# would let a call be finished without one.
wrapup_codes:
  - {{code: info, label: Консультация}}
  - {{code: transfer, label: Переведён специалисту}}
  - {{code: callback, label: Обратный звонок}}
"""

QUESTIONS_YAML = """\
# yaml-language-server: $schema=../schema/questions.schema.json
# The questions callers ask. Nest follow-up questions under `children`.
questions:
  - id: contacts
    question: Где находится ваш офис?
    keywords: [адрес, офис, как добраться]
    answer: |
      Назовите, пожалуйста, ваш город — я подскажу ближайший офис.
    table:
      name: offices
      filter:
        column: Город
        value: "{{{{ crm.city }}}}"   # empty until the CRM card arrives: then no filter
  - id: other
    question: Вопрос, на который нет готового ответа
    no_ready_answer: true         # the desk offers a transfer or a callback
    actions:
      - {{transfer: specialist, label: Соединить со специалистом}}
      - {{callback: true}}
"""

DEFAULT_GREETING = """\
{{{{ day_greeting }}}}! Вы позвонили в компанию «{{{{ tenant.name }}}}», \
меня зовут {{{{ operator.name }}}}.{{% if caller.name %}} {{{{ caller.name }}}}, \
чем могу помочь?{{% else %}} Чем могу помочь?{{% endif %}}
"""

AFTER_HOURS_GREETING = """\
{{{{ day_greeting }}}}! Компания «{{{{ tenant.name }}}}», {{{{ operator.name }}}}. \
Офис сейчас закрыт, но я запишу ваш вопрос и вам перезвонят.
"""

OFFICES_CSV = """\
Город,Адрес,Часы работы,Телефон
Москва,"ул. Примерная, д. 1",пн–пт 09:00–18:00,+7 495 000-00-00
"""


class StarterError(InputError):
    """A starter tenant cannot be written: a bad id, or no placeholder number left."""


class TenantExistsError(StarterError, FileExistsError):
    """The starter tenant's folder already exists (nothing was written)."""


def write_starter_tenant(root: Path, tenant_id: str, library: Library | None = None) -> Path:
    """Write ``root/tenant_id`` with a working example of every kind of file (``library``:
    the library at ``root`` as already loaded, to find a free placeholder number)."""
    if not _ID.match(tenant_id):
        raise StarterError(f"`{tenant_id}` is not a valid tenant id: use lowercase latin letters, "
                         "digits and hyphens, e.g. `pizza-roma`")
    folder = root / tenant_id
    if folder.exists():
        raise TenantExistsError(f"{folder} already exists; choose another id")
    number = free_number(root, library)
    (folder / "greetings").mkdir(parents=True)
    (folder / "tables").mkdir()
    (folder / "tenant.yaml").write_text(TENANT_YAML.format(id=tenant_id, number=number),
                                        encoding="utf-8")
    (folder / "questions.yaml").write_text(QUESTIONS_YAML.format(), encoding="utf-8")
    (folder / "greetings" / "default.txt").write_text(DEFAULT_GREETING.format(), encoding="utf-8")
    (folder / "greetings" / "after_hours.txt").write_text(AFTER_HOURS_GREETING.format(),
                                                          encoding="utf-8")
    (folder / "tables" / "offices.csv").write_text(OFFICES_CSV, encoding="utf-8")
    return folder


def free_number(root: Path, library: Library | None = None) -> str:
    """A placeholder hotline no tenant of the library has yet (``library``: as loaded)."""
    taken: set[str] = set()
    if library is None and root.is_dir():
        library = Library.load(root)
    if library is not None:
        taken = set(library.number_index) | set(library.conflicts)
    for n in range(1, 10000):
        candidate = f"8-800-000-{n // 100:02d}-{n % 100:02d}"
        if f"+7800000{n // 100:02d}{n % 100:02d}" not in taken:
            return candidate
    raise StarterError(f"no free placeholder number left in {root}: give the new tenant's "
                       "`numbers` by hand")
