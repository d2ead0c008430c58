"""The library helper process: the desk gets its scripts library without parsing it.

:class:`LibraryJob` starts before Qt loads (see :mod:`operator_desk.app`), so the helper
reads a changed library while the desk loads Qt. No thread: a child process, waited for
(at most :attr:`LibraryJob.TIMEOUT_S`) when the desk needs the library.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from operator_desk.core.library import Library
from operator_desk.core.library_cache import CACHE_DIR_ENV, LibraryCache
from operator_desk.resources import desk_command

__all__ = ["LibraryJob", "busiest_tenants"]

log = logging.getLogger(__name__)


class LibraryJob:
    """Gets the desk its scripts library without the desk parsing it: from the library
    cache when no file changed; else a helper process (``operator-desk library cache``)
    reads it, and the scripts the desk prepares first, into the cache while the desk
    loads Qt, and the desk takes it from there. The desk thus never holds PyYAML and the
    schema validators (~2.4 MiB for the whole shift), and a script that crashes the parser
    takes down the helper, not the desk. Should the helper fail, the desk reads the
    library itself, as it did before there was a cache.

    ``busiest`` are the tenants whose scripts the helper reads first, up to ``limit``."""

    TIMEOUT_S = 120.0

    def __init__(self, cache: LibraryCache, root: Path, busiest: Sequence[str],
                 limit: int) -> None:
        self._cache = cache
        self._root = root
        self._ready = cache.cached(root)
        self._helper: Any = None
        """The helper's ``subprocess.Popen``, while the desk has not taken its library."""
        if self._ready is not None or not Path(root).is_dir():  # a missing folder: no helper
            return
        import subprocess  # here: an unchanged library starts no process

        command = desk_command("library", "cache", "--library", str(root), "--limit", str(limit),
                               "--busiest", ",".join(busiest))
        env = {**os.environ, CACHE_DIR_ENV: str(cache.folder)}
        try:
            self._helper = subprocess.Popen(command, stdin=subprocess.DEVNULL, env=env,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except OSError as exc:
            log.warning("cannot start %s to read the scripts library: %s", command[0], exc)

    def library(self) -> Library:
        if self._ready is not None:
            return self._ready
        if self._helper is not None:
            import subprocess

            try:
                _, err = self._helper.communicate(timeout=self.TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self._helper.kill()  # the helper this desk started, by its PID
                _, err = self._helper.communicate()
            if self._helper.returncode == 0:
                library = self._cache.cached(self._root)
                if library is not None:
                    return library
                log.info("the scripts library changed while the helper read it; the desk "
                         "reads it itself")
            else:
                log.warning("the helper reading the scripts library failed (exit %s): %s; the "
                            "desk reads it itself", self._helper.returncode,
                            err.decode(errors="replace").strip()[-500:])
        return self._cache.load(self._root)


def busiest_tenants(records: Any, days: int = 30) -> list[str]:
    """Tenants by how many calls they had in the last ``days`` days, busiest first (from
    :class:`storage.records.CallRecords`): their scripts are read and prepared first."""
    try:
        return list(records.busiest_tenants(time.time_ns() - days * 86_400 * 10**9))
    except Exception:  # the order is a nicety: never keep the desk from starting
        log.exception("could not read the call counts per tenant")
        return []
