"""Small evidence files generated on the spot (no download, no binary in the repository): a real
PNG photo (a tiny coloured picture), a one-page PDF and an MP4 header that the sniffing table
recognises. Each is distinct per `n`, so every item of evidence has its own digest."""

import struct
import zlib


def png(n: int) -> bytes:
    """An 8×8 RGB picture whose colour depends on n."""
    width = height = 8
    r, g, b = (n * 37) % 256, (n * 91) % 256, (n * 53 + 17) % 256
    row = b"\x00" + bytes((r, g, b)) * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    text = chunk(b"tEXt", b"Comment\x00zhifa-demo-" + str(n).encode())
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + text
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def pdf(n: int) -> bytes:
    """A minimal one-page PDF (a scanned document stands in for it)."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"% zhifa-demo-" + str(n).encode() + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def mp4(n: int) -> bytes:
    """The first boxes of an MP4 file (ftyp, free) with a distinct payload."""
    payload = b"zhifa-demo-" + str(n).encode()
    free = struct.pack(">I", 8 + len(payload)) + b"free" + payload
    return b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + free
