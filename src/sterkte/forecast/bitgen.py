"""The draws of the compiled forecast kernels, from a generator or its bit generator.

``uniform(src)``, ``binomial(src, n, p)`` and ``poisson(src, lam)`` are
``src.random()``, ``int(src.binomial(n, p))`` and ``float(src.poisson(lam))`` for a
``numpy.random.Generator``. Compiled (numba), ``src`` may also be the generator's bit
generator (``gen.bit_generator``): the same functions on the same state, so the same
numbers in the same order — numba's ``Generator`` methods are these functions applied to
``gen.bit_generator`` — without the generator's reference count. numba keeps that count
with an atomic operation each time the generator is handed on; handed on for every draw
it took over a third of the forecast kernel's time, and with two blocks on two threads
the count's cache line went back and forth between the cores.
"""

from __future__ import annotations

from typing import Any, TypeAlias

import numpy as np

from sterkte.numba_jit import numba_or_none

#: a generator, or (compiled) its bit generator
Source: TypeAlias = np.random.Generator | np.random.BitGenerator


def uniform(src: Any) -> float:
    """One uniform draw on [0, 1)."""
    return float(src.random())


def binomial(src: Any, n: int, p: float) -> int:
    """One Binomial(n, p) draw (numpy's, BTPE above mean 30)."""
    return int(src.binomial(n, p))


def poisson(src: Any, lam: float) -> float:
    """One Poisson(lam) draw."""
    return float(src.poisson(lam))


_jit = numba_or_none()
if _jit is not None:
    from numba.core import types
    from numba.extending import overload
    from numba.np.random.distributions import random_binomial, random_poisson
    from numba.np.random.generator_core import next_double

    def _bit(src: Any) -> bool:
        return isinstance(src, types.NumPyRandomBitGeneratorType)

    # the implementations repeat the overloads' signatures, annotations included (numba
    # compares them)
    @overload(uniform, inline="always")
    def _uniform(src: Any) -> Any:
        def bit(src: Any) -> Any:
            return float(next_double(src))  # type: ignore[no-untyped-call]

        def gen(src: Any) -> Any:
            return float(src.random())

        return bit if _bit(src) else gen

    @overload(binomial, inline="always")
    def _binomial(src: Any, n: Any, p: Any) -> Any:
        def bit(src: Any, n: Any, p: Any) -> Any:
            return int(random_binomial(src, n, p))  # type: ignore[no-untyped-call]

        def gen(src: Any, n: Any, p: Any) -> Any:
            return int(src.binomial(n, p))

        return bit if _bit(src) else gen

    @overload(poisson, inline="always")
    def _poisson(src: Any, lam: Any) -> Any:
        def bit(src: Any, lam: Any) -> Any:
            return float(random_poisson(src, lam))  # type: ignore[no-untyped-call]

        def gen(src: Any, lam: Any) -> Any:
            return float(src.poisson(lam))

        return bit if _bit(src) else gen
