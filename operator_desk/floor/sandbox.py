"""A throwaway PostgreSQL server in a folder: for the tests, the benchmarks, and for
trying the floor on one PC before IT sets up the real one.

    with Sandbox.start(Path("/tmp/floor-try")) as pg:
        print(pg.url())          # postgresql://floor_admin@127.0.0.1:PORT/floor?...

It runs Debian's binaries (``/usr/lib/postgresql/<version>/bin``, or ``pg_ctl`` on the
``PATH``) with ``initdb`` and ``pg_ctl``, listens on a free loopback port and on a unix
socket inside the folder, and requires a password (SCRAM) like a real floor server.
``initdb`` refuses to run as root: as root the server runs as the ``postgres`` system
user (the Debian package creates it) and the folder is handed to that user.

No psycopg here: this module only starts and stops processes.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from operator_desk.core.errors import OperatorDeskError

__all__ = ["Sandbox", "SandboxError", "find_bin_dir"]

ADMIN = "floor_admin"
DATABASE = "floor"


class SandboxError(OperatorDeskError, RuntimeError):
    """The throwaway server could not be started (no binaries, initdb failed...)."""


def find_bin_dir() -> Path:
    """Where ``initdb`` and ``pg_ctl`` are: the newest /usr/lib/postgresql/*/bin, or the PATH."""
    root = Path("/usr/lib/postgresql")
    versions = sorted((p for p in root.glob("*/bin") if (p / "pg_ctl").exists()),
                      key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    if versions:
        return versions[-1]
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    raise SandboxError("PostgreSQL's server binaries are not installed (Debian: apt-get install "
                       "postgresql)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Sandbox:
    folder: Path
    port: int
    password: str
    bin_dir: Path
    _as_postgres: bool

    @classmethod
    def start(cls, folder: Path | None = None, *, max_connections: int = 300,
              bin_dir: Path | None = None) -> Sandbox:
        """initdb a cluster in ``folder`` (a new temp folder when None) and start it."""
        bin_dir = bin_dir or find_bin_dir()
        as_postgres = os.geteuid() == 0 if hasattr(os, "geteuid") else False
        folder = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="floor-pg-"))
        folder.mkdir(parents=True, exist_ok=True)
        data = folder / "data"
        password = secrets.token_urlsafe(18)
        pwfile = folder / "pwfile"
        pwfile.write_text(password + "\n", encoding="utf-8")
        sandbox = cls(folder, _free_port(), password, bin_dir, as_postgres)
        if as_postgres:
            shutil.chown(folder, "postgres", "postgres")
            shutil.chown(pwfile, "postgres", "postgres")
        pwfile.chmod(0o600)
        sandbox._run("initdb", "-D", str(data), "-U", ADMIN, "--pwfile", str(pwfile),
                     "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8",
                     "--locale=C.UTF-8", "--no-instructions")
        pwfile.unlink()
        options = (f"-c listen_addresses=127.0.0.1 -c port={sandbox.port} "
                   f"-c unix_socket_directories={folder} -c max_connections={max_connections} "
                   "-c fsync=off -c shared_buffers=64MB -c log_min_messages=warning")
        sandbox._run("pg_ctl", "-D", str(data), "-l", str(folder / "server.log"), "-w",
                     "-t", "60", "-o", options, "start")
        sandbox._run_psql(f"CREATE DATABASE {DATABASE}")
        return sandbox

    def _command(self, tool: str, *args: str) -> list[str]:
        command = [str(self.bin_dir / tool), *args]
        if self._as_postgres:
            return ["runuser", "-u", "postgres", "--", *command]
        return command

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run(self._command(tool, *args), capture_output=True, text=True,
                              cwd=self.folder, timeout=120)
        if done.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise SandboxError(f"{tool} failed ({done.returncode}): {done.stderr.strip()[-2000:]}"
                               f"{chr(10) + tail if tail else ''}")

    def _run_psql(self, sql: str) -> None:
        env = {**os.environ, "PGPASSWORD": self.password}
        command = self._command("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", ADMIN,
                                "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql)
        if self._as_postgres:  # runuser does not keep PGPASSWORD otherwise
            command[command.index("--") + 1:command.index("--") + 1] = ["env",
                                                                       f"PGPASSWORD={self.password}"]
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
        if done.returncode != 0:
            raise SandboxError(f"psql failed: {done.stderr.strip()}")

    def url(self, user: str = ADMIN, password: str | None = None, database: str = DATABASE,
            **params: str) -> str:
        """A ``postgresql://`` URL to the server over TCP (password included when given)."""
        secret = self.password if user == ADMIN and password is None else password
        auth = quote(user, safe="") + (f":{quote(secret, safe='')}" if secret else "")
        query = "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}" + (f"?{query}" if query else "")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (it can be started again with :meth:`restart`)."""
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-w", "-t", "60", "-m", mode, "stop")

    def restart_stopped(self) -> None:
        """Start a server stopped with :meth:`stop` again, on the same port."""
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                   f"-c unix_socket_directories={self.folder} -c fsync=off")
        for _ in range(50):  # the port may be held for a moment after the stop
            try:
                self._run("pg_ctl", "-D", str(self.folder / "data"), "-l",
                          str(self.folder / "server.log"), "-w", "-t", "60", "-o", options, "start")
                return
            except SandboxError:
                time.sleep(0.1)
        raise SandboxError(f"the server in {self.folder} did not start again")

    def close(self) -> None:
        """Stop the server and remove its folder."""
        with contextlib.suppress(SandboxError):
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
