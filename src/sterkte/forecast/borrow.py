"""Arrays handed on inside the compiled forecast kernel without a reference count.

numba counts the references to an array's memory with an atomic operation each time it
hands the array on — to a function, to an inlined one too, and for every view taken of
it. In the kernel's loops over samples that was an atomic pair per binomial draw (the
table of log-factorials handed to the inlined draw). ``borrowed(a, 0)``, compiled, is ``a``
(the same data, shape and strides) without its owner, so handing it on or taking views
of it counts nothing; ``borrowed(a, first)`` also starts its last axis at ``first``: a
block's samples among the ensemble's, indexed from 0, so the kernel's loops over samples
index ``s``, not ``first + s`` (which numba must check for a negative index, and which
kept those loops from running over contiguous memory). Plain Python: ``a[..., first:]``.

Only for arrays whose owner outlives every use of the borrowed one — the kernel's
arguments, which its caller holds until the kernel returns — and, with ``first``, only
indices below ``a.shape[-1] − first`` on the last axis (compiled, the shape is kept).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from sterkte.numba_jit import numba_or_none

F64 = NDArray[np.float64]


def borrowed(a: F64, first: int) -> F64:
    """``a`` (its last axis from ``first`` on), compiled without its reference count."""
    return a[..., first:]


_jit = numba_or_none()
if _jit is not None:
    from numba.core import cgutils as _cgutils
    from numba.core import types
    from numba.extending import intrinsic as _intrinsic
    from numba.extending import overload

    cgutils: Any = _cgutils  # untyped (numba has no annotations)
    intrinsic: Any = _intrinsic

    def _unowned_typer(typingctx: Any, a: Any, first: Any) -> Any:
        if not isinstance(a, types.Array) or not isinstance(first, types.Integer):
            return None

        def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
            out = cgutils.create_struct_proxy(a)(context, builder, value=args[0])
            out.meminfo = cgutils.get_null_value(out.meminfo.type)
            out.parent = cgutils.get_null_value(out.parent.type)
            first_ = context.cast(builder, args[1], signature.args[1], types.intp)
            step = builder.mul(first_, builder.extract_value(out.strides, a.ndim - 1))
            data = builder.ptrtoint(out.data, step.type)
            out.data = builder.inttoptr(builder.add(data, step), out.data.type)
            return out._getvalue()

        return a(a, first), codegen

    _unowned = intrinsic(_unowned_typer)

    # the implementations repeat the overload's signature, annotations included (numba
    # compares them)
    @overload(borrowed, inline="always")
    def _borrowed(a: Any, first: Any) -> Any:
        def impl(a: Any, first: Any) -> Any:
            return _unowned(a, first)

        return impl if isinstance(a, types.Array) else None
