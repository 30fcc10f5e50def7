"""Diacritic restoration from the corpus's own syllable statistics."""

import pytest

from index.diacritics import Restorer
from index.vietnamese import normalize

FIXTURE = [
    "Tỷ trọng kinh tế số trong GDP đạt khoảng 30%.",
    "Số lượng doanh nghiệp công nghệ số đạt 100.000 doanh nghiệp.",
    "Bộ Tài chính chủ trì, phối hợp với các bộ, cơ quan ngang bộ.",
    "Cơ sở dữ liệu quốc gia về dân cư được kết nối.",
    "So với năm 2020, tỷ lệ tăng gấp đôi.",
]


@pytest.fixture(scope="module")
def restorer():
    return Restorer.learn(normalize(t) for t in FIXTURE)


def test_restores_from_bigrams(restorer):
    assert restorer.restore("ty trong kinh te so trong gdp") == "tỷ trọng kinh tế số trong gdp"
    assert restorer.restore("bo tai chinh chu tri") == "bộ tài chính chủ trì"
    assert restorer.restore("co so du lieu quoc gia ve dan cu") == "cơ sở dữ liệu quốc gia về dân cư"


def test_context_picks_among_readings(restorer):
    """"so" is "số" after "kinh tế" but stays "so" in "so với"."""
    assert restorer.restore("kinh te so") == "kinh tế số"
    assert restorer.restore("so voi nam 2020") == "so với năm 2020"


def test_question_words_come_back(restorer):
    assert restorer.restore("ty trong la bao nhieu") == "tỷ trọng là bao nhiêu"


def test_text_with_diacritics_is_left_alone(restorer):
    assert not restorer.needs_restoring("tỷ trọng kinh tế so với GDP")
    assert restorer.restore("tỷ trọng kinh tế so với GDP") == "tỷ trọng kinh tế so với GDP"


def test_unknown_words_and_numbers_pass_through(restorer):
    assert restorer.restore("xyz 30% gdp") == "xyz 30% gdp"
