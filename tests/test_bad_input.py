"""Bad and hostile input: a clear one-line reason, nothing lost, nothing executed.

The corpus comes from tests/hostile.py.  Each case must be refused by ``safety.precheck`` with a
stable kind, give an unreadable Report from ``api.validate``, and exit 2 from the CLI with one line
naming the file and no traceback; the input bytes never change.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from builders import hostile
from builders.hostile import PASSWD_MARKER, Case

from perfcheck import outputs, safety
from perfcheck.config import Config, Limits
from perfcheck.errors import InputError
from perfcheck.safety import olecheck, zipcheck

ROOT = Path(__file__).resolve().parent.parent

REFUSED = {
    "empty": "empty",
    "text": "not-a-workbook",
    "csv-as": "not-a-workbook",
    "html-as": "not-a-workbook",
    "xml2003-as": "not-a-workbook",
    "pdf-as": "not-a-workbook",
    "truncated": "corrupt",
    "corrupt-zip": "corrupt",
    "docx-as": "not-a-workbook",
    "zip-of-text": "not-a-workbook",
    "zip-of-workbooks": "not-a-workbook",
    "encrypted": "encrypted",
    "encrypted-forged": "encrypted",
    "encrypted-biff": "encrypted",
    "encrypted-biff-mini": "encrypted",
    "encrypted-odf": "encrypted",
    "doc-as": "not-a-workbook",
    "ole-other": "not-a-workbook",
    "ole-truncated": "corrupt",
    "zip-bomb": "too-large",
    "huge-dimension": "too-large",
    "sparse-cells": "too-large",
    "sparse-cells-attr-order": "too-large",
    "sparse-cells-no-address": "too-large",
    "ods-repeat-bomb": "too-large",
    "xls-huge-dimension-forged": "too-large",
    "xls-dimension-wrap": "too-large",
    "xls-far-cell-forged": "too-large",
    "xls-far-mulrk": "too-large",
    "billion-laughs": "hostile",
    "xxe": "hostile",
    "xxe-in-workbook": "hostile",
    "xxe-utf16": "hostile",
}
ACCEPTED = {"good": "xlsx", "xlsm": "xlsm", "xlsx-named": "xlsx", "forged-xls": "xls", "forged-xls-mini": "xls",
            "many-cells": "xlsx"}


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    return hostile.build(tmp_path_factory.mktemp("bad"))


def sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _have(module: str) -> bool:
    proc = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, cwd=ROOT)
    return proc.returncode == 0


def test_corpus_is_complete(corpus: dict[str, Case]) -> None:
    built = {n: c.kind for n, c in corpus.items()}
    expected = REFUSED | dict.fromkeys(ACCEPTED)
    assert built == expected


# --------------------------------------------------------------------------------------------------
# precheck
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(REFUSED))
def test_precheck_refuses(corpus: dict[str, Case], name: str) -> None:
    c = corpus[name]
    with pytest.raises(InputError) as ei:
        safety.precheck(c.path, Limits())
    err = ei.value
    assert err.kind == REFUSED[name]
    for text in (err.zh, err.en):
        assert text and "\n" not in text and len(text) < 300
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.zh)
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in err.en)    # no Chinese left in the English reason
    assert err.reason("en") == err.en and err.reason("zh") == err.zh


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_precheck_accepts_by_content(corpus: dict[str, Case], name: str) -> None:
    assert safety.precheck(corpus[name].path, Limits()) == ACCEPTED[name]


def test_reasons_say_what_it_is_and_how_to_fix(corpus: dict[str, Case]) -> None:
    def reason(name: str) -> InputError:
        with pytest.raises(InputError) as ei:
            safety.precheck(corpus[name].path, Limits())
        return ei.value

    assert "HTML" in reason("html-as").zh and "另存为" in reason("html-as").zh
    assert "CSV" in reason("csv-as").zh and "CSV" in reason("csv-as").en
    assert "纯文本" in reason("text").zh
    assert "Excel 2003 XML" in reason("xml2003-as").en
    assert "Word" in reason("docx-as").zh and "Word" in reason("doc-as").zh
    assert "2 个工作簿" in reason("zip-of-workbooks").zh
    enc = reason("encrypted")
    assert "取消密码" in enc.zh and "用密码进行加密" in enc.zh and "remove the password" in enc.en
    assert "压缩比" in reason("zip-bomb").zh
    assert "A1:XFD1048576" in reason("huge-dimension").zh
    assert "65536 行 × 256 列" in reason("xls-huge-dimension-forged").zh
    assert "4294967291 rows × 3 columns" in reason("xls-dimension-wrap").en
    assert "“项目1”" in reason("xls-far-cell-forged").zh and "row 65536, column 256" in reason("xls-far-cell-forged").en
    assert "DOCTYPE" in reason("xxe").en


def test_limits_apply(corpus: dict[str, Case], monkeypatch: pytest.MonkeyPatch) -> None:
    def kind(name: str, limits: Limits) -> str:
        with pytest.raises(InputError) as ei:
            safety.precheck(corpus[name].path, limits)
        return ei.value.kind + ": " + ei.value.en

    assert kind("good", Limits(max_file_mb=0)).startswith("too-large: the file is too large")
    # the bomb with no ratio limit is still refused by its total inflated size
    assert "inflates to 500.0 MB" in kind("zip-bomb", Limits(max_ratio=10**9))
    # no <dimension>: the sheet part's size bounds its cell count
    assert "more than 1000 cells" in kind("many-cells", Limits(max_cells=1000))
    assert safety.precheck(corpus["many-cells"].path, Limits()) == "xlsx"
    monkeypatch.setattr(zipcheck, "MAX_MEMBERS", 3)
    assert "members (limit 3)" in kind("good", Limits())


def test_xls_limits(tmp_path: Path) -> None:
    """.xls: the DIMENSIONS record and the cells, counted against max_cells; a Workbook stream in the
    mini stream is read like one in regular sectors."""
    def run(name: str, sheet: bytes, limits: Limits, *, mini: bool = True) -> str:
        p = hostile.write_cfb(tmp_path / f"{name}.xls", {"Workbook": hostile.xls_stream(sheet)}, mini=mini)
        try:
            return safety.precheck(p, limits)
        except InputError as e:
            return e.kind + ": " + e.en

    two_by_two = hostile.dimensions(0, 2, 0, 2) + hostile.number(0, 0, 1) + hostile.number(1, 1, 2)
    for mini in (True, False):
        assert run(f"2x2-{mini}", two_by_two, Limits(max_cells=4), mini=mini) == "xls"
        assert run(f"2x2-{mini}", two_by_two, Limits(max_cells=3), mini=mini).startswith(
            "too-large: sheet 1 declares 2 rows × 2 columns")
    # no DIMENSIONS: the cells alone (from A1, as the reader lays them out)
    cells = hostile.number(0, 0, 1) + hostile.number(999, 2, 2)
    assert run("cells", cells, Limits(max_cells=3000)) == "xls"
    assert "row 1000, column 3" in run("cells", cells, Limits(max_cells=2999))
    # a ROW record that says its cells run to column 40 counts; one without cells does not
    row = hostile.biff(0x0208, struct.pack("<HHHHHHI", 99, 0, 40, 0x12C, 0, 0, 0x0F0100))
    assert "row 100, column 40" in run("row", row, Limits(max_cells=3999))
    empty_row = hostile.biff(0x0208, struct.pack("<HHHHHHI", 60000, 0, 0, 0x12C, 0, 0, 0x0F0100))
    assert run("empty-row", hostile.number(0, 0, 1) + empty_row, Limits(max_cells=1)) == "xls"
    # MULBLANK: formatted empty cells are cells too (row 10, columns 5..9)
    mulblank = hostile.biff(0x00BE, struct.pack("<HH", 9, 4) + b"\x0f\x00" * 5 + struct.pack("<H", 8))
    assert "row 10, column 9" in run("mulblank", mulblank, Limits(max_cells=89))


def test_xls_stream_larger_than_the_file(tmp_path: Path) -> None:
    """A Workbook stream whose directory entry claims more bytes than the file holds is damage
    (calamine would allocate the claimed size before reading)."""
    p = hostile.write_cfb(tmp_path / "liar.xls", {"Workbook": hostile.plain_xls_stream()})
    data = bytearray(p.read_bytes())
    first_dir = struct.unpack_from("<I", data, 0x30)[0]
    entry = (first_dir + 1) * 512 + 128                  # entry 1: the only stream
    assert data[entry: entry + 16].decode("utf-16-le") == "Workbook"
    struct.pack_into("<I", data, entry + 0x78, 0x7FFFFFFF)
    p.write_bytes(bytes(data))
    with pytest.raises(InputError) as ei:
        safety.precheck(p, Limits())
    assert ei.value.kind == "corrupt"


def test_xls_walk_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 1 MB stream of 4-byte records (the most records a byte can hold) is walked to its end
    and accepted, and a record budget refuses a stream with more records than max_cells allows."""
    filler = hostile.biff(0x0225, b"") * 250_000              # DEFAULTROWHEIGHT with no body
    p = hostile.write_cfb(tmp_path / "filler.xls", {"Workbook": hostile.xls_stream(filler)})
    assert safety.precheck(p, Limits()) == "xls"
    monkeypatch.setattr(olecheck, "_XLS_RECORDS_FLOOR", 0)
    with pytest.raises(InputError) as ei:
        safety.precheck(p, Limits(max_cells=1000))
    assert ei.value.kind == "too-large" and "records" in ei.value.en


def test_unreadable_paths(tmp_path: Path) -> None:
    def kind(p: Path) -> str:
        with pytest.raises(InputError) as ei:
            safety.precheck(p, Limits())
        return ei.value.kind

    assert kind(tmp_path / "missing.xlsx") == "unreadable"
    assert kind(tmp_path) == "unreadable"
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    assert kind(fifo) == "unreadable"            # refused without opening (which would block)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files regardless of their mode")
def test_no_permission(corpus: dict[str, Case], tmp_path: Path) -> None:
    p = tmp_path / "locked.xlsx"
    p.write_bytes(corpus["good"].path.read_bytes())
    p.chmod(0)
    try:
        with pytest.raises(InputError) as ei:
            safety.precheck(p, Limits())
        assert ei.value.kind == "unreadable"
    finally:
        p.chmod(0o600)


def test_truncated_at_every_size_is_refused_cleanly(corpus: dict[str, Case], tmp_path: Path) -> None:
    data = corpus["good"].path.read_bytes()
    p = tmp_path / "cut.xlsx"
    for n in range(1, len(data), 97):
        p.write_bytes(data[:n])
        with pytest.raises(InputError) as ei:
            safety.precheck(p, Limits())
        assert ei.value.kind in ("corrupt", "not-a-workbook", "empty"), n


def test_zip_bomb_under_a_memory_limit(corpus: dict[str, Case]) -> None:
    """precheck refuses the 500 MB bomb within seconds in a process limited to 1 GiB."""
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from pathlib import Path
        from perfcheck import safety
        from perfcheck.config import Limits
        from perfcheck.errors import InputError
        try:
            safety.precheck(Path({str(corpus["zip-bomb"].path)!r}), Limits())
        except InputError as e:
            print(e.kind)
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "too-large"


# --------------------------------------------------------------------------------------------------
# The parsers themselves, if precheck were bypassed
# --------------------------------------------------------------------------------------------------

def test_openpyxl_uses_defusedxml() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


_PARSE = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    which, path = sys.argv[1], sys.argv[2]
    try:
        if which == "calamine":
            from python_calamine import CalamineWorkbook
            wb = CalamineWorkbook.from_path(path)
            out = [wb.get_sheet_by_index(i).to_python() for i in range(len(wb.sheet_names))]
        else:
            import openpyxl
            wb = openpyxl.load_workbook(path, read_only=which == "openpyxl-ro", data_only=True)
            out = [[[c.value for c in r] for r in ws.iter_rows()] for ws in wb.worksheets]
        text = repr(out)
        print("parsed", len(text))
        print(text[:2000])
    except Exception as exc:
        chain = [exc, exc.__cause__, exc.__context__]
        print("refused", " | ".join(f"{type(e).__name__}: {e}" for e in chain if e is not None)[:2000])
""")


@pytest.mark.parametrize("parser", ["calamine", "openpyxl", "openpyxl-ro"])
@pytest.mark.parametrize("name", ["billion-laughs", "xxe", "xxe-in-workbook"])
def test_parsers_do_not_expand_entities(corpus: dict[str, Case], parser: str, name: str) -> None:
    """Even with precheck bypassed: calamine (quick-xml) knows no custom entities and openpyxl
    (defusedxml) forbids them; neither reads /etc/passwd nor blows up under a 1 GiB limit."""
    proc = subprocess.run([sys.executable, "-c", _PARSE, parser, str(corpus[name].path)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout
    assert PASSWD_MARKER not in out and PASSWD_MARKER not in proc.stderr
    assert "lollollol" not in out
    if parser == "calamine":
        if name != "xxe-in-workbook":
            assert "unrecognized entity" in out
    elif out.startswith("refused"):
        assert "EntitiesForbidden" in out           # defusedxml's parser refused the DTD
    else:
        # With lxml installed (python-docx brings it), openpyxl parses workbook.xml with lxml's
        # XMLParser(resolve_entities=False): the entity stays unexpanded instead of being refused.
        from openpyxl import LXML
        assert LXML and name == "xxe-in-workbook" and out.startswith("parsed"), out[:500]


# --------------------------------------------------------------------------------------------------
# api.validate and the CLI
# --------------------------------------------------------------------------------------------------

needs_reader = pytest.mark.skipif(not _have("perfcheck.reader"), reason="perfcheck.reader not there yet")
needs_runner = pytest.mark.skipif(not _have("perfcheck.runner"), reason="perfcheck.runner not there yet")


@needs_reader
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_validate_gives_unreadable_report(corpus: dict[str, Case], name: str) -> None:
    from perfcheck import api
    from perfcheck.findings import ExitStatus

    c = corpus[name]
    before = sha256(c.path)
    for lang in ("zh", "en"):
        report = api.validate(c.path, Config(), lang=lang)
        assert not report.readable
        assert report.error_kind == REFUSED[name]
        assert report.error is not None and "\n" not in report.error
        assert report.error.startswith(f"{c.path}: ")
        assert report.exit_code() is ExitStatus.UNREADABLE
        assert report.findings == []
    assert sha256(c.path) == before


def _cli(*args: str | Path, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "perfcheck", "validate", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env)


@pytest.fixture(scope="session")
def cli_runs(corpus: dict[str, Case], tmp_path_factory: pytest.TempPathFactory
             ) -> dict[str, tuple[subprocess.CompletedProcess[str], str, str, Path]]:
    """``perfcheck validate FILE --out DIR`` for every refused case, run side by side (each run spends
    most of its time starting up), with the file's sha256 before and after."""
    from concurrent.futures import ThreadPoolExecutor

    def one(name: str) -> tuple[subprocess.CompletedProcess[str], str, str, Path]:
        c = corpus[name]
        out = tmp_path_factory.mktemp(f"out-{name}")
        before = sha256(c.path)
        proc = _cli(c.path, "--out", out)
        return proc, before, sha256(c.path), out

    with ThreadPoolExecutor(max_workers=8) as pool:
        return dict(zip(sorted(REFUSED), pool.map(one, sorted(REFUSED)), strict=True))


@needs_runner
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_cli_one_line_exit_2(corpus: dict[str, Case], name: str,
                             cli_runs: dict[str, tuple[subprocess.CompletedProcess[str], str, str, Path]]) -> None:
    c = corpus[name]
    proc, before, after, out = cli_runs[name]
    both = proc.stdout + proc.stderr
    assert proc.returncode == 2, both
    assert "Traceback" not in both
    assert PASSWD_MARKER not in both
    # the console may fold a long line at its width: join folded lines before looking
    unfolded = re.sub(r"\n[ \t]*(?=\S)", "", both.replace(" \n", "\n"))
    with pytest.raises(InputError) as ei:
        safety.precheck(c.path, Limits())
    assert f"{c.path}: {ei.value.zh}".replace(" ", "") in unfolded.replace(" ", ""), both
    assert after == before
    for p in (q for q in out.rglob("*") if q.is_file()):
        assert PASSWD_MARKER.encode() not in p.read_bytes()


@needs_runner
def test_cli_folder_with_good_and_bad(corpus: dict[str, Case], tmp_path: Path) -> None:
    """Every file gets its own verdict; the bad ones do not stop the good ones from being checked."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    picks = ["good", "html-as", "encrypted", "zip-bomb", "xxe", "truncated", "empty"]
    for name in picks:
        c = corpus[name]
        (folder / c.path.name).write_bytes(c.path.read_bytes())
    before = {p.name: sha256(p) for p in folder.iterdir()}
    proc = _cli(folder, "--format", "json", "--out", tmp_path / "out", "--jobs", "2")
    both = proc.stdout + proc.stderr
    assert proc.returncode == 2, both
    assert "Traceback" not in both and PASSWD_MARKER not in both
    import json

    data = json.loads(proc.stdout)
    reports = data if isinstance(data, list) else data.get("files", data.get("reports", []))
    by_name = {Path(r["path"]).name: r for r in reports}
    assert set(by_name) == {corpus[n].path.name for n in picks}
    assert by_name["good.xlsx"]["readable"] is True
    for name in picks[1:]:
        r = by_name[corpus[name].path.name]
        assert r["readable"] is False and r["error"], r
    assert {p.name: sha256(p) for p in folder.iterdir()} == before


# --------------------------------------------------------------------------------------------------
# safe_output_path
# --------------------------------------------------------------------------------------------------

HOSTILE_NAMES = [
    "../../etc/passwd.xlsx",
    "..\\..\\Windows\\win.ini.xlsx",
    "/abs/path/报表.xlsx",
    "....xlsx",
    ".hidden.xlsx",
    "CON.xlsx",
    "nul.checked.xlsx",
    "com1 .xlsx",
    "a\x00b\x1b[31m.xlsx",
    "invoice\u202egpj.xlsx",
    'a<b>c:d"e|f?g*h.xlsx',
    "项目" * 150 + ".xlsx",
    "x" * 300 + ".xlsx",
    "e\u0301" * 120 + ".xlsx",
    ".xlsx",
    "   .xlsx",
    "\u3000绩效自评表（2023）.xlsx",
]


@pytest.mark.parametrize("raw", HOSTILE_NAMES)
def test_safe_output_path_stays_inside(raw: str, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    p = outputs.safe_output_path(Path(raw), out_dir)
    assert p.parent == out_dir
    name = p.name
    assert name.endswith(".checked.xlsx")
    stem = name[: -len(".checked.xlsx")]
    assert stem and not stem.startswith((".", " "))
    assert "/" not in name and "\\" not in name and ".." not in name
    assert all(ch.isprintable() for ch in name)
    assert "\u202e" not in name
    assert len(stem) <= outputs.MAX_NAME_CHARS and len(stem.encode()) <= outputs.MAX_NAME_BYTES
    assert stem.split(".")[0].strip().upper() not in {"CON", "NUL", "COM1"}
    out_dir.mkdir()
    p.write_bytes(b"x")                          # a real file system accepts it
    assert p.resolve().parent == out_dir.resolve()


def test_safe_output_path_keeps_chinese_names(tmp_path: Path) -> None:
    name = outputs.safe_output_path(Path("in/某局 2023 绩效自评表.xlsx"), tmp_path).name
    assert name == "某局 2023 绩效自评表.checked.xlsx"
    long = outputs.safe_output_path(Path("项目" * 150 + ".xlsx"), tmp_path).name
    assert long == "项目" * 30 + ".checked.xlsx"     # 60 CJK characters = 180 UTF-8 bytes, none cut in half


def test_safe_output_path_never_the_input(tmp_path: Path) -> None:
    src = tmp_path / "a.xlsx"
    src.write_bytes(b"x")
    p = outputs.safe_output_path(src, tmp_path, suffix=".xlsx")
    assert p != src and p.parent == tmp_path and p.name == "a-2.xlsx"
    link = tmp_path / "b.checked.xlsx"
    link.symlink_to(src)
    assert outputs.safe_output_path(tmp_path / "b.xlsx", tmp_path).name == "b-2.checked.xlsx"
    with pytest.raises(ValueError):
        outputs.safe_output_path(src, tmp_path, suffix="/../x.xlsx")


# --------------------------------------------------------------------------------------------------
# Readable but wrong: findings, not crashes
# --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def base_form(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean one-project workbook written by the template writer (the builders' base spec, with its
    formulas)."""
    from builders.workbooks import base_spec, write

    return write(tmp_path_factory.mktemp("wrong") / "base.xlsx", base_spec())


def _edited(base: Path, out: Path, cells: dict[str, object], sheet: str = "项目1") -> Path:
    import openpyxl

    wb = openpyxl.load_workbook(base)
    for ref, value in cells.items():
        wb[sheet][ref] = value
    wb.save(out)
    return out


def _findings(path: Path) -> set[tuple[str, str | None, str | None]]:
    from perfcheck import api

    report = api.validate(path, Config(), debug=True)      # debug: any exception fails the test
    assert report.readable, report.error
    assert report.findings
    return {(f.code, f.sheet, f.cell) for f in report.findings}


@needs_reader
def test_base_form_is_clean(base_form: Path) -> None:
    from perfcheck import api

    report = api.validate(base_form, Config(), debug=True)
    assert report.readable and report.findings == []


@needs_reader
def test_no_form_at_all(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"], ws["B5"] = "会议纪要", 123
    wb.save(tmp_path / "minutes.xlsx")
    assert ("PC006", None, None) in _findings(tmp_path / "minutes.xlsx")


@needs_reader
def test_form_missing_half_its_labels(base_form: Path, tmp_path: Path) -> None:
    labels = ["D5", "E5", "F5", "B12", "C12", "D12", "E12", "F12"]
    found = _findings(_edited(base_form, tmp_path / "half.xlsx", dict.fromkeys(labels)))
    assert any(code == "PC005" and sheet == "项目1" for code, sheet, _ in found)


@needs_reader
def test_formulas_without_cached_values(base_form: Path, tmp_path: Path) -> None:
    found = _findings(_edited(base_form, tmp_path / "uncached.xlsx", {}))     # openpyxl drops the values
    assert ("PC009", "项目1", "D6") in found


@needs_reader
def test_date_typed_as_number(base_form: Path, tmp_path: Path) -> None:
    found = _findings(_edited(base_form, tmp_path / "date.xlsx", {"E13": "2023年12月31日前", "F13": 45260}))
    assert ("PC013", "项目1", "F13") in found


@needs_reader
def test_negative_amount(base_form: Path, tmp_path: Path) -> None:
    found = _findings(_edited(base_form, tmp_path / "neg.xlsx", {"F7": -80}))
    assert ("PC003", "项目1", "F7") in found


@needs_reader
def test_error_values_nan_and_inf(base_form: Path, tmp_path: Path) -> None:
    found = _findings(_edited(base_form, tmp_path / "errors.xlsx", {
        "D7": "#DIV/0!", "E7": "#REF!", "H13": "#N/A", "G13": float("nan"), "G14": float("inf"),
        "D8": "NaN", "E8": "-inf", "F8": "1e999"}))
    assert {("PC002", "项目1", "D7"), ("PC002", "项目1", "E7"), ("PC002", "项目1", "H13")} <= found
    cells = {cell for _, sheet, cell in found if sheet == "项目1"}
    assert {"G13", "G14"} <= cells
    assert {"D8", "E8", "F8"} & cells


# --------------------------------------------------------------------------------------------------
# Real .xls and .ods from LibreOffice
# --------------------------------------------------------------------------------------------------

@pytest.mark.libreoffice
def test_real_xls_patched(tmp_path: Path) -> None:
    """Real LibreOffice .xls files, one with its Workbook stream in regular sectors and one in the
    mini stream, pass; patched to claim A1:IV65536 (DIMENSIONS), to hold a cell at IV65536 (LABELSST,
    RK), or to carry a FILEPASS, they are refused at once."""
    from support.lo import convert

    for name, c in hostile.build_lo_xls(tmp_path, convert).items():
        if c.kind is None:
            assert safety.precheck(c.path, Limits()) == "xls", name
            if _have("perfcheck.reader"):
                from perfcheck import api

                report = api.validate(c.path, Config(), debug=True)
                assert report.readable, (name, report.error)
            continue
        with pytest.raises(InputError) as ei:
            safety.precheck(c.path, Limits())
        assert ei.value.kind == c.kind, (name, ei.value.en)
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in ei.value.en)
    with pytest.raises(InputError) as ei:
        safety.precheck(tmp_path / "xls-huge-dimension.xls", Limits())
    assert "65536 rows × 256 columns" in ei.value.en


@pytest.mark.libreoffice
def test_real_xls_and_ods_are_accepted(tmp_path: Path) -> None:
    from support.lo import convert

    for name, c in hostile.build_lo(tmp_path, convert).items():
        assert safety.precheck(c.path, Limits()) == c.fmt, name
        if _have("perfcheck.reader"):
            from perfcheck import api

            report = api.validate(c.path, Config(), debug=True)
            assert report.readable, (name, report.error)
            assert "项目1" in report.sheet_order
