import io
import zipfile

import pytest

from compiler.package.zipper import BadSourceDateEpoch, fixed_timestamp, zip_bytes

FILES = {"b.txt": b"bee", "a/index.html": b"<p>hi</p>" * 50, "assets/x.js": b"x()"}


def test_same_files_give_same_bytes_whatever_the_insertion_order():
    reordered = dict(reversed(list(FILES.items())))
    assert zip_bytes(FILES, {}) == zip_bytes(reordered, {})


def test_entries_are_sorted_deflated_with_fixed_time_and_mode():
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(FILES, {})))
    infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(FILES)
    for info in infos:
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert (info.external_attr >> 16) & 0o777 == 0o644
    assert archive.read("a/index.html") == FILES["a/index.html"]


def test_source_date_epoch_changes_only_the_timestamps():
    plain = zip_bytes(FILES, {})
    dated = zip_bytes(FILES, {"SOURCE_DATE_EPOCH": "1700000000"})
    assert plain != dated
    assert len(plain) == len(dated)
    infos = zipfile.ZipFile(io.BytesIO(dated)).infolist()
    assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}
    for name in FILES:
        assert zipfile.ZipFile(io.BytesIO(dated)).read(name) == FILES[name]


@pytest.mark.parametrize("epoch,stamp", [
    ("0", (1980, 1, 1, 0, 0, 0)), ("-5", (1980, 1, 1, 0, 0, 0)),  # zips start in 1980
    (" 1700000000\n", (2023, 11, 14, 22, 13, 20)),
    ("99999999999", (2107, 12, 31, 23, 59, 58)),  # and end in 2107
    ("100000000000000000000", (2107, 12, 31, 23, 59, 58)),  # beyond what the clock can count
])
def test_epochs_a_zip_cannot_hold_are_clamped_to_1980_and_2107(epoch, stamp):
    assert fixed_timestamp({"SOURCE_DATE_EPOCH": epoch}) == stamp


@pytest.mark.parametrize("epoch", ["yesterday", "1.5e9", "2024-01-01", "１７００"])
def test_an_epoch_that_is_not_a_whole_number_is_refused(epoch):
    with pytest.raises(BadSourceDateEpoch, match="not a whole number of seconds"):
        fixed_timestamp({"SOURCE_DATE_EPOCH": epoch})
