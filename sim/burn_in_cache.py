"""Burn-in once: the economy at the split, kept on disk for the jobs that share it.

Baseline and scenario start from copies of one burned-in economy (`sim.app.simulate_pair`);
shocks and policies act only after the split. Jobs of a sweep that differ only in their
scenario (a shock's size, a policy's lever) therefore burn in the same economy: the first
stores it, the others read it. The key is everything that acts before the split, the country,
the model's parameters, the scale, the seed and the burn-in's months, with the code of the `sim`
package and the versions of Python, NumPy and Mesa, so that a changed model never reads an old state.
A state is written to a temporary file and moved into place, so jobs running side by side never
read half a file; two that burn in the same economy at once both write the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import platform
from pathlib import Path

import mesa
import numpy as np

from sim.results import write_atomically

PACKAGE_DIR = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Digest of every source file of the `sim` package, and of the Python, NumPy and Mesa
    versions; read once a process (a notebook that reloads edited modules should restart)."""
    digest = hashlib.sha256(f"{platform.python_version()} {np.__version__} {mesa.__version__}".encode())
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def key(country, model, scale: float, seed: int, burn_in_months: int) -> str:
    """The name of a burned-in economy: a digest of what acts before the split and of the code."""
    text = repr((country, model, float(scale), int(seed), int(burn_in_months), code_fingerprint()))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def path_for(folder: Path, name: str) -> Path:
    return Path(folder) / f"{name}.pkl"


def load(path: Path):
    """The economy stored at `path`, or None where there is none (or it cannot be read)."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, half-written, foreign or of another layout: burn in afresh
        return None


def store(economy, path: Path) -> None:
    """Write `economy` to `path` through a temporary file of the same folder."""
    write_atomically(path, pickle.dumps(economy, protocol=pickle.HIGHEST_PROTOCOL))
