"""Screenshots of the shipped examples' pages for docs/scorecards.md, made as a reader would
see them: the commands the page shows are run, and headless Chromium takes the pictures.

    python tools/refresh_screenshots.py

Needs Chromium (apt-get install chromium) and the test extra (Playwright's client).  The
date on the pages is fixed (SOURCE_DATE_EPOCH), so only a change of the pages, the examples
or the browser's fonts changes a picture.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "img"
#: 2024-12-20, the date the pages show
EPOCH = "1734652800"


def main() -> int:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    from playwright.sync_api import sync_playwright

    from tiercert._browser import FLAGS, find_browser
    from tiercert.cli import main as tiercert

    browser_path = find_browser()
    if browser_path is None:
        print("refresh_screenshots: no Chromium; apt-get install chromium", file=sys.stderr)
        return 2
    IMAGES.mkdir(exist_ok=True)
    examples = ROOT / "examples"
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        cards = {}
        for name in ("xa_mau_a", "xa_mau_e_knocked_out"):
            cards[name] = work / f"{name}.html"
            assessment = str(examples / "bac_giang" / f"{name}.yaml")
            args = ["report", "bac_giang_friendly_gov", assessment, "-o", str(cards[name])]
            assert tiercert([*args, "--round", "2024"]) == 0
        sheet = str(examples / "bac_giang_round_2024.csv")
        args = ["batch", "bac_giang_friendly_gov", sheet, "-o", str(work / "results.csv")]
        cards_args = ["--cards", str(work / "cards"), "--round", "2024", "--summary", "none"]
        assert tiercert([*args, *cards_args]) == 0
        board = work / "cards" / "index.html"
        shots = [
            # file, page, window width, height shown (None: the whole page), media, scale
            ("scorecard-xa-mau-a.png", cards["xa_mau_a"], 1000, None, "screen", 1),
            ("scorecard-xa-mau-a-phone.png", cards["xa_mau_a"], 360, 1300, "screen", 2),
            ("scorecard-xa-mau-a-print.png", cards["xa_mau_a"], 718, None, "print", 1),
            (
                "scorecard-xa-mau-e-knocked-out.png",
                cards["xa_mau_e_knocked_out"],
                1000,
                720,
                "screen",
                1,
            ),
            ("dashboard.png", board, 1100, 1250, "screen", 1),
            ("dashboard-phone.png", board, 360, 1100, "screen", 2),
        ]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=browser_path, args=[f for f in FLAGS if f != "--headless"]
            )
            for file, page_path, width, height, media, scale in shots:
                context = browser.new_context(
                    viewport={"width": width, "height": height or 800},
                    device_scale_factor=scale,
                    is_mobile=width <= 480,
                )
                page = context.new_page()
                page.emulate_media(media=media)  # type: ignore[arg-type]
                page.goto(page_path.as_uri())
                target = IMAGES / file
                if height is None:
                    page.screenshot(path=str(target), full_page=True)
                else:
                    clip = {"x": 0, "y": 0, "width": width, "height": height}
                    page.screenshot(path=str(target), clip=clip, full_page=True)  # type: ignore[arg-type]
                context.close()
                print(f"wrote {target.relative_to(ROOT)}")
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
