"""InfoDesk 政务信息报送助手.

``python main.py`` opens the desktop window; ``python main.py <command>`` runs a command
(``python main.py --help`` lists them).
"""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from cli import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
