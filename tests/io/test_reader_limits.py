"""Readers bound what they read, and a bad row is that row's problem: no traceback, no memory
blow-up, the other rows scored (issue 10, "denial of service from tiny inputs")."""

from __future__ import annotations

import datetime
import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import tiercert
from tiercert import AssessmentError, load_assessment
from tiercert._yaml import Limits
from tiercert.checking import check_file
from tiercert.tabular import read_yaml_folder

SMALL = Limits(max_bytes=1_000)


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as handle:
        handle.truncate(size)  # a hole: no disk space, but reading it all would take `size`
    return path


def _counting_reads(monkeypatch: pytest.MonkeyPatch, inputs: Path) -> list[int]:
    """Every size read through a file object opened by tiercert's readers in ``inputs``: only
    the input's own reads, not those of a message catalog read the first time a message is
    formatted in its language (``AssessmentError`` formats its first problem in English),
    which happen or not by what ran before in the same process (the catalogs are read once)."""
    import builtins
    import io

    sizes: list[int] = []
    real_open = io.open

    class Counting:
        def __init__(self, handle: object) -> None:
            self._handle = handle

        def read(self, size: int = -1) -> bytes:
            data = self._handle.read(size)  # type: ignore[attr-defined]
            sizes.append(len(data))
            return data  # type: ignore[no-any-return]

        def __getattr__(self, name: str) -> object:
            return getattr(self._handle, name)

        def __enter__(self) -> Counting:
            return self

        def __exit__(self, *exc: object) -> None:
            self._handle.close()  # type: ignore[attr-defined]

    def opening(*args: object, **kwargs: object) -> object:
        handle = real_open(*args, **kwargs)  # type: ignore[call-overload]
        mode = args[1] if len(args) > 1 else kwargs.get("mode", "r")
        name = args[0] if args else kwargs.get("file")
        mine = isinstance(name, str | os.PathLike) and inputs in Path(name).parents
        return Counting(handle) if mode == "rb" and mine else handle

    monkeypatch.setattr(builtins, "open", opening)
    monkeypatch.setattr(io, "open", opening)  # pathlib opens files through io.open
    return sizes


@pytest.mark.parametrize("kind", ["rubric", "assessment", "folder", "hook"])
def test_a_huge_file_is_refused_after_reading_no_more_than_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    folder = tmp_path / "units"
    folder.mkdir()
    path = _sparse(folder / "big.yaml", 50 * SMALL.max_bytes)
    sizes = _counting_reads(monkeypatch, tmp_path)
    if kind == "rubric":
        problems = check_file(path, limits=SMALL).problems
    elif kind == "assessment":
        with pytest.raises(AssessmentError) as caught:
            load_assessment(path, limits=SMALL)
        problems = caught.value.problems
    elif kind == "folder":
        [row] = list(read_yaml_folder(folder, limits=SMALL))
        problems = list(row.problems)
    else:  # tiercert check --assessments (the pre-commit hook)
        from tiercert.assessment_check import check_assessment_file

        problems = check_assessment_file(path, limits=SMALL).problems
    assert [p.code for p in problems] == ["yaml.too_large"]
    assert "50,000 bytes, more than the limit of 1,000" in problems[0].message
    assert sizes, "the input was not read through a counted file"  # (so this test can fail)
    assert sum(sizes) <= SMALL.max_bytes + 1
    # and as a Vietnamese reader writes thousands (its catalog read after the counting)
    assert "50.000 byte, lớn hơn giới hạn 1.000 byte" in problems[0].text("vi")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_device_is_refused(tmp_path: Path) -> None:
    problems = check_file("/dev/zero", limits=SMALL).problems
    assert [p.code for p in problems] == ["yaml.too_large"]
    assert "more than the limit of 1,000 bytes" in problems[0].message
    with pytest.raises(AssessmentError):
        load_assessment("/dev/zero", limits=SMALL)
    assert tiercert  # the package imports cleanly with the limits in place


# --- XLSX -------------------------------------------------------------------------------------


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


Edit = bytes | Callable[[bytes], bytes]


def _rewrite(path: Path, target: Path, change: dict[str, Edit]) -> Path:
    """A copy of the workbook ``path`` with parts replaced or added (bytes), or edited (a
    function of the old bytes)."""
    import zipfile

    with (
        zipfile.ZipFile(path) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        names = source.namelist()
        for name in names:
            data = source.read(name)
            edit = change.get(name, data)
            out.writestr(name, edit(data) if callable(edit) else edit)
        for name, added in change.items():
            if name not in names and isinstance(added, bytes):
                out.writestr(name, added)
    return target


def test_a_zip_bomb_is_refused_before_it_is_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    from tiercert import tabular
    from tiercert.tabular import TableError, read_rows

    good = _workbook(tmp_path / "good.xlsx", [["unit_id"], ["a"]])
    # 60 MB of zeros: a few tens of kilobytes once compressed
    bomb = _rewrite(good, tmp_path / "bomb.xlsx", {"xl/media/zeros.bin": bytes(60_000_000)})
    assert bomb.stat().st_size < 200_000

    def never(*args: object, **kwargs: object) -> object:
        raise AssertionError("openpyxl must not open a workbook that unpacks too far")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    with pytest.raises(TableError) as caught:
        list(read_rows(bomb))
    [problem] = caught.value.problems
    assert problem.code == "file.too_large"
    assert "unpacks to 60,0" in problem.message
    monkeypatch.undo()
    assert [row.cells for row in read_rows(good)] == [["a"]]
    assert tabular.XLSX_UNPACKED_FLOOR < 60_000_000 < tabular.XLSX_UNPACKED_MAX


def test_a_workbook_without_a_sheet_of_cells(tmp_path: Path) -> None:
    from tiercert.tabular import TableError, read_rows

    good = _workbook(tmp_path / "good.xlsx", [["unit_id"], ["a"]])
    empty = _rewrite(
        good,
        tmp_path / "empty.xlsx",
        {"xl/workbook.xml": lambda data: re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data)},
    )
    with pytest.raises(TableError) as caught:
        list(read_rows(empty))
    [problem] = caught.value.problems
    assert problem.code == "file.format"
    assert "no sheet" in problem.message


def test_a_row_wider_than_a_spreadsheet_is_that_rows_problem(tmp_path: Path) -> None:
    from tiercert.tabular import MAX_COLUMNS, read_rows

    good = _workbook(tmp_path / "good.xlsx", [["unit_id", "a"], ["u1", 1], ["u2", 2]])

    def widen(data: bytes) -> bytes:
        # row 2 gets cells without a position, each one a column further: past the limit
        cells = b"<c><v>1</v></c>" * (MAX_COLUMNS + 5)
        pattern = rb'(<row r="2".*?)(</row>)'
        return re.sub(pattern, lambda m: m[1] + cells + m[2], data, count=1, flags=re.S)

    wide = _rewrite(good, tmp_path / "wide.xlsx", {"xl/worksheets/sheet1.xml": widen})
    rows = list(read_rows(wide))
    assert [row.number for row in rows] == [2, 3]
    assert [p.code for p in rows[0].problems] == ["row.columns"]
    assert rows[1].cells == ["u2", 2]


_ENTITIES = (
    b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "&#60;row&#62;&#60;c t=&#34;'
    b"inlineStr&#34;&#62;&#60;is&#62;&#60;t&#62;u&#60;/t&#62;&#60;/is&#62;&#60;/c&#62;"
    b'&#60;/row&#62;"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
)


def _never_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    def never(*args: object, **kwargs: object) -> object:
        raise AssertionError("openpyxl must not open this workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", never)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "utf-16-be"])
def test_a_part_declaring_entities_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    """A document type's entities are expanded by the XML parser: a 5 kB workbook gave
    10,000 rows of a few bytes each, past the limit on what a workbook unpacks to
    (seventeenth round).  The package format forbids them; none is read."""
    from tiercert.tabular import TableError, read_rows

    good = _workbook(tmp_path / "good.xlsx", [["unit_id", "a"], ["u2", 1]])

    def expand(data: bytes) -> bytes:
        body = data.replace(b"</sheetData>", b"&b;" * 10 + b"</sheetData>")
        xml = (_ENTITIES + body[body.index(b"<worksheet") :]).decode()
        if encoding != "utf-8":
            xml = xml.replace('version="1.0"', f'version="1.0" encoding="{encoding[:6]}"')
        return xml.encode(encoding)

    path = _rewrite(good, tmp_path / "entities.xlsx", {"xl/worksheets/sheet1.xml": expand})
    _never_opened(monkeypatch)
    with pytest.raises(TableError) as caught:
        list(read_rows(path))
    [problem] = caught.value.problems
    assert problem.code == "file.format"
    assert "'xl/worksheets/sheet1.xml' declares a document type" in problem.message


def test_a_prolog_too_long_to_see_through_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tiercert.tabular import TableError, read_rows

    good = _workbook(tmp_path / "good.xlsx", [["unit_id", "a"], ["u2", 1]])
    padded = _rewrite(
        good,
        tmp_path / "padded.xlsx",
        {"xl/styles.xml": lambda data: b"<!--" + b" " * 70_000 + b"-->" + data},
    )
    _never_opened(monkeypatch)
    with pytest.raises(TableError) as caught:
        list(read_rows(padded))
    assert "'xl/styles.xml' declares a document type" in caught.value.problems[0].message


def test_parts_that_are_no_xml_are_not_taken_for_a_prolog(tmp_path: Path) -> None:
    from tiercert.tabular import read_rows

    good = _workbook(tmp_path / "good.xlsx", [["unit_id", "a"], ["u2", 1]])
    picture = b"\x89PNG\r\n\x1a\n" + bytes(range(256)).replace(b"<", b"") * 400
    with_picture = _rewrite(
        good,
        tmp_path / "picture.xlsx",
        {
            "xl/media/image1.png": picture,
            "xl/printerSettings/p1.bin": b"H\x00P\x00" * 40_000,
        },
    )
    assert [row.cells for row in read_rows(with_picture)] == [["u2", 1]]


def test_styles_beyond_what_excel_writes_are_refused_before_they_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl makes objects of every cell format: a 30 kB workbook of 3.5 million empty
    ones took 2.2 GB and minutes (seventeenth round)."""
    import zipfile

    from tiercert import tabular
    from tiercert.tabular import TableError, read_rows

    # Excel's 64,000 cell formats with two children each, as cell and as named formats
    assert 64_000 * 3 * 2 <= tabular.XLSX_STYLE_ELEMENTS <= 500_000
    good = _workbook(tmp_path / "good.xlsx", [["unit_id", "a"], ["u2", 1]])
    styles = zipfile.ZipFile(good).read("xl/styles.xml")
    count = styles.count(b"<") - styles.count(b"</") + 1_000

    def bloat(data: bytes) -> bytes:
        return re.sub(rb"<cellXfs count=\"1\">", lambda m: m[0] + b"<xf/>" * 1_000, data)

    bloated = _rewrite(good, tmp_path / "styles.xlsx", {"xl/styles.xml": bloat})
    monkeypatch.setattr(tabular, "XLSX_STYLE_ELEMENTS", count - 1)
    with monkeypatch.context() as opening:
        _never_opened(opening)
        with pytest.raises(TableError) as caught:
            list(read_rows(bloated))
    [problem] = caught.value.problems
    assert problem.code == "file.too_large"
    assert f"styles (xl/styles.xml) hold more than {count - 1:,} elements" in problem.message
    monkeypatch.setattr(tabular, "XLSX_STYLE_ELEMENTS", count)
    assert [row.cells for row in read_rows(bloated)] == [["u2", 1]]


_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STRINGS_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


@pytest.mark.parametrize(
    ("part", "root"),
    [
        ("xl/sharedStrings.xml", b'<sst xmlns="%s">' % _MAIN),
        # by another name, its root prefixed: openpyxl finds it by the package's content types
        ("xl/other.xml", b'<x:sst xmlns:x="%s" xmlns="%s">' % (_MAIN, _MAIN)),
    ],
)
def test_shared_texts_beyond_the_limit_are_refused_before_openpyxl_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, part: str, root: bytes
) -> None:
    """openpyxl reads every shared text when it opens a workbook (about 7 µs each): 1.5
    million empty ones in 43 kB took 10.7 s and 180 MB, bounded only by the unpacked size."""
    from tiercert import tabular
    from tiercert.tabular import TableError, read_rows

    good = _workbook(tmp_path / "good.xlsx", [["unit_id", "a"], ["u2", 1]])
    end = b"</x:sst>" if root.startswith(b"<x:") else b"</sst>"
    texts = root + b"<si><t>x</t></si>" * 500 + end  # 1,000 elements and the root
    typed = b'<Override PartName="/%s" ContentType="%s"/></Types>' % (part.encode(), _STRINGS_TYPE)
    changes: dict[str, Edit] = {
        part: texts,
        "[Content_Types].xml": lambda data: data.replace(b"</Types>", typed),
    }
    bloated = _rewrite(good, tmp_path / "texts.xlsx", changes)
    monkeypatch.setattr(tabular, "XLSX_PART_ELEMENTS", 1_000)
    with monkeypatch.context() as opening:
        _never_opened(opening)
        with pytest.raises(TableError) as caught:
            list(read_rows(bloated))
    [problem] = caught.value.problems
    assert problem.code == "file.too_large"
    assert f"shared texts ({part}) hold more than 1,000 elements" in problem.message
    assert "văn bản dùng chung" in problem.text("vi")
    monkeypatch.setattr(tabular, "XLSX_PART_ELEMENTS", 1_001)
    assert [row.cells for row in read_rows(bloated)] == [["u2", 1]]


@pytest.mark.parametrize(
    ("encoding", "declared"),
    [("utf-16", "UTF-16"), ("utf-16-be", "UTF-16BE"), ("utf-8-sig", "UTF-8")],
)
def test_a_part_in_utf_16_is_counted_by_its_elements_not_its_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str, declared: str
) -> None:
    """XML may be UTF-16 (openpyxl reads it): counted byte by byte, each end tag's ``<``
    (``3c 00 2f 00``) and each character holding a ``3c`` byte (``ļ`` is ``013c``) passed for
    an element, nearly twice the elements, and such a part was refused at half the limit (a
    portal developer's and an attacker's pass, nineteenth round).  UTF-8 with its byte-order
    mark is counted as it was."""
    from tiercert import tabular
    from tiercert.tabular import TableError, read_rows

    good = _workbook(tmp_path / "good.xlsx", [["unit_id", "a"], ["u2", 1]])
    text = (
        f'<?xml version="1.0" encoding="{declared}"?>'
        + f'<sst xmlns="{_MAIN.decode()}">'
        + "<si><t>ļ㰼</t></si>" * 500
        + "</sst>"
    )
    count = text.count("<") - text.count("</")  # 1,000 elements, the root, the declaration
    part = text.encode(encoding)
    if encoding != "utf-8-sig":  # what counting its bytes found
        assert part.count(b"<") - part.count(b"</") > count + 500
    typed = b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/></Types>' % (
        _STRINGS_TYPE
    )
    changes: dict[str, Edit] = {
        "xl/sharedStrings.xml": part,
        "[Content_Types].xml": lambda data: data.replace(b"</Types>", typed),
    }
    texts = _rewrite(good, tmp_path / "texts.xlsx", changes)
    monkeypatch.setattr(tabular, "XLSX_PART_ELEMENTS", count)
    assert [row.cells for row in read_rows(texts)] == [["u2", 1]]
    monkeypatch.setattr(tabular, "XLSX_PART_ELEMENTS", count - 1)
    with monkeypatch.context() as opening:
        _never_opened(opening)
        with pytest.raises(TableError) as caught:
            list(read_rows(texts))
    assert caught.value.problems[0].code == "file.too_large"


@pytest.mark.parametrize(
    "before",
    [
        b"",
        # a size that is no size: in a comment, in CDATA, in another namespace
        b'<!-- <dimension ref="A1:B2"/> -->',
        b'<sheetPr><![CDATA[<dimension ref="A1:B2"/>]]></sheetPr>',
        b'<dimension xmlns="urn:other" ref="A1:B2"/>',
        # a size that holds the cells: openpyxl reads it to its end
        b'<dimension ref="A1:B2"><c/>' + b"<c/>" * 20_000 + b"</dimension>",
    ],
)
def test_a_sheet_without_its_size_is_counted_before_openpyxl_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: bytes
) -> None:
    """openpyxl reads a sheet that declares no size (no ``<dimension>`` before its cells)
    whole when it opens the workbook, keeping every element: a 23 kB workbook with one row of
    4.9 million empty cells took 12 s and 450 MB before the first row.  Such a sheet is
    counted first; one that declares its size costs nothing more (openpyxl stops there)."""
    from tiercert import tabular
    from tiercert.tabular import TableError, read_rows

    good = _workbook(tmp_path / "good.xlsx", [["unit_id", "a"], ["u2", 1], ["u3", 3]])
    wide = b'<row r="4">' + b"<c/>" * 1_000 + b"</row></sheetData>"

    def unsized(data: bytes) -> bytes:
        data = re.sub(rb"<dimension[^>]*/>", b"", data).replace(b"</sheetData>", wide)
        return data.replace(b"<sheetViews>", before + b"<sheetViews>", 1)

    sheet = tmp_path / "unsized.xlsx"
    _rewrite(good, sheet, {"xl/worksheets/sheet1.xml": unsized})
    monkeypatch.setattr(tabular, "XLSX_PART_ELEMENTS", 1_000)
    with monkeypatch.context() as opening:
        _never_opened(opening)
        with pytest.raises(TableError) as caught:
            list(read_rows(sheet))
    [problem] = caught.value.problems
    assert problem.code == "file.too_large"
    assert "the sheet xl/worksheets/sheet1.xml does not declare its size and holds more " in (
        problem.message
    )
    # the same sheet declaring its size is read a cell at a time, whatever its length
    sized = tmp_path / "sized.xlsx"
    _rewrite(
        sheet,
        sized,
        {
            "xl/worksheets/sheet1.xml": lambda data: data.replace(
                before + b"<sheetViews>", b'<dimension ref="A1:B4"/>' + before + b"<sheetViews>", 1
            )
        },
    )
    assert [row.cells for row in read_rows(sized)] == [["u2", 1], ["u3", 3]]


def test_the_part_limit_leaves_room_for_real_workbooks() -> None:
    """A sheet of 3,000 units of 30 answers without its size (two elements a cell) and as
    many texts of their own: ten times over."""
    from tiercert import tabular

    assert 10 * 3_000 * 30 * 2 <= tabular.XLSX_PART_ELEMENTS <= 5_000_000


def _damaged(tmp_path: Path, row3: bytes) -> Path:
    """A workbook of rows 2 to 4 (u2, u3, u4) whose row 3 is replaced by ``row3``."""
    good = _workbook(tmp_path / "good.xlsx", [["unit_id", "a"], ["u2", 1], ["u3", 3], ["u4", 4]])

    def edit(data: bytes) -> bytes:
        return re.sub(rb'<row r="3".*?</row>', lambda m: row3, data, count=1, flags=re.S)

    return _rewrite(good, tmp_path / "damaged.xlsx", {"xl/worksheets/sheet1.xml": edit})


@pytest.mark.parametrize(
    ("row3", "said"),
    [
        (b'<c r="B3" t="n"><v>abc</v></c>', "cell B3 cannot be read (type 'n', value 'abc')"),
        (b'<c r="B3" t="n"><v>nan</v></c>', "value 'nan'"),
        (b'<c r="B3" t="s"><v>99</v></c>', "(type 's', value '99')"),
        (b'<c r="B3" t="b"><v>x</v></c>', "(type 'b', value 'x')"),
        (b'<c r="B3" t="d"><v>never</v></c>', "(type 'd', value 'never')"),
        (b'<c r="ZZZZZZ3"><v>1</v></c>', "cell ZZZZZZ3 cannot be read"),
    ],
)
def test_a_cell_openpyxl_cannot_read_is_that_rows_problem(
    tmp_path: Path, row3: bytes, said: str
) -> None:
    """A value its type does not allow (a faulty writer, a damaged file) stopped the batch
    with an internal error and a traceback (seventeenth round)."""
    from tiercert.tabular import read_rows

    path = _damaged(
        tmp_path, b'<row r="3"><c r="A3" t="inlineStr"><is><t>u3</t></is></c>' + row3 + b"</row>"
    )
    rows = list(read_rows(path))
    assert [row.number for row in rows] == [2, 3, 4]
    assert rows[0].cells == ["u2", 1]
    assert rows[2].cells == ["u4", 4]
    [problem] = rows[1].problems
    assert (problem.code, problem.line) == ("row.cell", 3)
    assert said in problem.message
    assert "open it in Excel or LibreOffice and save it again" in problem.message


def test_a_row_number_that_is_no_number_is_that_rows_problem(tmp_path: Path) -> None:
    from tiercert.tabular import read_rows

    path = _damaged(tmp_path, b'<row r="x"><c t="inlineStr"><is><t>u3</t></is></c></row>')
    rows = list(read_rows(path))
    assert [row.number for row in rows] == [2, 3, 4]
    [problem] = rows[1].problems
    assert problem.code == "row.cell"
    assert "the row's number 'x' cannot be read" in problem.message
    assert rows[2].cells == ["u4", 4]


def test_a_header_cell_that_cannot_be_read_stops_the_table(tmp_path: Path) -> None:
    from tiercert.tabular import TableError, read_rows

    good = _workbook(tmp_path / "good.xlsx", [["unit_id", "a"], ["u2", 1]])

    def edit(data: bytes) -> bytes:
        return re.sub(rb'<c r="B1"[^>]*>.*?</c>', b'<c r="B1" t="s"><v>77</v></c>', data)

    path = _rewrite(good, tmp_path / "header.xlsx", {"xl/worksheets/sheet1.xml": edit})
    with pytest.raises(TableError) as caught:
        list(read_rows(path))
    [problem] = caught.value.problems
    assert (problem.code, problem.line) == ("row.cell", 1)


@pytest.mark.parametrize(
    ("ending", "said"),
    [
        (
            b'<row r="4"><c r="A4"',
            "its text breaks off (the file was cut short: copied or saved halfway?) (at character ",
        ),
        (
            b'<row r="4"><c r="A4" t="inlineStr"><is><t>&#x1b;</t></is></c></row>',
            "it holds a character a workbook may not hold (a control character) (at character ",
        ),
    ],
)
def test_a_sheet_that_breaks_off_is_refused_without_a_traceback(
    tmp_path: Path, ending: bytes, said: str
) -> None:
    """XML that breaks off (a file cut short) or holds a character XML does not allow, past
    the first rows: an internal error and a traceback before (the workbook's declared
    dimension means openpyxl itself reads no further than it when it opens the file)."""
    from tiercert.tabular import TableError, read_rows

    good = _workbook(tmp_path / "good.xlsx", [["unit_id", "a"], ["u2", 1], ["u3", 3], ["u4", 4]])

    def cut(data: bytes) -> bytes:
        return data[: data.index(b'<row r="4"')] + ending

    path = _rewrite(good, tmp_path / "cut.xlsx", {"xl/worksheets/sheet1.xml": cut})
    read: list[int] = []
    with pytest.raises(TableError) as caught:
        read.extend(row.number for row in read_rows(path))
    assert read == [2, 3]
    [problem] = caught.value.problems
    assert (problem.code, problem.line) == ("file.format", 4)
    assert "the sheet is damaged after row 3: " in problem.message
    assert said in problem.message
    assert " of line 1 of the part xl/worksheets/sheet1.xml in the workbook)" in problem.message
    # in Vietnamese, with no English of the XML parser's ("unclosed token", "not well-formed")
    vi = problem.text("vi")
    assert vi.startswith("trang tính bị hỏng sau dòng 3: ")
    assert " dòng 1 " in vi
    assert not re.search(r"token|well-formed|invalid|reference|line \d", vi)


def test_a_long_row_is_read_a_cell_at_a_time(tmp_path: Path) -> None:
    """openpyxl's parser builds a whole row before its width is seen: a 23 kB workbook whose
    row held 4.9 million empty cells took 1.6 GB.  The row is now read a cell at a time."""
    import tracemalloc

    from tiercert.tabular import read_rows

    good = _workbook(tmp_path / "good.xlsx", [["unit_id", "a"], ["u2", 1], ["u3", 3]])

    def lengthen(data: bytes) -> bytes:
        pattern = rb'(<row r="2".*?)(</row>)'
        return re.sub(pattern, lambda m: m[1] + b"<c/>" * 150_000 + m[2], data, flags=re.S)

    path = _rewrite(good, tmp_path / "long.xlsx", {"xl/worksheets/sheet1.xml": lengthen})
    tracemalloc.start()
    try:
        rows = list(read_rows(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [row.number for row in rows] == [2, 3]
    assert [p.code for p in rows[0].problems] == ["row.columns"]
    # the row whole, as openpyxl's parser builds it: about 50 MB (150,000 elements and dicts)
    assert peak < 10_000_000


def test_a_cell_of_too_many_parts_is_that_rows_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tiercert import tabular
    from tiercert.tabular import read_rows

    monkeypatch.setattr(tabular, "MAX_CELL_PARTS", 20)
    runs = b"<r><t>1</t></r>" * 9
    path = _damaged(
        tmp_path,
        b'<row r="3"><c r="A3" t="inlineStr"><is><t>u3</t></is></c>'
        b'<c r="B3" t="inlineStr"><is>' + runs + b"</is></c></row>",
    )
    rows = list(read_rows(path))
    assert rows[1].problems == ()  # 19 parts: is, and r and t for each run
    assert rows[1].cells == ["u3", "1" * 9]
    path = _damaged(
        tmp_path,
        b'<row r="3"><c r="A3" t="inlineStr"><is><t>u3</t></is></c>'
        b'<c r="B3" t="inlineStr"><is>' + runs + b"<r><t>1</t></r></is></c></row>",
    )
    rows = list(read_rows(path))
    [problem] = rows[1].problems
    assert problem.code == "row.cell"
    assert "the cell B3 holds more than 20 parts" in problem.message
    assert rows[2].cells == ["u4", 4]


# --- columns ----------------------------------------------------------------------------------

SMALL_RUBRIC = """\
format: 1
id: c
version: "1"
title: C
criteria:
  - {id: a, title: A, rule: {kind: boolean, points: 1}}
  - {id: b, title: B, rule: {kind: bands, bands: [{points: 1}]}}
"""


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    import csv

    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_a_header_wider_than_a_spreadsheet_is_refused(tmp_path: Path) -> None:
    from tiercert.batch import evaluate_many
    from tiercert.tabular import MAX_COLUMNS, TableError, read_rows

    rubric = tiercert.parse_rubric(SMALL_RUBRIC)
    header = ["unit_id", "a", "b"] + [f"x{i}" for i in range(MAX_COLUMNS)]
    path = _write_csv(tmp_path / "wide.csv", [header, ["u", "yes", "1"]])
    with pytest.raises(TableError) as caught:
        list(evaluate_many(rubric, read_rows(path)))
    [problem] = caught.value.problems
    assert (problem.code, problem.line) == ("table.columns", 1)
    assert f"{MAX_COLUMNS + 3:,} columns" in problem.message


def test_unknown_columns_cost_no_code(tmp_path: Path) -> None:
    # every empty unknown column used to become three lines of generated code: a 1.7 MB
    # header took 2 GB to compile
    from tiercert._fast import RowLayout

    rubric = tiercert.parse_rubric(SMALL_RUBRIC)
    evaluator = rubric._fast
    assert evaluator is not None

    def source(unknown: int) -> str:
        layout = RowLayout({"a": 1, "b": 2}, {}, {}, tuple(range(3, 3 + unknown)))
        scorer = evaluator.row_scorer(
            layout, False, is_empty=lambda v: v in ("", None), cell_value=lambda v: v
        )
        assert scorer is not None
        return scorer.source

    assert len(source(10_000)) - len(source(10)) < 200


def test_many_empty_unknown_columns_are_harmless(tmp_path: Path) -> None:
    import io

    from tiercert.cli import main

    (tmp_path / "r.yaml").write_text(SMALL_RUBRIC, encoding="utf-8")
    header = ["unit_id", "a", "b"] + [f"x{i}" for i in range(5_000)]
    rows = [header, ["u1", "yes", "2"] + [""] * 5_000, ["u2", "no", "3"] + [""] * 4_999 + ["!"]]
    _write_csv(tmp_path / "u.csv", rows)
    out, err = io.StringIO(), io.StringIO()
    argv = ["batch", str(tmp_path / "r.yaml"), str(tmp_path / "u.csv"), "--summary", "none"]
    assert main(argv, stdout=out, stderr=err) == 1
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("2,u1,,scored,2,")
    assert lines[2].startswith("3,u2,,rejected,")
    assert "x4999: unknown column 'x4999'" in lines[2]


# --- one bad row is that row's problem --------------------------------------------------------


def _outcomes(tmp_path: Path, path: Path) -> list[tuple[int, list[str], object]]:
    from tiercert.batch import evaluate_many
    from tiercert.tabular import read_rows

    rubric = tiercert.parse_rubric(SMALL_RUBRIC)
    return [
        (
            o.number,
            [p.code for p in o.problems],
            o.result.total if o.result is not None else None,
        )
        for o in evaluate_many(rubric, read_rows(path))
    ]


def test_a_deeply_nested_json_line_is_that_lines_problem(tmp_path: Path) -> None:
    deep = '{"unit_id": "u1", "a": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = tmp_path / "u.jsonl"
    path.write_text(
        '{"unit_id": "u0", "a": true, "b": 1}\n'
        + deep
        + '\n{"unit_id": "u2", "a": false, "b": 1}\n',
        encoding="utf-8",
    )
    assert _outcomes(tmp_path, path) == [(1, [], 2), (2, ["row.json"], None), (3, [], 1)]


def test_a_list_as_unit_id_is_that_rows_problem(tmp_path: Path) -> None:
    path = tmp_path / "u.jsonl"
    path.write_text(
        '{"unit_id": ["a", "b"], "a": true, "b": 1}\n{"unit_id": "u2", "a": true, "b": 1}\n'
        '{"unit": {"id": ["x"]}, "answers": {"a": true, "b": 1}}\n',
        encoding="utf-8",
    )
    found = _outcomes(tmp_path, path)
    assert found[0][:2] == (1, ["unit.id"])
    assert found[1] == (2, [], 2)
    assert found[2][0] == 3
    assert found[2][1] != []


@pytest.mark.parametrize(
    ("cell", "english", "vietnamese"),
    [
        (True, "true or false", "có hoặc không"),
        (["a"], "a list", "một danh sách"),
        ({"x": 1}, "a mapping", "một bảng khóa–giá trị"),
        (datetime.datetime(2024, 5, 1), "a date or a time", "một ngày hoặc giờ"),
        (datetime.time(12), "a date or a time", "một ngày hoặc giờ"),
        (datetime.timedelta(1), "a duration", "một khoảng thời gian"),
        (object(), "a value of type object", "một giá trị kiểu object"),
    ],
)
def test_what_an_id_or_name_cell_is_said_in_the_readers_language(
    cell: object, english: str, vietnamese: str
) -> None:
    # a sheet's date cell as unit_name was "not datetime", and in Vietnamese "không phải
    # datetime", "không phải true or false": English words inside the Vietnamese text
    from tiercert.batch import evaluate_many

    rubric = tiercert.parse_rubric(SMALL_RUBRIC)
    rows = [{"unit_id": cell, "a": True, "b": 1}, {"unit_id": "u", "unit_name": cell, "a": True}]
    for outcome, code in zip(evaluate_many(rubric, rows), ["unit.id", "unit.name"], strict=True):
        [problem] = [p for p in outcome.problems if p.code == code]
        assert problem.message.split(", not ")[1].startswith(english + "; ")
        assert problem.text("vi").split(", không phải ")[1].startswith(vietnamese + "; ")


def test_a_cell_over_the_csv_limit_is_that_rows_problem(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_text(
        "unit_id,a,b\nu1,yes,1\nu2,yes," + "1" * 200_000 + "\nu3,no,1\n", encoding="utf-8"
    )
    assert _outcomes(tmp_path, path) == [(2, [], 2), (3, ["row.cell"], None), (4, [], 1)]


def test_a_header_only_sheet_without_unit_id_is_a_problem(tmp_path: Path) -> None:
    from tiercert.tabular import TableError

    path = tmp_path / "u.csv"
    path.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(TableError) as caught:
        _outcomes(tmp_path, path)
    assert [p.code for p in caught.value.problems] == ["table.unit_id"]
    path.write_text("unit_id,a,b\n", encoding="utf-8")  # a blank sheet to fill: no problem
    assert _outcomes(tmp_path, path) == []


def test_a_folder_does_not_follow_links_out_of_it(tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("answers: {a: yes, b: 1}\n", encoding="utf-8")
    folder = tmp_path / "units"
    folder.mkdir()
    (folder / "a.yaml").write_text("answers: {a: yes, b: 2}\n", encoding="utf-8")
    (folder / "b.yaml").symlink_to(outside)
    (folder / "c.yaml").symlink_to(folder / "a.yaml")  # a link inside the folder is fine
    found = _outcomes(tmp_path, folder)
    assert found == [(1, [], 2), (2, ["file.link"], None), (3, [], 2)]


def test_a_json_line_longer_than_the_limit_is_that_lines_problem(tmp_path: Path) -> None:
    from tiercert.tabular import read_jsonl

    path = tmp_path / "u.jsonl"
    long = '{"unit_id": "u1", "note": "' + "x" * 5_000 + '"}'
    path.write_text('{"unit_id": "u0"}\n' + long + '\n{"unit_id": "u2"}\n', encoding="utf-8")
    rows = list(read_jsonl(path, limits=SMALL))
    assert [(r.number, [p.code for p in r.problems]) for r in rows] == [
        (1, []),
        (2, ["row.json"]),
        (3, []),
    ]
    assert "longer than 1,000 characters" in rows[1].problems[0].message


def test_a_folder_names_what_it_cannot_read_instead_of_leaving_it_out(tmp_path: Path) -> None:
    # a named pipe would block the batch and a device never end: neither is opened, and
    # neither, nor a link to nothing or a link that loops, is left out without a word
    import os

    folder = tmp_path / "units"
    folder.mkdir()
    (folder / "a.yaml").write_text("answers: {a: yes, b: 2}\n", encoding="utf-8")
    os.mkfifo(folder / "b.yaml")
    (folder / "c.yaml").symlink_to(folder / "nothing.yaml")
    (folder / "d.yaml").symlink_to(folder / "d.yaml")
    (folder / "e.yaml").mkdir()  # a folder named like a file: not an assessment, skipped
    (folder / "f.yaml").symlink_to("/dev/zero")  # outside the folder
    found = _outcomes(tmp_path, folder)
    assert found == [
        (1, [], 2),
        (2, ["file.unreadable"], None),
        (3, ["file.unreadable"], None),
        (4, ["file.unreadable"], None),
        (5, ["file.link"], None),
    ]


def _damaged_checksum(path: Path, part: str) -> Path:
    """``path`` with the checksum of ``part`` changed where the archive states it (its local
    header and the central directory): the bytes unpack, then fail the check at the end."""
    import struct
    import zipfile

    with zipfile.ZipFile(path) as archive:
        crc = archive.getinfo(part).CRC
    data = path.read_bytes()
    assert data.count(struct.pack("<I", crc)) == 2
    path.write_bytes(data.replace(struct.pack("<I", crc), struct.pack("<I", crc ^ 1)))
    return path


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        (3, "the workbook is damaged: "),  # unpacked whole by the checks of each part
        (3_000, "the sheet is damaged: "),  # unpacked whole only while its rows are read
    ],
)
def test_a_sheet_whose_compressed_bytes_are_damaged_is_refused_without_a_traceback(
    tmp_path: Path, rows: int, said: str
) -> None:
    """A sheet part that fails its checksum (a file changed in a copy or a download): a
    large sheet is unpacked whole only once its rows are read, after the checks that read
    each part's start: an internal error and a traceback before (zipfile's ``BadZipFile``);
    a small one was called "no ZIP package" by openpyxl, which left the file open."""
    from tiercert.tabular import TableError, read_rows

    units = [[f"u{i}", i % 10] for i in range(rows)]
    good = _workbook(tmp_path / "good.xlsx", [["unit_id", "a"], *units])
    path = _damaged_checksum(good, "xl/worksheets/sheet1.xml")
    with pytest.raises(TableError) as caught:
        list(read_rows(path))
    [problem] = caught.value.problems
    assert problem.code == "file.format"
    assert problem.message == (
        f"{said}its compressed bytes fail their checksum or do not unpack (the file was "
        "changed or cut short in a copy or a download?) (the part xl/worksheets/sheet1.xml "
        "in the workbook); open "
        + ("it" if rows == 3 else "the workbook")
        + " in Excel or LibreOffice and save it again"
    )
    vi = problem.text("vi")
    assert vi.startswith(("tệp bị hỏng: ", "trang tính bị hỏng: "))
    assert "checksum" not in vi
    assert "compressed" not in vi


class _Endless(io.RawIOBase):
    """A stream of one byte repeated without end (``/dev/zero``, a pipe that never writes a
    line), that fails the test once more than ``most`` bytes are asked of it."""

    def __init__(self, byte: bytes, most: int) -> None:
        self.byte, self.most, self.given = byte, most, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        assert self.given <= self.most, "read on without a bound"
        size = len(buffer)
        buffer[:size] = self.byte * size
        self.given += size
        return size


@pytest.mark.parametrize("byte", [b"\0", b"x"])
def test_an_endless_csv_stream_without_a_line_is_refused_within_a_bound(byte: bytes) -> None:
    """The first line of a CSV input was read whole to find its delimiter: ``batch rubric
    zero.csv``, a link to ``/dev/zero``, grew by 200 MB a second until the memory ran out.
    It is read up to FIRST_LINE_CHARS now."""
    from tiercert.tabular import FIRST_LINE_CHARS, TableError, read_csv

    endless = _Endless(byte, most=16 * FIRST_LINE_CHARS)
    with pytest.raises(TableError) as caught:
        list(read_csv(io.BufferedReader(endless)))
    [problem] = caught.value.problems
    assert (problem.code, problem.line) == ("file.format", 1)
    assert problem.message.startswith("the first line is longer than 4,194,304 characters")
    assert problem.text("vi").startswith("dòng đầu tiên dài hơn ")
    assert endless.given < 2 * FIRST_LINE_CHARS


@pytest.mark.parametrize("output", ["r.csv", "r.jsonl", "r.xlsx", None])
def test_a_header_only_sheet_without_unit_id_is_a_problem_in_batch_too(
    tmp_path: Path, output: str | None
) -> None:
    """``evaluate_many`` said so (above), ``batch`` did not: it wraps the rows in its check of
    versions, which did not pass the header on, and its CSV output's bulk path took any input
    for rows whose header was checked: "Units: 0 scored", exit 0 (twentieth round)."""
    from conftest import run_cli

    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(SMALL_RUBRIC, encoding="utf-8")
    sheet = tmp_path / "u.csv"
    sheet.write_text("a,b\n", encoding="utf-8")
    out = ["-o", str(tmp_path / output)] if output else []
    status, _, err = run_cli("batch", str(rubric), str(sheet), *out, "--lang", "en")
    assert status == 1
    assert "there is no 'unit_id' column" in err
    assert "[table.unit_id]" in err
    if output:
        assert not (tmp_path / output).exists()
    sheet.write_text("unit_id,a,b\n", encoding="utf-8")  # a blank sheet to fill: no problem
    status, _, err = run_cli("batch", str(rubric), str(sheet), *out, "--lang", "en")
    assert status == 0
