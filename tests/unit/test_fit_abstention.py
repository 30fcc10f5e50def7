"""The abstention fit's out-of-sample cost: a feature that tells answerable questions apart lowers
it, and pure noise does not buy a lower cost than the informative feature alone."""

import numpy as np

from eval.fit_abstention import cross_validated_cost


def _questions(n: int = 300, seed: int = 0):
    rng = np.random.default_rng(seed)
    answerable = rng.random(n) < 0.7
    cover = np.where(answerable, 0.7, 0.4) + rng.normal(0, 0.15, n)  # informative
    noise = rng.normal(0, 1, (n, 6))  # no information
    return cover, noise, answerable


def test_an_informative_feature_lowers_the_cross_validated_cost():
    cover, noise, answerable = _questions()
    without = cross_validated_cost(noise[:, :1], answerable, ("length",))
    with_cover = cross_validated_cost(np.column_stack([cover, noise[:, :1]]), answerable, ("cover", "length"))
    assert with_cover < without * 0.8


def test_noise_features_do_not_beat_the_informative_one_out_of_sample():
    cover, noise, answerable = _questions()
    alone = cross_validated_cost(cover[:, None], answerable, ("cover",))
    noisy = cross_validated_cost(np.column_stack([cover, noise]), answerable, ("cover",) + ("x",) * 6)
    assert noisy >= alone - 3
