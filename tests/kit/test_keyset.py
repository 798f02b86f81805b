from datetime import UTC, datetime

import pytest

from escalada.errors import InvalidInput
from escalada.kit.keyset import decode_cursor, encode_cursor


def test_round_trip():
    value = (3, datetime(2026, 11, 20, 10, 0, tzinfo=UTC), 42)
    assert decode_cursor(encode_cursor(value), kinds=(int, datetime, int)) == value


@pytest.mark.parametrize("bad", ["", "!!!", "bm9wZQ", encode_cursor(("a", "b"))])
def test_bad_cursors_are_invalid_input(bad):
    with pytest.raises(InvalidInput):
        decode_cursor(bad, kinds=(int, datetime, int))
