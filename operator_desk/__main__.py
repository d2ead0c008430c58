"""Entry point: ``operator-desk`` / ``python -m operator_desk``."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def prefer_builtin_hashes() -> bool:
    """Give ``hashlib`` Python's built-in hash functions instead of OpenSSL's.

    jinja2 imports hashlib when the desk starts (for a bytecode cache the desk does not
    use), and hashlib's OpenSSL backend initialises OpenSSL 3: ~3.3 MiB resident for
    nothing. The desk's own hashing (SHA-256 of library files, request keys) is small
    and the built-in functions give the same digests. Must run before anything imports
    hashlib; True if it did. (``ssl``, for a CRM over https, still loads OpenSSL.)
    """
    if "hashlib" in sys.modules or "_hashlib" in sys.modules:
        return False
    sys.modules["_hashlib"] = None  # type: ignore[assignment]  # import raises ImportError
    return True


def main(argv: Sequence[str] | None = None) -> int:
    prefer_builtin_hashes()
    from operator_desk.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
