"""``operator-desk library …``: the script authors' commands.

Exit codes: 0 fine, 1 the library has errors (or the command failed), 2 bad usage,
3 no tenant owns the number.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from operator_desk import __version__
from operator_desk.cli_studio import add_studio_parser, run_studio
from operator_desk.core import schemas
from operator_desk.core.errors import LibraryError
from operator_desk.core.greeting import CallContext, escape_html, render_fallback, render_greeting
from operator_desk.core.ivr import parse_ivr
from operator_desk.core.library import DEFAULT_PREPARED_TENANTS, Library, default_library_path
from operator_desk.core.model import Question
from operator_desk.core.numbers import format_for_display, parse_number
from operator_desk.core.routing import Router
from operator_desk.core.starter import StarterError, write_starter_tenant
from operator_desk.floor_cli import add_floor_parser, add_supervisor_parser, run_floor, run_supervisor
from operator_desk.options import add_desk_arguments, config_paths, load_desk_settings, options_from
from operator_desk.records_cli import add_records_parser, run_records

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_UNROUTED = 0, 1, 2, 3


def add_library_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lib = sub.add_parser("library", help="check and preview the tenant scripts library")
    cmds = lib.add_subparsers(dest="library_command", required=True, metavar="COMMAND")

    def with_library(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--library", type=Path, default=None, metavar="PATH",
                       help="the scripts library folder (default: the bundled one)")
        return p

    p = with_library(cmds.add_parser("list", help="tenants with their names and numbers"))
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = cmds.add_parser("validate", help="report every error, one line each (FILE:LINE: …)")
    p.add_argument("path", nargs="?", type=Path, default=None, help="the library folder")
    p.add_argument("--library", type=Path, default=None, help=argparse.SUPPRESS)

    p = with_library(cmds.add_parser("route", help="which tenant owns a dialed number"))
    p.add_argument("number")

    p = with_library(cmds.add_parser(
        "preview", help="the greeting and top questions as the operator would see them"))
    p.add_argument("--number", required=True, help="the dialed number")
    p.add_argument("--caller-name", default="")
    p.add_argument("--caller-number", default="")
    p.add_argument("--operator", default="Оператор", help="the operator's name")
    p.add_argument("--group", default="", help="the operator's group, e.g. sales")
    p.add_argument("--ivr", default="", metavar="DATA",
                   help="IVR data as the PBX sends it, e.g. 'menu=1;card_last4=4521'")
    p.add_argument("--at", default=None, metavar="ISO-DATETIME",
                   help="the moment of the call (default now; without a zone: UTC)")
    p.add_argument("--format", choices=("text", "html"), default="text")

    p = with_library(cmds.add_parser("new-tenant", help="write a commented starter tenant"))
    p.add_argument("id", help="the new tenant's id: lowercase latin letters, digits, hyphens")

    p = cmds.add_parser("publish", help="validate the library and write its manifest.json "
                                        "for desks to sync")
    p.add_argument("path", nargs="?", type=Path, default=None, help="the library folder")
    p.add_argument("--expect-version", default=None, metavar="VERSION",
                   help="refuse unless library.yaml has this version")
    p.add_argument("--library", type=Path, default=None, help=argparse.SUPPRESS)

    p = with_library(cmds.add_parser(
        "cache", help="read the library into the desk's cache now (the desk does this itself "
                      "in a helper process when a file changed)"))
    p.add_argument("--busiest", default="", metavar="ID,ID",
                   help="tenants whose scripts to read first (the desk's busiest)")
    p.add_argument("--limit", type=int, default=DEFAULT_PREPARED_TENANTS, metavar="N",
                   help="read the scripts of this many tenants (default: %(default)s)")

    p = cmds.add_parser("schema", help="write the JSON Schemas of the library's files")
    p.add_argument("--out", type=Path, default=None,
                   help="folder to write them to (default: the library's schema/)")
    p.add_argument("--library", type=Path, default=None, help=argparse.SUPPRESS)


def run_library(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr
                ) -> int:
    root: Path = getattr(args, "path", None) or args.library or default_library_path()
    command = args.library_command
    if command == "schema":
        return _schema(args.out or root / "schema", out)
    if command == "new-tenant":
        try:
            folder = write_starter_tenant(root, args.id)
        except (StarterError, OSError) as exc:  # a bad id, a taken folder, a read-only disk
            print(f"operator-desk: {exc}", file=err)
            return EXIT_ERRORS
        print(f"wrote {folder}; edit its files, then run: operator-desk library validate", file=out)
        return EXIT_OK
    if command == "publish":
        return _publish(root, args.expect_version, out, err)
    if command == "cache":
        return _cache(root, args.busiest, args.limit, err)
    library = Library.load(root)
    if command == "list":
        return _list(library, args.json, out)
    if command == "validate":
        return _validate(library, out, err)
    if command == "route":
        return _route(library, args.number, out, err)
    if command == "preview":
        return _preview(library, args, out, err)
    raise AssertionError(command)


def _cache(root: Path, busiest: str, limit: int, err: TextIO) -> int:
    from operator_desk.core.library_cache import LibraryCache, default_cache_dir, read_for_desk

    cache = LibraryCache(default_cache_dir())
    library, cached = read_for_desk(cache, root, [t for t in busiest.split(",") if t], limit)
    scripts = sum(library.script_loaded(t) for t in library.entries)
    if not cached:
        print(f"operator-desk: {root} was read but not cached (see the log)", file=err)
        return EXIT_ERRORS
    print(f"{root}: {len(library.tenants)} tenant(s), {len(library.broken)} broken, "
          f"{scripts} script(s) read; cached in {cache.folder}", file=err)
    return EXIT_OK


def _publish(root: Path, version: str | None, out: TextIO, err: TextIO) -> int:
    from operator_desk.services.library_publish import write_manifest

    try:
        manifest = write_manifest(root, version)
    except LibraryError as exc:
        for problem in exc.problems:
            print(problem, file=out)
        print(f"{len(exc.problems)} problem(s); {root} was not published", file=err)
        return EXIT_ERRORS
    except OSError as exc:
        print(f"operator-desk: cannot write {root / 'manifest.json'}: {exc}", file=err)
        return EXIT_ERRORS
    files = manifest["files"]
    total = sum(spec["size"] for spec in files.values())
    print(f"wrote {root / 'manifest.json'}: version {manifest['version']}, {len(files)} file(s), "
          f"{total} bytes; copy the folder to the central location, manifest.json last", file=err)
    return EXIT_OK


def _schema(folder: Path, out: TextIO) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for name in schemas.SCHEMA_NAMES:
        (folder / f"{name}.schema.json").write_text(schemas.schema_text(name), encoding="utf-8")
    print(f"wrote {len(schemas.SCHEMA_NAMES)} schemas to {folder}", file=out)
    return EXIT_OK


def _list(library: Library, as_json: bool, out: TextIO) -> int:
    region = library.settings.default_region
    rows = []
    for entry in library.entries.values():
        item: dict[str, object] = {"id": entry.id}
        if entry.tenant is not None:
            numbers = []
            for raw in entry.tenant.numbers:
                n = parse_number(raw, region)
                numbers.append({"written": raw, "key": n.key, "display": n.display})
            item.update(name=entry.tenant.name, numbers=numbers, status="ok")
        else:
            item.update(name=None, numbers=[], status="broken",
                        problems=[str(p) for p in entry.problems])
        rows.append(item)
    if as_json:
        json.dump({"library": str(library.root), "version": library.settings.version,
                   "tenants": rows}, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    for item in rows:
        if item["status"] == "ok":
            nums = ", ".join(str(n["display"]) for n in item["numbers"])  # type: ignore[attr-defined]
            print(f"{item['id']:<24} {item['name']}  [{nums}]", file=out)
        else:
            print(f"{item['id']:<24} BROKEN: {len(item['problems'])} problem(s), "  # type: ignore[arg-type]
                  "see `operator-desk library validate`", file=out)
    return EXIT_OK


def _validate(library: Library, out: TextIO, err: TextIO) -> int:
    problems = library.validate()
    for problem in problems:
        print(problem, file=out)
    ok = len(library.tenants)
    total = len(library.entries)
    if problems:
        print(f"{len(problems)} problem(s); {ok} of {total} tenant(s) load", file=err)
        return EXIT_ERRORS
    print(f"library {library.root} is valid: {total} tenant(s)", file=err)
    return EXIT_OK


def _route(library: Library, number: str, out: TextIO, err: TextIO) -> int:
    route = Router(library).route_number(number)
    if route.tenant_id:
        print(route.tenant_id, file=out)
        return EXIT_OK
    if route.ambiguous:
        print(f"operator-desk: {route.dialed} is claimed by several tenants "
              f"({', '.join(route.ambiguous)}); fix the library", file=err)
    else:
        print(f"operator-desk: no tenant owns {number!r} (read as {route.dialed}); "
              "calls to it get the neutral greeting", file=err)
    return EXIT_UNROUTED


def _parse_at(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC)
    at = datetime.fromisoformat(text)
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _preview(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        at = _parse_at(args.at)
    except ValueError:
        print(f"operator-desk: --at {args.at!r} is not an ISO date-time such as "
              "2026-11-23T18:30:00+03:00", file=err)
        return EXIT_USAGE
    route = Router(library).route_number(args.number)
    region = library.settings.default_region
    caller_number = format_for_display(args.caller_number, region) if args.caller_number else ""
    tenant = library.tenants.get(route.tenant_id) if route.tenant_id else None
    named = "=" in args.ivr
    ivr = parse_ivr("" if named else args.ivr, args.ivr if named else "",
                    tenant.ivr_fields if tenant else ())
    ctx = CallContext(at=at, operator_name=args.operator, operator_group=args.group,
                      caller_name=args.caller_name, caller_number=caller_number,
                      ivr=ivr.template_fields())
    fmt = args.format
    if tenant is None:
        greeting = render_fallback(library.settings.fallback_greeting, ctx, fmt)
        warning = (f"claimed by several tenants: {', '.join(route.ambiguous)}" if route.ambiguous
                   else "no tenant owns this number")
        if fmt == "html":
            out.write(_html_page("Неизвестный номер", "#616161", "#FFFFFF", route.dialed,
                                 greeting.text, f"⚠ {escape_html(warning)}", args, ivr, []))
        else:
            print(f"⚠ UNKNOWN NUMBER {route.dialed}: {warning}", file=out)
            print(f"\n{greeting.text}\n", file=out)
        return EXIT_UNROUTED
    greeting = render_greeting(tenant, ctx, fmt, library.settings.fallback_greeting)
    try:
        script = library.script(tenant.id)
        top = script.top_questions(tenant.groups.get(args.group))
        script_note = ""
    except LibraryError as exc:
        top = []
        script_note = f"the script has {len(exc.problems)} error(s); see library validate"
    if greeting.error:
        script_note = (script_note + "; " if script_note else "") + f"greeting: {greeting.error}"
    if fmt == "html":
        out.write(_html_page(tenant.name, tenant.banner.colour, tenant.banner.text_colour,
                             route.dialed, greeting.text, escape_html(script_note), args, ivr,
                             top))
        return EXIT_OK
    print(f"━━ {tenant.name} ━━  hotline {route.dialed}  [{tenant.id}, greeting: "
          f"{greeting.variant}]", file=out)
    print(f"\n{greeting.text}\n", file=out)
    caller = " ".join(x for x in (args.caller_name, caller_number) if x) or "unknown"
    print(f"Caller: {caller}", file=out)
    for item in ivr.items:
        shown = item.meaning if item.meaning == item.value else f"{item.meaning} ({item.value})"
        print(f"IVR {item.label}: {shown}", file=out)
    if script_note:
        print(f"⚠ {script_note}", file=out)
    print("\nQuestions:", file=out)
    for i, q in enumerate(top, 1):
        print(f"  {i:>2}. {q.question}{_marks(q)}", file=out)
        for child in q.children:
            print(f"        › {child.question}{_marks(child)}", file=out)
    return EXIT_OK


def _marks(q: Question) -> str:
    marks = []
    if q.table:
        marks.append("table")
    if q.no_ready_answer:
        marks.append("no ready answer")
    return f"  [{', '.join(marks)}]" if marks else ""


def _html_page(name: str, colour: str, text_colour: str, dialed: str, greeting_html: str,
               note_html: str, args: argparse.Namespace, ivr: object,
               top: Sequence[Question]) -> str:
    e = escape_html
    caller = " ".join(x for x in (args.caller_name, args.caller_number) if x)
    items = "".join(
        f"<li>{e(q.question)}" + (
            "<ul>" + "".join(f"<li>{e(c.question)}</li>" for c in q.children) + "</ul>"
            if q.children else "") + "</li>"
        for q in top
    )
    ivr_rows = "".join(f"<li>{e(i.label)}: {e(i.meaning)}</li>" for i in ivr.items)  # type: ignore[attr-defined]
    return (
        "<!doctype html><html lang=ru><meta charset=utf-8>"
        f"<title>{e(name)}</title>"
        f"<div class=banner style=\"background:{e(colour)};color:{e(text_colour)};"
        "padding:12px;font:bold 20px sans-serif\">"
        f"{e(name)} <small>· {e(dialed)}</small></div>"
        f"<p class=greeting style=\"font-size:24px\">{greeting_html}</p>"
        + (f"<p class=warning style=\"color:#b71c1c\">{note_html}</p>" if note_html else "")
        + f"<p class=caller>{e(caller)}</p>"
        + (f"<ul class=ivr>{ivr_rows}</ul>" if ivr_rows else "")
        + f"<ol class=questions>{items}</ol></html>\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="operator-desk", description="Operator Desk: the call-centre operator's softphone")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="start offscreen, take one call from the demo caller, exit 0 if "
                        "all works (for installers and CI)")
    parser.add_argument("--demo", action="store_true",
                        help="self-contained demo mode, no PBX needed (the default)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_desk_arguments(parser)
    add_library_parser(sub)
    add_settings_parser(sub)
    add_studio_parser(sub)
    add_records_parser(sub)
    add_floor_parser(sub)
    add_supervisor_parser(sub)
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["demo-caller"]:  # the demo mode's second process (also when frozen)
        from operator_desk.sip.pjsua.demo_caller import main as demo_caller_main

        return demo_caller_main(argv[1:])
    args = parser.parse_args(argv)
    if args.command == "library":
        return run_library(args)
    if args.command == "settings":
        return run_settings(args)
    if args.command == "studio":
        return run_studio(args)
    if args.command == "records":
        return run_records(args)
    if args.command == "floor":
        return run_floor(args)
    if args.command == "supervisor":
        return run_supervisor(args)
    # The desk itself only from here: the library and settings commands never load it.
    if args.self_test:
        from operator_desk.selftest import run_self_test

        return run_self_test(options_from(args))
    from operator_desk.app import run_desk

    return run_desk(options_from(args))


def add_settings_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("settings", help="show, check and document the desk's settings")
    cmds = p.add_subparsers(dest="settings_command", required=True, metavar="COMMAND")
    cmds.add_parser("example", help="print a settings file with every key, its default and "
                                    "what it does")
    cmds.add_parser("check", help="report every problem in the settings files (exit 1 if any)")
    cmds.add_parser("show", help="the settings in effect, and which file set each")
    for name in ("check", "show"):
        cmds.choices[name].add_argument("--config", type=Path, default=None, metavar="FILE")


def run_settings(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    from operator_desk.core.settings import declared, example_file

    if args.settings_command == "example":
        out.write(example_file())
        return EXIT_OK
    machine, user = config_paths()
    loaded = load_desk_settings(args)
    if args.settings_command == "check":
        for problem in loaded.problems:
            print(problem, file=out)
        print(f"machine-wide: {machine}\noperator:     {args.config or user}", file=sys.stderr)
        return EXIT_ERRORS if loaded.problems else EXIT_OK
    for key in declared():
        source = loaded.sources.get(key, "default")
        lock = "  [locked]" if key in loaded.locked else ""
        print(f"{key:<24} = {loaded.settings.get(key)!r:<28} ({source}){lock}", file=out)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

