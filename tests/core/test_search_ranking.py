"""What the operator finds first in the bundled tenants' scripts: the question a caller
means, with titles and the author's keywords above body text, typos and the wrong keyboard
layout forgiven."""

from __future__ import annotations

import pytest

from operator_desk.core.library import Library
from operator_desk.core.search import SearchIndex
from tests.conftest import BUNDLED_LIBRARY

ELECTRONICS, BANK, TAXI = "elektronika-vector", "severny-kredit", "taxi-bystro"


@pytest.fixture(scope="module")
def indexes() -> dict[str, SearchIndex]:
    library = Library.load(BUNDLED_LIBRARY)
    return {t.id: SearchIndex.from_script(library.script(t.id)) for t in library}


@pytest.mark.parametrize(("tenant", "query", "first"), [
    # The query: warranty first, not «Какой телевизор выбрать?» (its title has
    # «телевизор», «гарантия» is only in its answer).
    (ELECTRONICS, "гарантия на тилевизор", "warranty"),
    (ELECTRONICS, "гарантия на телевизор", "warranty"),
    (ELECTRONICS, "гарнтия на телевизор", "warranty"),
    (ELECTRONICS, "гарантия на пылесос", "warranty"),
    (ELECTRONICS, "ujhfynbz", "warranty"),  # «гарантия» in the Latin layout
    (ELECTRONICS, "сломался телевизор", "repair"),
    (ELECTRONICS, "доставка телевизора", "delivery"),
    (ELECTRONICS, "телефон не заряжается", "phone-not-charging"),
    (ELECTRONICS, "статус заказа", "order-status"),
    (ELECTRONICS, "кронштейн", "tv-wall-mount"),
    (BANK, "заблокировать карту", "card-block"),
    (BANK, "заблокирвоать карту", "card-block"),
    (BANK, "pf,kjrbhjdfnm rfhne", "card-block"),
    (BANK, "потерял карту", "card-block"),
    (BANK, "ставка по вкладу", "deposits"),
    (BANK, "процент по депозиту", "deposits"),
    (BANK, "банкоматы", "branches"),
    (BANK, "ипотека", "mortgage"),
    (TAXI, "забыл вещи в такси", "lost-item"),
    (TAXI, "жолоба на водителя", "complaint-driver"),
    (TAXI, "pfrfpfnm nfrcb", "order-taxi"),  # «заказать такси»
    (TAXI, "детское кресло", "child-seat"),
    (TAXI, "стоимость поездки", "tariffs"),
    (TAXI, "отменить заказ", "cancel-order"),
])
def test_the_question_the_caller_means_comes_first(indexes, tenant, query, first):
    hits = indexes[tenant].search(query, 5)
    assert hits and hits[0].ref == first, [h.ref for h in hits]


def test_a_question_is_found_by_the_table_it_presents():
    from operator_desk.core.model import Question, Script, Table, TableView

    warranty_table = Table("warranty", "Сроки гарантии", ("Категория", "Гарантия"),
                           (("Телевизор", "3 года"), ("Пылесос", "2 года")), "Категория")
    choose = Question("choose-tv", "Какой телевизор выбрать?",
                      "У телевизоров от 55 дюймов гарантия 3 года.")

    def first(presents: bool) -> str:
        warranty = Question("warranty", "Гарантия на технику", "Сроки — в таблице.",
                            table=TableView("warranty") if presents else None)
        index = SearchIndex.from_script(Script((choose, warranty), {"warranty": warranty_table}))
        return index.search("гарантия на телевизор", 5)[0].ref

    # «Гарантия на технику» says nothing of TVs; the table it presents has the TV row.
    assert first(presents=True) == "warranty"
    assert first(presents=False) == "choose-tv"


def test_the_warranty_question_is_above_the_rows_of_its_own_table(indexes):
    found = [h.ref for h in indexes[ELECTRONICS].search("гарантия на телевизор", 10)]
    assert found[0] == "warranty"
    assert found.index("choose-tv") > 0 and "warranty:1" in found
