"""score_text does work close to linear in its input on every pathological shape of benchmarks/bench_bounded.py."""
from __future__ import annotations

from itertools import pairwise

import pytest

from benchmarks.bench_bounded import SHAPES, time_score, warm_up

# Times are ratios in this one process (the best of 3 runs or more, collector paused), never absolute limits:
# linear work grows 4x from n to 4n and 10x per 10x; the quadratic code before issue 14 grew 15-27x per 4x.

#: From n to 4n characters linear work takes 4x; 8x leaves room for the other helpers' load and cache
#: effects, and the quadratic code measured 15-27x (20 KB -> 80 KB), so it cannot pass.
MAX_RATIO_PER_4X = 8.0
#: Per 10x of input (10 KB -> 100 KB -> 1 MB): linear is 10x, "doubling at most about doubles" is 2^3.3 = 10x,
#: and 25x leaves room for load while a square law (100x) fails.
MAX_GROWTH_PER_10X = 25.0
LIGHT = 20_000
SLOW_SIZES = (10_000, 100_000, 1_000_000)


def _times(shape: str, sizes: tuple[int, ...]) -> list[float]:
    warm_up(shape)
    build = SHAPES[shape][1]
    return [time_score(build(n), once_over=float("inf")) for n in sizes]  # the best of 3 even at 1 MB


@pytest.mark.parametrize("shape", list(SHAPES))
def test_four_times_the_input_takes_at_most_about_four_times_as_long(shape: str) -> None:
    small, large = _times(shape, (LIGHT, 4 * LIGHT))
    assert large <= MAX_RATIO_PER_4X * small, (
        f"{shape}: {LIGHT:,} chars took {small:.4f} s, {4 * LIGHT:,} took {large:.4f} s "
        f"({large / small:.1f}x for 4x the input)")


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(SHAPES))
def test_ten_times_the_input_takes_about_ten_times_as_long_up_to_a_megabyte(shape: str) -> None:
    times = _times(shape, SLOW_SIZES)
    for (n, a), (m, b) in pairwise(zip(SLOW_SIZES, times, strict=True)):
        assert b <= MAX_GROWTH_PER_10X * a, f"{shape}: {n:,} chars took {a:.4f} s, {m:,} took {b:.4f} s"
