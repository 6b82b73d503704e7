import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhifa.core.merkle import ChainHead, leaf, merkle_root

A = ChainHead("agency:1", 3, "a" * 64)
B = ChainHead("agency:2", 1, "b" * 64)
C = ChainHead("system", 9, "c" * 64)


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.new("sha256", b"\x01" + left + right).digest()


@pytest.mark.parametrize(
    ("heads", "expected"),
    [
        ([], lambda: hashlib.new("sha256", b"\x00").hexdigest()),
        ([A], lambda: leaf("sha256", A).hex()),
        ([A, B], lambda: _node(leaf("sha256", A), leaf("sha256", B)).hex()),
        # an odd node is carried up unchanged
        (
            [A, B, C],
            lambda: _node(_node(leaf("sha256", A), leaf("sha256", B)), leaf("sha256", C)).hex(),
        ),
    ],
)
def test_root_layout(heads, expected):
    assert merkle_root("sha256", heads) == expected()


def test_leaf_is_the_documented_bytes():
    expected = hashlib.new(
        "sha256", b'\x00["zhifa-anchor/1","agency:1",3,"' + b"a" * 64 + b'"]'
    ).digest()
    assert leaf("sha256", A) == expected


heads = st.lists(
    st.builds(
        ChainHead,
        st.text(min_size=1, max_size=8),
        st.integers(1, 10**6),
        st.text("0123456789abcdef", min_size=64, max_size=64),
    ),
    max_size=12,
    unique_by=lambda h: h.chain,
)


@given(heads, st.randoms())
def test_order_given_does_not_matter(hs, rnd):
    shuffled = list(hs)
    rnd.shuffle(shuffled)
    assert merkle_root("sm3", hs) == merkle_root("sm3", shuffled)


@given(heads.filter(bool), st.data())
def test_any_changed_head_changes_the_root(hs, data):
    i = data.draw(st.integers(0, len(hs) - 1))
    changed = list(hs)
    changed[i] = ChainHead(hs[i].chain, hs[i].seq + 1, hs[i].entry_hash)
    assert merkle_root("sm3", hs) != merkle_root("sm3", changed)
