"""Rewrite the generated tables in docs/rubrics/*.md from their rubrics (--check: only verify)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tiercert import ProblemsError
from tiercert.explain import refresh_markdown_blocks

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "pages", nargs="*", type=Path, help="Markdown pages (default: docs/rubrics/*.md)"
    )
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a page is out of date"
    )
    args = parser.parse_args(argv)
    pages = args.pages or sorted((ROOT / "docs" / "rubrics").glob("*.md"))
    stale = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        try:
            fresh = refresh_markdown_blocks(text, root=ROOT)
        except (ValueError, ProblemsError) as exc:
            print(f"{page}: {exc}", file=sys.stderr)
            return 2
        if fresh == text:
            continue
        stale.append(page)
        if not args.check:
            page.write_text(fresh, encoding="utf-8", newline="\n")
            print(f"refreshed {page}")
    if args.check and stale:
        for page in stale:
            print(f"{page}: generated tables are out of date; run tools/refresh_rubric_docs.py")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
