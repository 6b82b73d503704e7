"""The benchmark Excel import refuses a zip bomb by its declared and by its actual sizes, before
openpyxl inflates it into memory."""

import io
import struct
import zipfile

from zhifa.law import excel

BOMB_SIZE = 60 * 1024 * 1024  # over MAX_UNCOMPRESSED, yet about 60 KB compressed


def bomb(*, lie_about_size: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(BOMB_SIZE // len(chunk)):
                member.write(chunk)
    data = bytearray(buffer.getvalue())
    if lie_about_size:
        # the directory (local header and central directory) declares 1,000 bytes only
        for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            start = 0
            while (at := data.find(signature, start)) >= 0:
                size = struct.unpack_from("<I", data, at + offset)[0]
                if size == BOMB_SIZE:
                    struct.pack_into("<I", data, at + offset, 1000)
                start = at + 4
    return bytes(data)


def test_a_declared_zip_bomb_is_refused():
    content = bomb()
    assert len(content) < 1024 * 1024
    assert "压缩炸弹" in excel.archive_problem(content)
    result = excel.read_workbook(content)
    assert not result.benchmarks and "压缩炸弹" in result.errors[0].reason


def test_a_zip_that_lies_about_its_size_is_refused():
    problem = excel.archive_problem(bomb(lie_about_size=True))
    assert problem is not None


def test_a_real_workbook_passes():
    assert excel.archive_problem(excel.write_workbook()) is None
    assert "xlsx" in excel.archive_problem(b"not a zip")
