"""A page printed to PDF by a headless Chromium: ``tiercert report -o card.pdf``.

tiercert lays nothing out itself: the scorecard's print style sheet (``@page`` A4, headings
that repeat, rows kept whole) is applied by the browser the page was designed for.  The
browser runs with the network off and a fresh profile, on a copy of the page in a private
temporary folder, and the PDF takes the target's place whole or not at all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ._i18n import msg
from .errors import Problem, os_error_text
from .tabular import TableError, atomic_open

#: where to look for Chromium, in order; ``TIERCERT_CHROMIUM`` names another
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
#: headless, no sandbox (root in containers), and nothing that reaches the network: without
#: these, Chromium waits on connections a closed network never answers
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
)
#: seconds a print may take
TIMEOUT = 120


def install_hint() -> str:
    """What to do when no Chromium is found, in the reader's language (a catalog message)."""
    return msg(
        "install Chromium (Debian, Ubuntu: apt-get install chromium; other systems: the "
        "'chromium' or 'google-chrome' package), or set TIERCERT_CHROMIUM to the browser's "
        "path; or write the page as HTML (-o card.html) and print it from any browser"
    )


def find_browser() -> str | None:
    """The Chromium to print with: ``TIERCERT_CHROMIUM`` when set, else the first of
    :data:`BROWSERS` on the PATH; None when there is none."""
    named = os.environ.get("TIERCERT_CHROMIUM")
    if named:
        return shutil.which(named)
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def print_pdf(html: str, target: str | os.PathLike[str]) -> None:
    """Print the page ``html`` to the PDF file ``target``.  Raises
    :class:`~tiercert.tabular.TableError`: ``browser.missing`` when no Chromium is found,
    ``browser.failed`` when it does not print, ``file.unwritable`` when ``target`` cannot be
    written (it is then left as it was)."""
    browser = find_browser()
    if browser is None:
        raise TableError(
            Problem(
                "browser.missing",
                msg(
                    "printing a PDF needs a headless Chromium, and none was found: {install_hint}",
                    install_hint=install_hint(),
                ),
                file=str(target),
            )
        )
    with tempfile.TemporaryDirectory(prefix="tiercert-print-") as folder:
        page = Path(folder) / "page.html"
        page.write_text(html, encoding="utf-8")
        pdf = Path(folder) / "page.pdf"
        command = [
            browser,
            *FLAGS,
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={pdf}",
            "--no-pdf-header-footer",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=TIMEOUT,
                check=False,
            )
            why = (
                ""
                if done.returncode == 0
                else msg("it exited with status {returncode}", returncode=done.returncode)
            )
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        except subprocess.TimeoutExpired:
            why, said = msg("it did not finish in {timeout} seconds", timeout=TIMEOUT), []
        except OSError as exc:
            why, said = msg("it could not be started: {why}", why=os_error_text(exc)), []
        data = pdf.read_bytes() if pdf.is_file() else b""
        if why or not data.startswith(b"%PDF"):
            detail = f" ({' / '.join(said)})" if said else ""
            raise TableError(
                Problem(
                    "browser.failed",
                    msg(
                        "{browser} did not print the page: {value}{detail}; check that it "
                        "starts (chromium --headless --version), or write the page as HTML (-o "
                        "card.html; tiercert.report.render_html in Python) and print it from a "
                        "browser",
                        browser=browser,
                        value=why or msg("it wrote no PDF"),
                        detail=detail,
                    ),
                    file=str(target),
                )
            )
        with atomic_open(target, "wb") as out:
            out.write(data)
