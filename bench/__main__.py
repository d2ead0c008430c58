"""The benchmarks: ``python -m bench`` (``make bench``) runs every one in turn with its
defaults; ``python -m bench NAME [OPTIONS]`` runs one, e.g.
``python -m bench floor --database URL --desks 200 --callbacks 5000`` (``--help`` lists them)."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import bench


def names() -> list[str]:
    return sorted(m.name.removeprefix("bench_") for m in pkgutil.iter_modules(bench.__path__)
                  if m.name.startswith("bench_"))


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and not argv[0].startswith("-"):
        if argv[0] not in names():
            raise SystemExit(f"no benchmark {argv[0]!r}; there are: {', '.join(names())}")
        module = importlib.import_module(f"bench.bench_{argv[0]}")
        sys.argv = [f"python -m bench {argv[0]}", *argv[1:]]
        module.main(*([argv[1:]] if _takes_arguments(module) else []))
        return
    for name in names():
        print(f"\n== bench_{name}")
        module = importlib.import_module(f"bench.bench_{name}")
        try:
            module.main(*([[]] if _takes_arguments(module) else []))
        except SystemExit as exc:  # a benchmark that cannot run here says why
            print(f"   skipped: {exc}")


def _takes_arguments(module: object) -> bool:
    import inspect

    return bool(inspect.signature(module.main).parameters)  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
