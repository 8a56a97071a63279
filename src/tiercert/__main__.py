"""``python -m tiercert``: the command line."""

from tiercert.cli import main

raise SystemExit(main())
