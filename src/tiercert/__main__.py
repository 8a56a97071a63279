"""``python -m tiercert``: the command line."""

from tiercert.cli import program

raise SystemExit(program())
