"""``operator-desk records …``: the desk's own call records, for IT and supervisors.

    operator-desk records export [--from DATE] [--to DATE] [--tenant ID]
                                 [--format csv|json] [--output FILE] [--profile NAME]

CSV is UTF-8 with a header row (:data:`operator_desk.storage.export.COLUMNS`), one row a
call, oldest first, to stdout unless ``--output`` names a file. ``--from``/``--to`` take a
date (``2026-03-01``: the whole day, in this PC's time zone; ``--to`` includes that day)
or a date and time (``2026-03-01T09:00``, ``…+03:00``).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TextIO

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def parse_moment(text: str, *, end: bool = False) -> datetime:
    """A ``--from``/``--to`` value as an aware datetime (local time zone when none is given);
    a bare date is its midnight, or with ``end`` the next day's (so ``--to`` includes it)."""
    text = text.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime.combine(day + timedelta(days=1) if end else day, time())
        else:
            moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date such as 2026-03-01 or a date and time such as "
            "2026-03-01T09:00") from None
    return moment if moment.tzinfo else moment.astimezone()


def add_period_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="since", default=None, metavar="DATE",
                   help="calls that rang from this date (or date and time) on")
    p.add_argument("--to", dest="until", default=None, metavar="DATE",
                   help="calls that rang up to this date (inclusive) or date and time")
    p.add_argument("--tenant", default="", metavar="ID", help="only this tenant's calls")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--output", type=Path, default=None, metavar="FILE",
                   help="write to FILE instead of the standard output")


def period(args: argparse.Namespace) -> tuple[datetime | None, datetime | None]:
    since = parse_moment(args.since) if args.since else None
    until = parse_moment(args.until, end=True) if args.until else None
    return since, until


@contextlib.contextmanager
def output(path: Path | None, out: TextIO) -> Iterator[TextIO]:
    """The file to write (UTF-8, newlines as CSV wants them), or ``out``."""
    if path is None:
        yield out
        return
    with path.open("w", encoding="utf-8", newline="") as file:
        yield file


def add_records_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("records", help="the desk's own call records")
    cmds = p.add_subparsers(dest="records_command", required=True, metavar="COMMAND")
    export = cmds.add_parser("export", help="the calls as CSV or JSON, one row a call")
    add_period_arguments(export)
    export.add_argument("--profile", default="default", metavar="NAME",
                        help="the operator profile whose records to export (default: default)")


def run_records(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    from operator_desk.storage.db import Database, StorageError, profile_db_path
    from operator_desk.storage.export import local_rows, write_rows

    try:
        since, until = period(args)
    except argparse.ArgumentTypeError as exc:
        print(f"operator-desk: {exc}", file=err)
        return EXIT_USAGE
    try:
        path = profile_db_path(args.profile)
    except StorageError as exc:
        print(f"operator-desk: {exc}", file=err)
        return EXIT_USAGE
    if not path.exists():
        print(f"operator-desk: profile {args.profile!r} has no records yet ({path} does not exist)",
              file=err)
        return EXIT_ERRORS
    try:
        with Database.open(path, recover=False, check=False) as db, output(args.output, out) as target:
            count = write_rows(local_rows(db.conn, since_ns=_ns(since), until_ns=_ns(until),
                                          tenant_id=args.tenant), target, args.format)
    except (StorageError, OSError) as exc:
        print(f"operator-desk: {exc}", file=err)
        return EXIT_ERRORS
    print(f"{count} call(s) exported from {path}", file=err)
    return EXIT_OK


def _ns(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp() * 1e9)
