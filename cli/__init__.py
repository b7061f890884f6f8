"""The command line: ``python main.py <command>``.

Every module of this package that defines ``register(subparsers)`` adds its commands;
each command sets ``handler=function(args, ctx) -> int``. Errors the user causes are
:class:`core.errors.UserError`: the edge prints one line and exits 2.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys

from core.i18n import set_language, tr


_ARGPARSE_MESSAGES = [
    (re.compile(r"^the following arguments are required: (.*)$"), "the following arguments are required: {0}"),
    (re.compile(r"^argument (\S+): invalid choice: (.*?) \(choose from (.*)\)$"), "argument {0}: invalid choice {1} (choose from {2})"),
    (re.compile(r"^unrecognized arguments: (.*)$"), "unrecognized arguments: {0}"),
    (re.compile(r"^argument (\S+): expected one argument$"), "argument {0}: expected one argument"),
    (re.compile(r"^argument (\S+): (.*)$"), "argument {0}: {1}"),
]


def translate_argparse(message: str) -> str:
    for pattern, source in _ARGPARSE_MESSAGES:
        m = pattern.match(message)
        if m:
            return tr(source).format(*m.groups())
    return message


class InfoDeskArgumentParser(argparse.ArgumentParser):
    """argparse that exits 2 with one translated line instead of a usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {tr('error')}: {translate_argparse(message)}\n")


def command_modules() -> list[str]:
    import cli

    return sorted(m.name for m in pkgutil.iter_modules(cli.__path__) if not m.name.startswith("_"))


def build_parser() -> argparse.ArgumentParser:
    parser = InfoDeskArgumentParser(
        prog="infodesk",
        description=tr("InfoDesk: draft, review, sign off and export government website items."),
        epilog=tr("Without a command the desktop window opens."),
    )
    parser.add_argument("--db", metavar="PATH", help=tr("database file (default: INFODESK_DB or the user data folder)"))
    parser.add_argument("--lang", metavar="LANG", help=tr("interface language: zh_CN (default) or en"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=InfoDeskArgumentParser)
    for name in command_modules():
        module = importlib.import_module(f"cli.{name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def pre_language(argv: list[str]) -> None:
    """Set the language before the parser is built so --help is translated too."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            set_language(argv[i + 1])
        elif arg.startswith("--lang="):
            set_language(arg.split("=", 1)[1])


def run(argv: list[str] | None = None) -> int:
    from cli._context import Context
    from core.errors import UserError

    argv = list(sys.argv[1:] if argv is None else argv)
    pre_language(argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error already printed
        return int(exc.code or 0)
    if args.lang:
        set_language(args.lang)
    ctx = Context(db_path=args.db)
    try:
        if not args.command:
            from cli._gui_launch import launch_gui

            return launch_gui(args, ctx)
        return int(args.handler(args, ctx) or 0)
    except UserError as err:
        print(f"infodesk: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(tr("Interrupted."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    finally:
        ctx.close()
