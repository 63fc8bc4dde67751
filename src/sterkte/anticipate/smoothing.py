"""Spatial kernels on a raster, applied by FFT convolution with zero padding.

Kernels are odd-sized square arrays in cell units; the output at a cell is
the weighted sum of the input around it. Nothing wraps around the raster edge.
"""

from __future__ import annotations

import numpy as np

from sterkte.anticipate.grid import FloatArray


def convolve(raster: FloatArray, kernel: FloatArray) -> FloatArray:
    """Same-size 2-D convolution of ``raster`` with an odd-sized ``kernel``."""
    ky, kx = kernel.shape
    ny, nx = raster.shape
    fy = _fast_len(ny + ky - 1)
    fx = _fast_len(nx + kx - 1)
    spec = np.fft.rfft2(raster, s=(fy, fx)) * np.fft.rfft2(kernel, s=(fy, fx))
    full = np.fft.irfft2(spec, s=(fy, fx))
    oy, ox = ky // 2, kx // 2
    out = full[oy : oy + ny, ox : ox + nx]
    # FFT round-off leaves tiny negative values where the true result is zero.
    return np.where(out < 1e-9, 0.0, out)


def _fast_len(n: int) -> int:
    """Smallest 2^a·3^b·5^c at least ``n`` (FFT-friendly)."""
    best = 1 << (n - 1).bit_length()
    f5 = 1
    while f5 < best:
        f3 = f5
        while f3 < best:
            f2 = f3
            while f2 < n:
                f2 *= 2
            best = min(best, f2)
            f3 *= 3
        f5 *= 5
    return best


def gaussian(bandwidth_cells: float, truncate: float = 3.0) -> FloatArray:
    """Gaussian kernel (std ``bandwidth_cells``) summing to 1."""
    r = max(1, int(np.ceil(truncate * bandwidth_cells)))
    d = np.arange(-r, r + 1, dtype=np.float64)
    g = np.exp(-0.5 * (d / max(bandwidth_cells, 1e-9)) ** 2)
    k = np.outer(g, g)
    return np.asarray(k / k.sum(), dtype=np.float64)


def box(half_width_cells: int) -> FloatArray:
    """Square of ones, ``2h+1`` cells wide: neighbourhood sums."""
    n = 2 * half_width_cells + 1
    return np.ones((n, n), dtype=np.float64)


def inverse_distance(radius_cells: float) -> FloatArray:
    """Prospective-hotspot kernel: ``1 / (1 + d)`` for centre distance ``d <= radius`` (cells)."""
    r = int(np.floor(radius_cells))
    d = np.arange(-r, r + 1, dtype=np.float64)
    dist = np.hypot(d[:, None], d[None, :])
    return np.where(dist <= radius_cells, 1.0 / (1.0 + dist), 0.0)
