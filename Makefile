# The two commands of the README: `make run` and `make test`. Each sets up everything.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup system lint bench clean translations

run: system $(STAMP)
	$(VENV)/bin/operator-desk --demo $(ARGS)

test: system $(STAMP)
	bash scripts/run-tests.sh

setup: $(STAMP)

system:
	bash scripts/setup-system.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

lint: $(STAMP)
	$(VENV)/bin/ruff check operator_desk tests bench
	$(VENV)/bin/mypy operator_desk/core

bench: $(STAMP)
	$(PY) -m bench

clean:
	rm -rf $(VENV) build dist

# Refresh the Russian translation source from the code and compile it.
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate -no-obsolete operator_desk/ui/*.py operator_desk/ui/studio/*.py operator_desk/ui/supervisor/*.py operator_desk/app.py -ts resources/translations/operator_desk_ru.ts
	$(VENV)/bin/pyside6-lrelease resources/translations/operator_desk_ru.ts -qm resources/translations/operator_desk_ru.qm
	$(VENV)/bin/pyside6-lupdate -no-obsolete -pluralonly operator_desk/ui/*.py operator_desk/ui/studio/*.py operator_desk/ui/supervisor/*.py operator_desk/app.py -ts resources/translations/operator_desk_en.ts
	$(VENV)/bin/pyside6-lrelease resources/translations/operator_desk_en.ts -qm resources/translations/operator_desk_en.qm
