"""The script search box: what an operator finds when typing into it."""

from __future__ import annotations

import pytest

from operator_desk.core.model import Question, Script, Table
from operator_desk.core.search import SearchHit, SearchIndex


def _script() -> Script:
    questions = (
        Question(
            "greet",
            "Приветствие клиента",
            "Здравствуйте! Меня зовут …, чем могу помочь?",
            keywords=("привет", "начало разговора"),
        ),
        Question(
            "buy",
            "Где купить?",
            "Купить технику можно в любом нашем магазине или на сайте. "
            "Адреса магазинов и часы работы — в таблице ниже.",
            keywords=("магазин", "адрес"),
        ),
        Question(
            "warranty",
            "Гарантия на телевизор",
            "Гарантийный срок — 24 месяца с даты покупки. Попросите клиента сохранить чек.",
            keywords=("гарантийный ремонт",),
        ),
        Question(
            "return",
            "Возврат товара",
            "Вернуть телевизор, пылесос или другой товар надлежащего качества можно "
            "в течение 14 дней, если сохранена упаковка.",
        ),
        Question(
            "block",
            "Как заблокировать карту?",
            "Продиктуйте номер горячей линии банка. Бонусную карту магазина можно "
            "заблокировать в личном кабинете.",
            keywords=("блокировка", "потеря карты"),
        ),
        Question(
            "cabinet",
            "Блокировка личного кабинета",
            "После пяти неверных паролей вход закрывается на 30 минут.",
        ),
        Question(
            "lost",
            "Потерял чек",
            "Чек можно восстановить по номеру карты; если нужна блокировка карты — "
            "переведите на банк.",
        ),
        Question(
            "repair",
            "Приём техники в ремонт",
            "Технику принимают в сервисном центре с гарантийным талоном.",
        ),
        Question(
            "delivery",
            "Доставка",
            "Курьер привезёт заказ за 1-3 дня. Подъём на этаж — 300 ₽.",
            keywords=("курьер",),
            children=(
                Question(
                    "delivery-ekb",
                    "Доставка в Екатеринбург",
                    "Заказы в Екатеринбург везёт транспортная компания, срок 2-4 дня.",
                ),
            ),
        ),
    )
    stores = Table(
        "stores",
        "Магазины",
        ("Магазин", "Город", "Адрес", "Часы работы", "Телефон"),
        (
            ("М-01 Тверская", "Москва", "ул. Тверская, д. 12", "10:00-22:00", "+7 495 111-22-33"),
            ("М-02 Арбат", "Москва", "ул. Арбат, д. 5", "10:00-21:00", "+7 495 111-22-34"),
            ("С-01 Невский", "Санкт-Петербург", "Невский пр-т, д. 48", "10:00-22:00", ""),
            ("Е-01 Ленина", "Екатеринбург", "пр-т Ленина, д. 25", "09:00-21:00", ""),
            ("К-01 Королёв", "Королёв", "ул. Гагарина, д. 3", "10:00-20:00", ""),
            ("Н-01 Красный", "Новосибирск", "Красный пр-т, д. 101", "10:00-22:00", ""),
        ),
        "Магазин",
    )
    products = Table(
        "products",
        "Товары",
        ("Модель", "Бренд", "Категория", "Диагональ", "Цена"),
        (
            ("X200", "Sonic", "Телевизор", '55"', "49 990 ₽"),
            ("X300", "Sonic", "Телевизор", '65"', "69 990 ₽"),
            ("UE43AU7100", "Samsung", "Телевизор", '43"', "35 990 ₽"),
            ("KS-4520", "Kitfort", "Пылесос", "", "12 490 ₽"),
            ("RF-60", "Atlant", "Холодильник", "", "42 000 ₽"),
        ),
        "Модель",
    )
    return Script(questions, {"stores": stores, "products": products})


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.from_script(_script())


def refs(index: SearchIndex, query: str, limit: int = 20) -> list[str]:
    return [hit.ref for hit in index.search(query, limit)]


def top(index: SearchIndex, query: str) -> str:
    found = refs(index, query)
    assert found, f"nothing found for {query!r}"
    return found[0]


@pytest.mark.parametrize("query", ["", " ", "  \t\n "])
def test_blank_query_finds_nothing(index: SearchIndex, query: str) -> None:
    assert index.search(query) == []


def test_unknown_word_finds_nothing(index: SearchIndex) -> None:
    assert index.search("абракадабра") == []
    assert index.search("zzqxj") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("гарантия", "warranty"),
        ("ГАРАНТИЯ", "warranty"),
        ("как заблокировать карту", "block"),
        ("где купить", "buy"),
        ("доставка в екатеринбург", "delivery-ekb"),  # a child question is found too
    ],
)
def test_exact_words(index: SearchIndex, query: str, expected: str) -> None:
    assert top(index, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("гарантии", "warranty"),
        ("магазины", "buy"),
        ("магазинов", "buy"),
        ("телевизоры", "warranty"),
        ("заблокировали карты", "block"),
    ],
)
def test_word_endings(index: SearchIndex, query: str, expected: str) -> None:
    assert top(index, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("королев", "stores:4"),
        ("королёв", "stores:4"),
        ("КОРОЛЕВ", "stores:4"),
        ("прием техники", "repair"),
        ("приём техники", "repair"),
    ],
)
def test_yo_and_ye_are_the_same(index: SearchIndex, query: str, expected: str) -> None:
    assert top(index, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("гарнтия", "warranty"),  # a letter dropped
        ("гарантия", "warranty"),
        ("телевизр", "warranty"),
        ("заблокирвоать", "block"),  # two letters swapped
        ("заблакировть", "block"),  # two typos in a long word
        ("новосибирк", "stores:5"),
        ("тверкая 12", "stores:0"),
    ],
)
def test_typos(index: SearchIndex, query: str, expected: str) -> None:
    assert top(index, query) == expected


def test_three_typos_are_too_many(index: SearchIndex) -> None:
    assert "block" not in refs(index, "зоблакирвть")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ghbdtn", "greet"),  # привет
        ("ufhfynbz", "warranty"),  # гарантия
        ("ult regbnm", "buy"),  # где купить
        ("pf,kjrbhjdfnm rfhne", "block"),  # заблокировать карту ("," is "б")
        ("yjdjcb,bhcr", "stores:5"),  # новосибирск
        ("vfufp", "buy"),  # магаз, still being typed
        ("ыщтшс ч200", "products:0"),  # sonic x200 typed in the Russian layout
    ],
)
def test_wrong_keyboard_layout(index: SearchIndex, query: str, expected: str) -> None:
    assert top(index, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("магаз", "buy"),
        ("заблок", "block"),
        ("телев", "warranty"),
        ("тверс", "stores:0"),
        ("как заблокировать ка", "block"),
        ("UE43", "products:2"),
    ],
)
def test_last_word_is_a_prefix_while_typing(
    index: SearchIndex, query: str, expected: str
) -> None:
    assert top(index, query) == expected


def test_only_the_last_word_is_a_prefix(index: SearchIndex) -> None:
    assert "block" not in refs(index, "заблок доставка")
    assert "block" in refs(index, "доставка заблок")


def test_question_text_beats_rows_which_beat_answer_text(index: SearchIndex) -> None:
    found = refs(index, "телевизор")
    assert found[0] == "warranty"  # in the question text
    assert "return" in found  # only in the answer's text
    rows = [found.index(r) for r in ("products:0", "products:1", "products:2")]
    assert found.index("warranty") < min(rows) and max(rows) < found.index("return")


def test_question_text_beats_keywords_beats_answer(index: SearchIndex) -> None:
    found = refs(index, "блокировка")
    assert found[:3] == ["cabinet", "block", "lost"]


def test_all_words_beat_some_words(index: SearchIndex) -> None:
    # "warranty" has both words (one only in its answer); "lost" has «чек» in its title.
    found = refs(index, "чек гарантия")
    assert found[0] == "warranty"
    assert found.index("warranty") < found.index("lost")

    found = refs(index, "доставка екатеринбург")
    assert found[0] == "delivery-ekb"
    assert found.index("delivery-ekb") < found.index("delivery")
    assert found.index("delivery-ekb") < found.index("stores:3")


def test_table_title_describes_its_rows(index: SearchIndex) -> None:
    # The stores table is titled «Магазины»; «в» is a stop word and counts for nothing.
    found = refs(index, "магазины в москве")
    assert set(found[:2]) == {"stores:0", "stores:1"}
    assert found.index("buy") < found.index("stores:2")  # one word: questions first
    assert top(index, "телевизор 55") == "products:0"
    assert top(index, "адрес арбат") == "stores:1"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("новосибирск", "stores:5"),
        ("санкт-петербург", "stores:2"),
        ("петербург", "stores:2"),
        ("невский", "stores:2"),
        ("тверская 12", "stores:0"),
        ("арбат", "stores:1"),
        ("X200", "products:0"),
        ("x200", "products:0"),
        ("Х200", "products:0"),  # Cyrillic Х
        ("X-200", "products:0"),
        ("ks4520", "products:3"),
        ("4520", "products:3"),
        ("ue43au7100", "products:2"),
        ("samsung 43", "products:2"),
        ("холодильник атлант", "products:4"),
    ],
)
def test_table_rows(index: SearchIndex, query: str, expected: str) -> None:
    assert top(index, query) == expected


def test_numbers_match_tokens(index: SearchIndex) -> None:
    found = refs(index, "55")
    assert found[0] == "products:0"
    assert "products:1" not in found  # 65" is another number


def test_city_finds_all_its_rows(index: SearchIndex) -> None:
    found = refs(index, "москва")
    assert set(found[:2]) == {"stores:0", "stores:1"}
    assert "stores:2" not in found


def test_row_hit_shows_key_and_matching_cells(index: SearchIndex) -> None:
    hit = index.search("новосибирск")[0]
    assert hit.kind == "row"
    assert hit.ref == "stores:5"
    assert hit.title.startswith("Н-01 Красный")
    assert "Новосибирск" in hit.title
    assert "Новосибирск" in hit.snippet
    assert len(hit.title) <= 200
    assert len(hit.snippet) <= 200

    hit = index.search("x200")[0]
    assert hit.title.startswith("X200")
    assert "Sonic" in hit.title
    assert "X200" in hit.snippet


def test_question_hit_shows_question_and_answer_part(index: SearchIndex) -> None:
    hit = index.search("бонусную")[0]
    assert hit.kind == "question"
    assert hit.ref == "block"
    assert hit.title == "Как заблокировать карту?"
    assert "Бонусную" in hit.snippet
    assert len(hit.snippet) <= 130


def test_results_are_best_first_and_limited(index: SearchIndex) -> None:
    hits = index.search("телевизор", limit=3)
    assert len(hits) == 3
    assert all(isinstance(h, SearchHit) for h in hits)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert index.search("телевизор", limit=0) == []


def test_empty_script() -> None:
    index = SearchIndex.from_script(Script((), {}))
    assert index.search("что угодно") == []


def test_template_code_in_an_answer_is_neither_found_nor_shown() -> None:
    order = Question(
        "order",
        "Где мой заказ?",
        "{% if ivr.order_no %}Проверяю заказ № {{ ivr.order_no }}.{% else %}Назовите номер "
        "заказа из SMS.{% endif %}{# для операторов #} Сейчас скажу, когда ждать доставку.",
    )
    index = SearchIndex.from_script(Script((order,), {}))
    assert refs(index, "sms") == ["order"]  # a word of either branch is found
    assert refs(index, "доставку") == ["order"]
    for code in ("endif", "ivr", "order_no", "операторов"):
        assert refs(index, code) == [], code
    for query in ("доставку", "проверяю"):
        snippet = index.search(query)[0].snippet
        assert "{" not in snippet and "}" not in snippet and "#" not in snippet, snippet
    assert index.search("проверяю")[0].snippet.startswith("Проверяю заказ № …. Назовите")
