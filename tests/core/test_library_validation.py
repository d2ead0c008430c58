"""Every kind of mistake a script author can make gets its own clear, located message."""

from __future__ import annotations

from operator_desk.core.errors import Problem
from operator_desk.core.library import Library


def problems_of(builder) -> list[Problem]:
    return Library.load(builder.root).validate()


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def test_starter_tenant_is_valid(builder):
    builder.tenant("alpha")
    assert problems_of(builder) == []


def test_bad_yaml_points_at_the_line(builder):
    builder.tenant("alpha")
    builder.replace("alpha", "tenant.yaml", "languages: [ru]", "languages: [ru")
    p = only(problems_of(builder))
    assert p.file == "alpha/tenant.yaml"
    assert "not valid YAML" in p.message
    assert p.line >= builder.line_of("alpha", "tenant.yaml", "languages: [ru")


def test_unknown_key_suggests_the_right_one(builder):
    builder.tenant("alpha")
    builder.replace("alpha", "tenant.yaml", "timezone:", "time_zone:")
    problems = problems_of(builder)
    unknown = next(p for p in problems if "unknown key" in p.message)
    assert unknown.line == builder.line_of("alpha", "tenant.yaml", "time_zone:")
    assert "`time_zone`" in unknown.message and "did you mean `timezone`?" in unknown.message
    missing = next(p for p in problems if "missing field" in p.message)
    assert "`timezone`" in missing.message


def test_unknown_key_in_a_nested_question(builder):
    builder.tenant("alpha")
    builder.replace("alpha", "questions.yaml", "    keywords:", "    keywrds:")
    p = only(problems_of(builder))
    assert p.file == "alpha/questions.yaml"
    assert p.line == builder.line_of("alpha", "questions.yaml", "keywrds:")
    assert p.field == "questions[0].keywrds"
    assert "did you mean `keywords`?" in p.message


def test_missing_required_field(builder):
    builder.tenant("alpha")
    builder.replace("alpha", "questions.yaml", "    question: Где находится ваш офис?\n", "")
    p = only(problems_of(builder))
    assert "missing field `question`" in p.message
    assert p.field == "questions[0]"


def test_wrong_type_says_what_was_expected(builder):
    builder.tenant("alpha")
    builder.replace("alpha", "tenant.yaml", "    tier: 2", "    tier: second")
    p = only(problems_of(builder))
    assert p.field == "directory[0].tier"
    assert "expected a whole number, got `second`" in p.message


def test_dangling_question_id_in_group_suggests_the_closest(builder):
    builder.tenant("alpha")
    builder.replace("alpha", "questions.yaml", "id: contacts", "id: lookup-policy")
    builder.replace("alpha", "tenant.yaml", "first: [contacts]", "first: [lookup-polcy]")
    p = only(problems_of(builder))
    assert p.file == "alpha/tenant.yaml"
    assert p.line == builder.line_of("alpha", "tenant.yaml", "first: [lookup-polcy]")
    assert "question `lookup-polcy` does not exist" in p.message
    assert "did you mean `lookup-policy`?" in p.message


def test_dangling_table_reference(builder):
    builder.tenant("alpha")
    builder.replace("alpha", "questions.yaml", "name: offices", "name: ofices")
    p = only(problems_of(builder))
    assert p.line == builder.line_of("alpha", "questions.yaml", "name: ofices")
    assert "table `ofices` does not exist" in p.message and "did you mean `offices`?" in p.message


def test_dangling_column_reference(builder):
    builder.tenant("alpha")
    builder.replace("alpha", "questions.yaml", "column: Город", "column: Горд")
    p = only(problems_of(builder))
    assert p.field == "questions[0].table.filter.column"
    assert "column `Горд` is not in table `offices`" in p.message
    assert "did you mean `Город`?" in p.message


def test_dangling_directory_entry(builder):
    builder.tenant("alpha")
    builder.replace("alpha", "questions.yaml", "transfer: specialist", "transfer: specalist")
    p = only(problems_of(builder))
    assert p.line == builder.line_of("alpha", "questions.yaml", "transfer: specalist")
    assert "directory entry `specalist` does not exist" in p.message
    assert "did you mean `specialist`?" in p.message


def test_malformed_number(builder):
    builder.tenant("alpha", number="8-800-55")
    p = only(problems_of(builder))
    assert p.field == "numbers[0]"
    assert p.line == builder.line_of("alpha", "tenant.yaml", "8-800-55")
    assert "`8-800-55`" in p.message and "not a valid number" in p.message


def test_garbage_number(builder):
    builder.tenant("alpha", number="звоните нам")
    p = only(problems_of(builder))
    assert "is not a phone number" in p.message


def test_number_claimed_by_two_tenants_is_reported_on_both(builder):
    builder.tenant("alpha", number="8-800-555-35-35")
    builder.tenant("beta", number="+7 (800) 555-35-35")
    library = Library.load(builder.root)
    problems = library.validate()
    assert {p.file for p in problems} == {"alpha/tenant.yaml", "beta/tenant.yaml"}
    assert all("also claimed by" in p.message for p in problems)
    assert "+78005553535" in library.conflicts
    # Both tenants still load; only the disputed number routes to nobody.
    assert set(library.tenants) == {"alpha", "beta"}


def test_greeting_with_unknown_variable(builder):
    builder.tenant("alpha")
    builder.write("alpha", "greetings/default.txt", "Здравствуйте!\n{{ caler.name }}, слушаю.\n")
    p = only(problems_of(builder))
    assert p.file == "alpha/greetings/default.txt"
    assert p.line == 2
    assert "unknown variable `caler`" in p.message and "did you mean `caller`?" in p.message


def test_greeting_with_unknown_field(builder):
    builder.tenant("alpha")
    builder.write("alpha", "greetings/default.txt", "{{ operator.nmae }}")
    p = only(problems_of(builder))
    assert "`operator` has no field `nmae`" in p.message
    assert "did you mean `operator.name`?" in p.message


def test_greeting_that_does_not_compile(builder):
    builder.tenant("alpha")
    builder.write("alpha", "greetings/after_hours.txt", "Добрый вечер\n{% if caller.name %}\n")
    p = only(problems_of(builder))
    assert p.file == "alpha/greetings/after_hours.txt"
    assert "template syntax error" in p.message


def test_answer_template_error_points_into_the_yaml(builder):
    builder.tenant("alpha")
    builder.replace("alpha", "questions.yaml", "я подскажу ближайший офис.",
                    "я подскажу ближайший офис.\n      {{ crm.city }} {{ tenent.name }}")
    p = only(problems_of(builder))
    assert p.file == "alpha/questions.yaml"
    assert p.line == builder.line_of("alpha", "questions.yaml", "tenent.name")
    assert "did you mean `tenant`?" in p.message


def test_missing_greeting_file(builder):
    builder.tenant("alpha")
    builder.path("alpha", "greetings/after_hours.txt").unlink()
    p = only(problems_of(builder))
    assert p.line == builder.line_of("alpha", "tenant.yaml", "after_hours:")
    assert "greeting file `greetings/after_hours.txt` not found" in p.message


def test_csv_with_a_ragged_row(builder):
    builder.tenant("alpha")
    builder.write("alpha", "tables/offices.csv",
                  "Город,Адрес,Часы работы,Телефон\n"
                  "Москва,\"ул. Примерная, д. 1\",09–18,+7 495 000-00-00\n"
                  "Казань,ул. Баумана, д. 5,09–18,+7 843 000-00-00\n")
    p = only(problems_of(builder))
    assert p.file == "alpha/tables/offices.csv"
    assert p.line == 3
    assert "this row has 5 cells, the header has 4" in p.message


def test_csv_in_the_wrong_encoding(builder):
    builder.tenant("alpha")
    builder.path("alpha", "tables/offices.csv").write_bytes(
        "Город,Адрес,Часы работы,Телефон\nМосква,Тверская 1,9-18,+7\n".encode("cp1251"))
    p = only(problems_of(builder))
    assert p.file == "alpha/tables/offices.csv"
    assert "not UTF-8" in p.message and "Windows-1251" in p.message and "CSV UTF-8" in p.message


def test_semicolon_csv_from_excel_is_read(builder):
    builder.tenant("alpha")
    builder.path("alpha", "tables/offices.csv").write_bytes(
        "\ufeffГород;Адрес;Часы работы;Телефон\nМосква;ул. Примерная, д. 1;9-18;+7\n".encode())
    library = Library.load(builder.root)
    assert library.validate() == []
    table = library.script("alpha").tables["offices"]
    assert table.columns[0] == "Город"
    assert table.row_dict(0)["Адрес"] == "ул. Примерная, д. 1"


def test_duplicate_question_ids(builder):
    builder.tenant("alpha")
    builder.replace("alpha", "questions.yaml", "id: other", "id: contacts")
    p = only(problems_of(builder))
    lines = builder.read("alpha", "questions.yaml").splitlines()
    second = [n for n, line in enumerate(lines, 1) if "id: contacts" in line][1]
    assert p.line == second
    assert "question id `contacts` is used twice (first on line" in p.message


def test_key_given_twice(builder):
    builder.tenant("alpha")
    builder.replace("alpha", "tenant.yaml", "timezone: Europe/Moscow",
                    "timezone: Europe/Moscow\ntimezone: Asia/Omsk")
    p = only(problems_of(builder))
    assert "`timezone` is given twice" in p.message


def test_id_must_be_the_folder_name(builder):
    builder.tenant("alpha")
    builder.replace("alpha", "tenant.yaml", "id: alpha", "id: alfa")
    p = only(problems_of(builder))
    assert "must be the folder name `alpha`" in p.message


def test_bad_time_zone_and_hours(builder):
    builder.tenant("alpha")
    builder.replace("alpha", "tenant.yaml", "timezone: Europe/Moscow", "timezone: Europe/Moskow")
    builder.replace("alpha", "tenant.yaml", "mon-fri: 09:00-18:00\ngreetings",
                    "mon-fry: 09:00-18:00\ngreetings")
    messages = [p.message for p in problems_of(builder)]
    assert any("did you mean `Europe/Moscow`?" in m for m in messages)
    assert any("`mon-fry` is not a day" in m for m in messages)


def test_every_error_is_reported_not_just_the_first(builder):
    builder.tenant("alpha")
    builder.replace("alpha", "questions.yaml", "name: offices", "name: ofices")
    builder.replace("alpha", "questions.yaml", "transfer: specialist", "transfer: nobody")
    builder.write("alpha", "greetings/default.txt", "{{ caler }}")
    assert len(problems_of(builder)) == 3


def test_a_broken_tenant_does_not_take_the_others_down(builder):
    builder.tenant("alpha")
    builder.tenant("beta")
    builder.replace("beta", "tenant.yaml", "name:", "nme:")
    library = Library.load(builder.root)
    assert set(library.tenants) == {"alpha"}
    assert set(library.broken) == {"beta"}
    assert library.broken["beta"][0].file == "beta/tenant.yaml"
    assert library.script("alpha").find("contacts") is not None


def test_a_folder_without_tenant_yaml_is_pointed_out(builder):
    builder.tenant("alpha")
    builder.write("gamma", "tenant.yml", "id: gamma\n")
    problems = Library.load(builder.root).validate()
    assert any(p.file == "gamma" and "no tenant.yaml" in p.message for p in problems)


def test_an_unquoted_comma_in_a_flow_mapping_gets_a_hint(builder):
    builder.tenant("alpha")
    builder.replace("alpha", "tenant.yaml", "{code: info, label: Консультация}",
                    "{code: info, label: Консультация, справка}")
    p = only(problems_of(builder))
    assert "unknown key `справка`" in p.message and "quotes" in p.message


def test_a_required_wrap_up_needs_results_to_choose_from(builder):
    builder.tenant("alpha")
    text = builder.read("alpha", "tenant.yaml")
    start = text.index("wrapup_codes:")
    builder.write("alpha", "tenant.yaml", text[:start] + "wrapup_required: true\n")
    p = only(problems_of(builder))
    assert (p.file, p.line) == ("alpha/tenant.yaml",
                                builder.line_of("alpha", "tenant.yaml", "wrapup_required: true"))
    assert "`wrapup_codes` lists none" in p.message


def test_wrap_up_required_is_true_or_false(builder):
    builder.tenant("alpha")
    builder.replace("alpha", "tenant.yaml", "wrapup_codes:", "wrapup_required: sometimes\nwrapup_codes:")
    p = only(problems_of(builder))
    assert p.field == "wrapup_required"
    assert "expected true or false, got `sometimes`" in p.message


def test_wrap_up_is_required_unless_the_tenant_says_otherwise(builder):
    builder.tenant("alpha")
    builder.tenant("beta", number="8-800-555-00-01")
    builder.replace("beta", "tenant.yaml", "wrapup_codes:", "wrapup_required: false\nwrapup_codes:")
    library = Library.load(builder.root)
    assert library.validate() == []
    assert library.tenant("alpha").wrapup_required is True
    assert library.tenant("beta").wrapup_required is False
