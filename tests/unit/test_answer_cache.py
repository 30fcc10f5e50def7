"""The answer cache: bounded, least recently used out first, and callers never share an answer."""

from assistant.cache import AnswerCache


def test_the_least_recently_used_answer_goes_when_full():
    cache = AnswerCache(2)
    cache.put("a", {"answer": 1})
    cache.put("b", {"answer": 2})
    assert cache.get("a") == {"answer": 1}  # "a" is now the most recent
    cache.put("c", {"answer": 3})
    assert cache.get("b") is None and cache.get("a") == {"answer": 1} and len(cache) == 2
    assert (cache.hits, cache.misses) == (2, 1)


def test_a_caller_changing_its_copy_does_not_change_the_next_one():
    cache = AnswerCache(4)
    answer = {"citations": ["Điều 1"]}
    cache.put("q", answer)
    answer["citations"].append("changed after put")
    got = cache.get("q")
    got["citations"].append("changed after get")
    assert cache.get("q") == {"citations": ["Điều 1"]}


def test_size_zero_keeps_nothing():
    cache = AnswerCache(0)
    cache.put("q", {"answer": 1})
    assert cache.get("q") is None and len(cache) == 0
