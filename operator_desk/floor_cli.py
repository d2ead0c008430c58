"""``operator-desk floor …`` and ``operator-desk supervisor``: the call floor's commands.

For IT::

    operator-desk floor init --database postgresql://postgres@floor-db.lan/floor
    operator-desk floor add-login desk17 [--supervisor] --database ADMIN-URL   # password: stdin or made up
    operator-desk floor password [--database URL]          # on the desk PC: into the OS keyring

For supervisors (and IT)::

    operator-desk floor agents [--json]                    # one entry a desk
    operator-desk floor callbacks [--all] [--tenant ID] [--json]
    operator-desk floor export [--from DATE] [--to DATE] [--tenant ID] [--format csv|json] [--output FILE]
    operator-desk supervisor                               # the supervisor's window

Every command takes ``--database URL`` or the ``[floor] database`` setting. A URL without a
password gets the one in the OS keyring for that login and host (``floor password`` puts it
there), else libpq's own ways (``PGPASSWORD``, ``~/.pgpass``, peer authentication on the
server). Exit codes: 0 fine, 1 the floor refused or failed, 2 bad usage, 4 unreachable.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any, TextIO

from operator_desk.records_cli import add_period_arguments, output, period

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_UNREACHABLE = 0, 1, 2, 4


def add_floor_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("floor", help="the call floor's database: set-up, agents, callbacks, records")
    cmds = p.add_subparsers(dest="floor_command", required=True, metavar="COMMAND")

    def with_database(q: argparse.ArgumentParser) -> argparse.ArgumentParser:
        q.add_argument("--database", default=None, metavar="URL",
                       help="postgresql://LOGIN@HOST/DB[?sslmode=…] (default: the [floor] database setting)")
        q.add_argument("--config", default=None, metavar="FILE", help=argparse.SUPPRESS)
        return q

    with_database(cmds.add_parser("init", help="create or migrate the floor's schema and its roles "
                                               "(with an admin login; safe to run again)"))
    q = with_database(cmds.add_parser("add-login", help="create a desk's (or a supervisor's) login, "
                                                        "or set its password"))
    q.add_argument("login")
    q.add_argument("--supervisor", action="store_true", help="a supervisor's login (reads everything, "
                                                             "writes nothing)")
    with_database(cmds.add_parser("password", help="store this desk's floor password in the OS "
                                                   "keyring (read from the standard input or asked)"))
    q = with_database(cmds.add_parser("agents", help="every desk's agent state, live"))
    q.add_argument("--json", action="store_true")
    q = with_database(cmds.add_parser("callbacks", help="the shared callback queue"))
    q.add_argument("--all", action="store_true", help="closed callbacks too, not only open ones")
    q.add_argument("--tenant", default="", metavar="ID")
    q.add_argument("--json", action="store_true")
    q = with_database(cmds.add_parser("export", help="every desk's calls as CSV or JSON, one row a call"))
    add_period_arguments(q)


def add_supervisor_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("supervisor", help="the supervisor's window: agents, tenants, callbacks, live")
    p.add_argument("--database", default=None, metavar="URL", help="default: the [floor] database setting")
    p.add_argument("--config", default=None, metavar="FILE", help=argparse.SUPPRESS)
    p.add_argument("--library", default=None, metavar="PATH",
                   help="the scripts library (tenant names, service levels; default: the bundled one)")


def database_url(args: argparse.Namespace) -> str:
    if args.database:
        return str(args.database)
    from operator_desk.options import load_desk_settings

    return str(load_desk_settings(args).settings.floor.database)


def password_for(url: str) -> str | None:
    from operator_desk.services.floor_sync import password_for as from_keyring

    return from_keyring(url)


def run_floor(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr,
              stdin: TextIO = sys.stdin) -> int:
    from operator_desk.floor.connection import (
        FloorError,
        FloorUnavailable,
        as_floor_errors,
        check_url,
        connect,
        safe_url,
    )

    url = database_url(args)
    if not url:
        print("operator-desk: no floor database: give --database postgresql://… or set [floor] database",
              file=err)
        return EXIT_USAGE
    problems = check_url(url)
    if problems:
        print(f"operator-desk: --database: {problems[0]}", file=err)
        return EXIT_USAGE
    command = args.floor_command
    if command == "password":
        return _store_password(url, out, err, stdin)
    try:
        since, until = period(args) if command == "export" else (None, None)
    except argparse.ArgumentTypeError as exc:
        print(f"operator-desk: {exc}", file=err)
        return EXIT_USAGE
    handlers: dict[str, Callable[[Any], int]] = {
        "init": lambda conn: _init(conn, url, out),
        "add-login": lambda conn: _add_login(conn, args.login, args.supervisor, url, out, stdin),
        "agents": lambda conn: _agents(conn, args.json, out),
        "callbacks": lambda conn: _callbacks(conn, args.all, args.tenant, args.json, out),
        "export": lambda conn: _export(conn, since, until, args, out, err),
    }
    try:
        with connect(url, password=password_for(url),
                     application_name=f"operator-desk floor {command}") as conn, as_floor_errors():
            return handlers[command](conn)
    except FloorUnavailable as exc:
        print(f"operator-desk: {exc}", file=err)
        return EXIT_UNREACHABLE
    except FloorError as exc:
        print(f"operator-desk: {safe_url(url)}: {exc}", file=err)
        return EXIT_ERRORS


def _init(conn: Any, url: str, out: TextIO) -> int:
    from operator_desk.floor.connection import safe_url
    from operator_desk.floor.schema import DESK_ROLE, SUPERVISOR_ROLE, init_floor

    before, after = init_floor(conn)
    if before == after:
        print(f"{safe_url(url)}: the floor is at schema version {after}; roles {DESK_ROLE} and "
              f"{SUPERVISOR_ROLE} checked", file=out)
    else:
        print(f"{safe_url(url)}: the floor's schema migrated from version {before} to {after}; roles "
              f"{DESK_ROLE} and {SUPERVISOR_ROLE} set. Next: `operator-desk floor add-login LOGIN` "
              "for each desk PC", file=out)
    return EXIT_OK


def _add_login(conn: Any, login: str, supervisor: bool, url: str, out: TextIO, stdin: TextIO) -> int:
    import secrets
    from urllib.parse import urlsplit, urlunsplit

    from operator_desk.floor.schema import add_login

    given = stdin.readline().strip() if not stdin.isatty() else ""
    password = given or secrets.token_urlsafe(18)
    new = add_login(conn, login, password, supervisor=supervisor)
    parts = urlsplit(url)
    host = parts.hostname or ""
    desk_url = urlunsplit((parts.scheme, f"{login}@{host}" + (f":{parts.port}" if parts.port else ""),
                           parts.path, parts.query, ""))
    role = "supervisor" if supervisor else "desk"
    print(f"{'created' if new else 'updated'} the {role} login {login}", file=out)
    if not given:
        print(f"password: {password}", file=out)
    print(f"on that PC: [floor] database = \"{desk_url}\" and `operator-desk floor password` "
          "to put the password into its keyring", file=out)
    return EXIT_OK


def _store_password(url: str, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    import getpass

    from operator_desk.floor.connection import secret_name
    from operator_desk.services.secrets import SecretsError, SecretStore

    name = secret_name(url)
    password = (stdin.readline().rstrip("\n") if not stdin.isatty()
                else getpass.getpass(f"floor password for {name.removeprefix('floor/')}: "))
    if not password:
        print("operator-desk: no password given; nothing stored", file=err)
        return EXIT_USAGE
    try:
        SecretStore().set(name, password)
    except SecretsError as exc:
        print(f"operator-desk: {exc}", file=err)
        return EXIT_ERRORS
    print(f"stored in the OS keyring as {name} (service operator-desk)", file=out)
    return EXIT_OK


def _when(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat(timespec="seconds")


def _agents(conn: Any, as_json: bool, out: TextIO) -> int:
    from operator_desk.floor.supervisor import agents, server_now

    rows = agents(conn)
    now = server_now(conn)
    entries = [{"desk_id": a.desk_id, "operator": a.operator, "group": a.group_id, "host": a.host,
                "profile": a.profile, "state": a.shown_state, "reason": a.reason, "tenant": a.tenant_id,
                "since": _when(a.since), "seconds_in_state": round((now - a.since).total_seconds()),
                "heartbeat_at": _when(a.heartbeat_at), "online": a.online} for a in rows]
    if as_json:
        json.dump(entries, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    for e in entries:
        state = e["state"] + (f" ({e['reason']})" if e["reason"] else "") + (
            f" · {e['tenant']}" if e["tenant"] else "")
        print(f"{e['operator'] or '?':<20} {e['group'] or '-':<10} {state:<36} "
              f"{e['seconds_in_state']:>6} s  {e['host']}/{e['profile']}", file=out)
    print(f"{len(entries)} desk(s), {sum(1 for e in entries if e['online'])} online", file=sys.stderr)
    return EXIT_OK


def _callbacks(conn: Any, everything: bool, tenant: str, as_json: bool, out: TextIO) -> int:
    from operator_desk.floor.callbacks import callback_list

    states = ("open", "done", "wrong_number", "gave_up", "cancelled") if everything else ("open",)
    rows = callback_list(conn, [tenant] if tenant else None, states=states, limit=100_000)
    entries = [{"id": c.id, "tenant": c.tenant_id, "number": c.number, "name": c.name, "group": c.group_id,
                "state": c.state, "claimed_by": c.claimed_by, "attempts": c.attempts,
                "next_attempt_at": _when(c.next_attempt_at), "created_at": _when(c.created_at),
                "taken_by": c.desk_id, "closed_at": _when(c.closed_at)} for c in rows]
    if as_json:
        json.dump(entries, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    for e in entries:
        claimed = f"claimed by {e['claimed_by']}" if e["claimed_by"] else ""
        print(f"{e['next_attempt_at']:<26} {e['tenant']:<16} {e['number']:<16} {e['state']:<12} "
              f"{e['attempts']:>2} attempt(s) {claimed}", file=out)
    print(f"{len(entries)} callback(s)", file=sys.stderr)
    return EXIT_OK


def _export(conn: Any, since: datetime | None, until: datetime | None, args: argparse.Namespace,
            out: TextIO, err: TextIO) -> int:
    from operator_desk.floor.records import export_calls
    from operator_desk.storage.export import write_rows

    with output(args.output, out) as target:
        count = write_rows(export_calls(conn, since=since, until=until, tenant_id=args.tenant), target,
                           args.format)
    print(f"{count} call(s) exported from the floor", file=err)
    return EXIT_OK


def run_supervisor(args: argparse.Namespace, err: TextIO = sys.stderr) -> int:
    from operator_desk.floor.connection import check_url

    url = database_url(args)
    problems = check_url(url) if url else ["no floor database: give --database or set [floor] database"]
    if problems:
        print(f"operator-desk: {problems[0]}", file=err)
        return EXIT_USAGE
    from operator_desk.ui.supervisor.app import run_supervisor_window

    return run_supervisor_window(url, password_for(url), args.library)
