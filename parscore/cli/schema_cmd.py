"""``parscore schema``: print the JSON Schema of rule packs (for editors), or write it to a file."""

from __future__ import annotations

import argparse

from ..schema import schema_text
from .common import EXIT_OK, print_or_write


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help="ghi ra tệp thay vì màn hình")
    parser.add_argument("--force", action="store_true", help="ghi đè tệp ra nếu đã có")


def run(args: argparse.Namespace) -> int:
    text = schema_text()
    print_or_write(text, args.output, force=args.force)
    return EXIT_OK
