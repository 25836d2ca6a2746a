"""The run: burn-in, branch into baseline and scenario, horizon, outputs; and the Hydra app."""

from __future__ import annotations

from pathlib import Path

from omegaconf import OmegaConf

from sim.config import CountryConfig

CONFIG_DIR = Path(__file__).resolve().parents[1] / "configs"


def load_country(name: str) -> CountryConfig:
    """The country preset `configs/country/<name>.yaml` as a typed object."""
    path = CONFIG_DIR / "country" / f"{name}.yaml"
    if not path.exists():
        available = sorted(p.stem for p in (CONFIG_DIR / "country").glob("*.yaml"))
        raise ValueError(f"unknown country {name!r}: choose one of {available}")
    raw = OmegaConf.load(path)
    raw.pop("defaults", None)
    return OmegaConf.to_object(OmegaConf.merge(OmegaConf.structured(CountryConfig), raw))
