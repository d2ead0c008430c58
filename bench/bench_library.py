"""Library load time with 200 generated tenants, and what routing costs.

    python -m bench.bench_library [--tenants 200]

Prints figures; asserts nothing (targets are judged by a person reading them).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from operator_desk.core.library import Library
from operator_desk.core.routing import Router
from operator_desk.core.starter import write_starter_tenant


def build(root: Path, tenants: int, rows: int) -> list[str]:
    """``tenants`` starter tenants, each with 4 hotlines and a ``rows``-row table."""
    numbers = []
    for i in range(tenants):
        tid = f"tenant-{i:03d}"
        folder = write_starter_tenant(root, tid)
        own = [f"8-800-{500 + i // 100:03d}-{i % 100:02d}-{k:02d}" for k in range(3)]
        own.append(f"+7 (495) {100 + i:03d}-00-00 доб. {i}")
        text = (folder / "tenant.yaml").read_text(encoding="utf-8")
        first = next(line for line in text.splitlines() if line.startswith("  - 8-800-000"))
        text = text.replace(first, "\n".join(f"  - {n}" for n in own))
        (folder / "tenant.yaml").write_text(text, encoding="utf-8")
        with (folder / "tables" / "offices.csv").open("a", encoding="utf-8") as f:
            for r in range(rows):
                f.write(f"Город {r % 40},\"ул. Ленина, д. {r}\",пн–пт 09:00–18:00,+7 495 {r:07d}\n")
        numbers.extend(own)
    return numbers


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tenants", type=int, default=200)
    parser.add_argument("--rows", type=int, default=500, help="table rows per tenant")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        numbers = build(root, args.tenants, args.rows)
        Library.load(root)  # warm the file cache and imports
        loads = timed(lambda: Library.load(root), args.repeat)
        library = Library.load(root)
        assert len(library.tenants) == args.tenants, library.validate()[:3]
        router = Router(library)
        start = time.perf_counter()
        for n in numbers:
            assert router.route_number(n).tenant_id
        route_us = (time.perf_counter() - start) / len(numbers) * 1e6
        first_script = timed(lambda: Library.load(root).script("tenant-000"), args.repeat)
        validate = timed(lambda: Library.load(root).validate(), 1)
    print(f"library: {args.tenants} tenants, {len(numbers)} hotlines, "
          f"{args.rows} table rows each")
    print(f"  load (index + tenant.yaml, lazy)  median {statistics.median(loads):7.1f} ms"
          f"   max {max(loads):7.1f} ms")
    print(f"  route one number                  {route_us:7.1f} µs")
    print(f"  load + first script of a tenant   median {statistics.median(first_script):7.1f} ms")
    print(f"  validate everything               {validate[0]:7.1f} ms")


if __name__ == "__main__":
    main()
