"""Run every benchmark in turn: ``python -m bench`` (``make bench``)."""

from __future__ import annotations

import importlib
import pkgutil

import bench


def main() -> None:
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda m: m.name):
        if not info.name.startswith("bench_"):
            continue
        print(f"\n== {info.name}")
        module = importlib.import_module(f"bench.{info.name}")
        try:
            module.main()
        except SystemExit as exc:  # a benchmark that cannot run here says why
            print(f"   skipped: {exc}")


if __name__ == "__main__":
    main()
