"""Settings are read once and checked at start: a wrong value is one clear message naming the variable."""

from pathlib import Path

import pytest

from policyqa.settings import PROJECT_DIR, Settings, SettingsError


def test_defaults_from_an_empty_environment():
    settings = Settings.from_env({})
    assert settings.home == PROJECT_DIR / "var"
    assert (settings.embedder, settings.fusion, settings.top_k, settings.max_question_chars) == ("onnx", "weighted", 10, 500)


def test_values_are_parsed():
    settings = Settings.from_env({"POLICYQA_HOME": "/tmp/x", "POLICYQA_TOP_K": " 7 ", "POLICYQA_FUSION": "rrf",
                                  "POLICYQA_API_KEYS": "a, b,,", "POLICYQA_LLM_TIMEOUT": "2.5"})
    assert settings.home == Path("/tmp/x") and settings.top_k == 7 and settings.fusion == "rrf"
    assert settings.api_keys == ("a", "b") and settings.llm_timeout == 2.5
    assert Settings.from_env({}).answer_cache == 256 and Settings.from_env({"POLICYQA_ANSWER_CACHE": "0"}).answer_cache == 0


@pytest.mark.parametrize("name, value, says", [
    ("POLICYQA_TOP_K", "abc", "POLICYQA_TOP_K='abc' is not a whole number"),
    ("POLICYQA_TOP_K", "0", "POLICYQA_TOP_K=0 must be a whole number of at least 1"),
    ("POLICYQA_FUSION", "best", "POLICYQA_FUSION='best' is not one of: weighted, rrf"),
    ("POLICYQA_EMBEDDER", "e5", "POLICYQA_EMBEDDER='e5' is not one of:"),
    ("POLICYQA_EMBEDDER", "sentence-transformers:", "POLICYQA_EMBEDDER='sentence-transformers:'"),
    ("POLICYQA_MAX_QUESTION_CHARS", "many", "POLICYQA_MAX_QUESTION_CHARS='many' is not a whole number"),
    ("POLICYQA_PUBLIC_RATE_LIMIT", "-1", "POLICYQA_PUBLIC_RATE_LIMIT=-1"),
    ("POLICYQA_ANSWER_CACHE", "-5", "POLICYQA_ANSWER_CACHE=-5 must be 0 (no cache) or more"),
    ("POLICYQA_LLM_TIMEOUT", "soon", "POLICYQA_LLM_TIMEOUT='soon' is not a number"),
])
def test_a_wrong_value_names_the_variable_and_what_it_accepts(name, value, says):
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({name: value})
    assert str(raised.value).startswith(says)
