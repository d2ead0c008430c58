"""Benchmark the script search index on a synthetic large tenant.

Run from the project root::

    python -m bench.bench_search          # or: python bench/bench_search.py

It builds a tenant with 10,000 table rows (stores and products) and 500 questions, reports
the index build time and its approximate memory, then the latency of a few hundred varied
queries (exact words, prefixes, typos, wrong keyboard layout, several words, model names,
no hits). Nothing is asserted: read the figures.
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make ``operator_desk`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from operator_desk.core.model import Question, Script, Table
from operator_desk.core.search import SearchIndex


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


CITIES = _words(
    "Москва Санкт-Петербург Новосибирск Екатеринбург Казань Челябинск Самара "
    "Омск Ростов-на-Дону Уфа Красноярск Воронеж Пермь Волгоград Краснодар Саратов Тюмень "
    "Тольятти Ижевск Барнаул Ульяновск Иркутск Хабаровск Ярославль Владивосток Махачкала Томск "
    "Оренбург Кемерово Новокузнецк Рязань Астрахань Пенза Липецк Киров Чебоксары Тула "
    "Калининград Курск Ставрополь Сочи Белгород Владимир Архангельск Смоленск Мурманск Сургут "
    "Королёв Орёл"
)
STREETS = _words(
    "Ленина Мира Советская Гагарина Пушкина Кирова Центральная Молодёжная Школьная Садовая "
    "Лесная Новая Набережная Октябрьская Победы Комсомольская Первомайская Строителей "
    "Заводская Полевая Чехова Горького Маяковского Лермонтова Калинина Титова Жукова "
    "Свердлова Фрунзе Тверская Арбат Невский Профсоюзная Ломоносова Вернадского Королёва "
    "Дзержинского Куйбышева Чкалова Суворова"
)
STREET_KINDS = ("ул.", "пр-т", "пер.", "б-р", "ш.")
MALLS = (
    "ТЦ Мега", "ТРЦ Европа", "ТЦ Галерея", "ТРК Радуга", "ТЦ Аура", "ТЦ Северный",
    "ТРЦ Океания", "ТЦ Июнь", "ТЦ Рио", "",
)
SERVICES = (
    "выдача заказов", "приём техники в ремонт", "кредит", "рассрочка", "трейд-ин",
    "доставка", "установка", "возврат товара", "подарочные карты", "пункт самовывоза",
)
BRANDS = _words(
    "Samsung LG Sony Philips Xiaomi Haier Bosch Indesit Atlant Redmond Polaris Vitek Tefal "
    "Panasonic Hisense TCL Apple Huawei Honor Lenovo Asus Acer Dyson Gorenje Candy Beko"
)
CATEGORIES = (
    ("Телевизор", "телевизор", ("32\"", "43\"", "50\"", "55\"", "65\"", "75\"")),
    ("Холодильник", "холодильник", ("двухкамерный", "однокамерный", "Side-by-Side", "No Frost")),
    ("Стиральная машина", "стиральную машину", ("6 кг", "7 кг", "8 кг", "10 кг")),
    ("Пылесос", "пылесос", ("беспроводной", "робот", "с контейнером", "моющий")),
    ("Смартфон", "смартфон", ("128 ГБ", "256 ГБ", "512 ГБ", "64 ГБ")),
    ("Ноутбук", "ноутбук", ("14\"", "15.6\"", "16\"", "17.3\"")),
    ("Микроволновая печь", "микроволновку", ("20 л", "23 л", "25 л", "соло", "с грилем")),
    ("Кофемашина", "кофемашину", ("рожковая", "капсульная", "автоматическая")),
    ("Электрочайник", "чайник", ("1,7 л", "стеклянный", "металлический")),
    ("Посудомоечная машина", "посудомойку", ("45 см", "60 см", "встраиваемая")),
)
AVAILABILITY = ("в наличии", "под заказ", "мало", "нет в наличии", "ожидается поставка")
TOPICS = (
    ("Где купить {p}?", "Купить {p} можно в любом магазине сети или заказать на сайте с "
     "доставкой; наличие уточняйте в таблице магазинов по городу клиента."),
    ("Гарантия на {p}", "Гарантия производителя на {p} составляет от 12 до 36 месяцев; "
     "сохраните чек и гарантийный талон, ремонт выполняет авторизованный сервисный центр."),
    ("Как вернуть {p}?", "Вернуть {p} надлежащего качества можно в течение 14 дней при "
     "сохранении упаковки и товарного вида; деньги возвращаются тем же способом оплаты."),
    ("Доставка: {p}", "Доставка {p} курьером по городу занимает 1-3 дня, подъём на этаж "
     "оплачивается отдельно, крупногабаритную технику привозят грузовым транспортом."),
    ("Рассрочка на {p}", "Рассрочку на {p} оформляют банки-партнёры без переплаты на 6, 10 "
     "или 12 месяцев; нужен паспорт, решение приходит за 5 минут."),
    ("Установка и подключение: {p}", "Мастер приезжает в согласованный интервал, "
     "подключает {p} и проверяет работу; стоимость зависит от сложности."),
    ("Не работает {p}", "Попросите клиента описать неисправность, уточните дату покупки "
     "и модель; если гарантия не истекла, оформите заявку в сервисный центр."),
    ("Трейд-ин: сдать старый {p}", "Старую технику оценивают в магазине, сумма засчитывается "
     "как скидка на новый {p}; принимаем исправные устройства не старше 7 лет."),
)
GENERAL = (
    ("Как заблокировать карту?", "Назовите клиенту номер горячей линии банка; бонусную "
     "карту магазина можно заблокировать в личном кабинете или по кодовому слову.",
     ("блокировка", "потерял карту")),
    ("Часы работы магазинов", "Большинство магазинов работают ежедневно с 10:00 до 22:00; "
     "точное время смотрите в таблице магазинов.", ("режим работы", "время")),
    ("Как узнать статус заказа?", "Спросите номер заказа и телефон, откройте карточку "
     "заказа; статус обновляется каждые 15 минут.", ("где заказ", "отслеживание")),
    ("Бонусная программа", "Бонусы начисляются 5% от покупки и списываются до 30% суммы "
     "следующей покупки.", ("баллы", "кэшбэк")),
    ("Жалоба на сотрудника", "Выслушайте клиента, извинитесь, зафиксируйте ФИО сотрудника "
     "и адрес магазина, оформите обращение.", ("претензия", "хамство")),
)


def make_script(rows: int = 10_000, questions: int = 500, seed: int = 42) -> Script:
    """A synthetic electronics-retail tenant: stores, products and a question tree."""
    rnd = random.Random(seed)
    store_rows = []
    for i in range(rows // 2):
        city = rnd.choice(CITIES)
        street = f"{rnd.choice(STREET_KINDS)} {rnd.choice(STREETS)}, д. {rnd.randint(1, 180)}"
        mall = rnd.choice(MALLS)
        address = f"{street}, {mall}" if mall else street
        hours = rnd.choice(("10:00-22:00", "09:00-21:00", "круглосуточно", "10:00-21:00"))
        phone = f"+7 ({rnd.randint(300, 999)}) {rnd.randint(100, 999)}-{rnd.randint(10, 99)}-"
        phone += f"{rnd.randint(10, 99)}"
        services = ", ".join(rnd.sample(SERVICES, 3))
        store_rows.append((f"Магазин №{i + 1}", city, address, hours, phone, services))
    stores = Table(
        "stores", "Магазины",
        ("Магазин", "Город", "Адрес", "Часы работы", "Телефон", "Услуги"),
        tuple(store_rows), "Магазин",
    )

    product_rows = []
    for _ in range(rows - rows // 2):
        category, _acc, specs = rnd.choice(CATEGORIES)
        brand = rnd.choice(BRANDS)
        letters = "".join(rnd.choice("ABCDEFGHKMNPRSTUVWXZ") for _ in range(rnd.randint(1, 3)))
        model = f"{letters}{rnd.randint(10, 9999)}{rnd.choice(('', 'A', 'S', 'Pro', 'X'))}"
        if rnd.random() < 0.3:
            model = f"{letters}-{rnd.randint(100, 999)}"
        spec = rnd.choice(specs)
        price = f"{rnd.randint(3, 250) * 1000 - 10:,} ₽".replace(",", " ")
        warranty = f"{rnd.choice((12, 24, 36))} мес."
        product_rows.append(
            (model, brand, category, spec, price, warranty, rnd.choice(AVAILABILITY))
        )
    products = Table(
        "products", "Товары",
        ("Модель", "Бренд", "Категория", "Характеристика", "Цена", "Гарантия", "Наличие"),
        tuple(product_rows), "Модель",
    )

    tree: list[Question] = []
    n = 0
    for title, answer, keywords in GENERAL:
        tree.append(Question(f"q{n}", title, answer, keywords))
        n += 1
    while n < questions:
        category, acc, _specs = CATEGORIES[len(tree) % len(CATEGORIES)]
        children: list[Question] = []
        for template, answer in TOPICS:
            if n + 1 + len(children) >= questions:
                break
            city = rnd.choice(CITIES)
            text = answer.format(p=acc) + f" Для клиентов из города {city} действуют те же условия."
            children.append(
                Question(f"q{n + 1 + len(children)}", template.format(p=acc), text,
                         (category.lower(), rnd.choice(BRANDS)))
            )
        tree.append(Question(f"q{n}", f"{category}: {rnd.choice(BRANDS)} и другие", "",
                             (category.lower(),), children=tuple(children)))
        n += 1 + len(children)
    return Script(tuple(tree), {"stores": stores, "products": products})


_LAYOUT = str.maketrans(
    "йцукенгшщзхъфывапролджэячсмитьбюё", "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
)


def _typo(rnd: random.Random, word: str) -> str:
    i = rnd.randrange(1, len(word) - 1)
    kind = rnd.choice(("swap", "drop", "replace", "insert"))
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    letter = rnd.choice("аеиоукнтрсл")
    if kind == "replace":
        return word[:i] + letter + word[i + 1:]
    return word[:i] + letter + word[i:]


def make_queries(script: Script, seed: int = 7) -> list[tuple[str, str]]:
    """(category, query) pairs drawn from the script's own vocabulary."""
    rnd = random.Random(seed)
    words = sorted({
        w.strip(".,:;?!\"()").lower()
        for q in script.walk()
        for w in f"{q.question} {q.answer}".split()
        if len(w.strip(".,:;?!\"()")) >= 5 and w.strip(".,:;?!\"()").isalpha()
    } | {c.lower() for c in CITIES if c.isalpha()} | {s.lower() for s in STREETS})
    models = [row[0] for row in script.tables["products"].rows]
    out: list[tuple[str, str]] = []
    for _ in range(60):
        out.append(("exact", rnd.choice(words)))
    for _ in range(50):
        w = rnd.choice(words)
        out.append(("prefix", w[: rnd.randint(2, min(6, len(w) - 1))]))
    for _ in range(60):
        out.append(("typo", _typo(rnd, rnd.choice(words))))
    for _ in range(40):
        out.append(("layout", " ".join(rnd.sample(words, rnd.randint(1, 2))).translate(_LAYOUT)))
    for _ in range(60):
        k = rnd.randint(2, 4)
        phrase = rnd.sample(words, k)
        if rnd.random() < 0.5:
            phrase[-1] = phrase[-1][: max(2, len(phrase[-1]) - 3)]
        out.append(("multi", " ".join(phrase)))
    for _ in range(30):
        out.append(("model", rnd.choice(models)))
    out.extend(("model", q) for q in ("55", "X200", "65\"", "128 гб", "Samsung 55", "lg 43"))
    out.extend(("no-hit", q) for q in (
        "абракадабра", "zzqxj", "квазипульсар", "12345678", "ъъъ ыыы", "фывапролджэ",
        "пингвинолог", "qqqqq", "хрономиграция", "зюзюка",
    ))
    out.extend(("realistic", q) for q in (
        "где купить телевизор", "гарантии на холодильник", "магазины в москве", "магаз",
        "ghbdtn", "vfufpby", "как заблокировать карту", "часы работы", "рассрочка",
        "тверская", "ул ленина казань", "гарантя", "телевизр самсунг", "ктедит",
        "магазин новосибирск", "сочи трц", "доставка в орел", "nhtql-by", "samsung",
        "ыфьыгтп",
    ))
    return out


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    script = make_script()
    rows = sum(len(t.rows) for t in script.tables.values())
    questions = sum(1 for _ in script.walk())
    print(f"tenant: {rows} table rows, {questions} questions")

    gc.collect()
    start = time.perf_counter()
    index = SearchIndex.from_script(script)
    build = time.perf_counter() - start
    print(f"build: {build * 1000:.0f} ms")

    del index
    gc.collect()
    objects_before = len(gc.get_objects())
    tracemalloc.start()
    index = SearchIndex.from_script(script)
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    objects = len(gc.get_objects()) - objects_before
    print(
        f"memory: ~{current / 2**20:.1f} MiB held by the index "
        f"(peak while building {peak / 2**20:.1f} MiB), {objects} gc-tracked objects"
    )

    queries = make_queries(script)
    for _kind, q in queries[:20]:  # warm up caches and the allocator
        index.search(q)
    by_kind: dict[str, list[float]] = {}
    all_ms: list[float] = []
    worst: list[tuple[float, str]] = []
    hits = 0
    for _round in range(3):
        for kind, q in queries:
            t0 = time.perf_counter()
            result = index.search(q)
            ms = (time.perf_counter() - t0) * 1000
            hits += bool(result)
            by_kind.setdefault(kind, []).append(ms)
            all_ms.append(ms)
            worst.append((ms, q))
    print(f"queries: {len(queries)} x 3 rounds, {hits / 3:.0f} with hits")
    print(
        f"latency: median {statistics.median(all_ms):.2f} ms, "
        f"p95 {_percentile(all_ms, 95):.2f} ms, max {max(all_ms):.2f} ms"
    )
    for kind, values in by_kind.items():
        print(
            f"  {kind:<10} median {statistics.median(values):.2f} ms, "
            f"p95 {_percentile(values, 95):.2f} ms, max {max(values):.2f} ms"
        )
    print("slowest:", ", ".join(f"{q!r} {ms:.1f} ms" for ms, q in sorted(worst)[-5:][::-1]))
    for q in ("где купить телевизор", "ghbdtn", "vfufpby", "гарантя", "ул ленина казань"):
        top = index.search(q, limit=3)
        print(f"  {q!r}: " + " | ".join(f"{h.ref} {h.title[:40]!r}" for h in top))


if __name__ == "__main__":
    main()
