"""Burn-in once (`sim.burn_in_cache`): runs that share what acts before the split reuse one
burned-in economy, with results byte-identical to a fresh burn-in."""

from __future__ import annotations

import dataclasses

from sim import burn_in_cache
from sim.app import compose_config, run
from sim.config import ModelParams, load_country

TINY = ["scale=3000", "burn_in_months=6", "horizon_months=4", "seeds=2", "workers=1", "progress=false"]


def run_into(folder, cache, *extra):
    cfg = compose_config([*TINY, "figures=false", f"paths.cache_dir={cache}", *extra], output_dir=folder)
    return run(cfg)


def test_a_stored_burn_in_gives_the_same_results_as_a_fresh_one_and_serves_other_scenarios(tmp_path):
    cache = tmp_path / "cache"
    fresh = run_into(tmp_path / "fresh", cache, "burn_in_cache=false")
    assert not cache.exists()  # switched off: nothing stored
    first = run_into(tmp_path / "first", cache)
    stored = sorted(cache.glob("*.pkl"))
    assert len(stored) == 2  # one economy per seed
    times = [p.stat().st_mtime_ns for p in stored]
    again = run_into(tmp_path / "again", cache)
    other = run_into(tmp_path / "other", cache, "shock=remittance_collapse")  # another scenario, same economy
    assert (
        sorted(cache.glob("*.pkl")) == stored and [p.stat().st_mtime_ns for p in stored] == times
    )  # read, not rewritten
    for result in (first, again):
        assert result.timeseries.equals(fresh.timeseries)
    for name in ("timeseries.csv", "impacts.csv", "accounts.csv", "summary.json"):
        expected = (tmp_path / "fresh" / name).read_bytes()
        assert (tmp_path / "first" / name).read_bytes() == expected
        assert (tmp_path / "again" / name).read_bytes() == expected
    baseline = lambda r: r.timeseries[r.timeseries["variant"] == "baseline"].reset_index(drop=True)  # noqa: E731
    assert baseline(other).equals(baseline(fresh))  # the baseline does not depend on the scenario
    assert not other.timeseries.equals(fresh.timeseries)


def test_the_key_changes_with_what_acts_before_the_split_only():
    country, model = load_country("kyrgyzstan"), ModelParams()
    base = burn_in_cache.key(country, model, 100, 0, 24)
    assert burn_in_cache.key(country, model, 100, 0, 24) == base
    assert burn_in_cache.key(country, model, 100, 1, 24) != base
    assert burn_in_cache.key(country, model, 50, 0, 24) != base
    assert burn_in_cache.key(country, model, 100, 0, 12) != base
    assert burn_in_cache.key(load_country("kazakhstan"), model, 100, 0, 24) != base
    assert burn_in_cache.key(country, dataclasses.replace(model, couple_sorting_noise=0.5), 100, 0, 24) != base
    assert burn_in_cache.key(dataclasses.replace(country, union_density=None), model, 100, 0, 24) != base


def test_an_unreadable_stored_economy_is_burned_in_again_and_replaced(tmp_path):
    cache = tmp_path / "cache"
    fresh = run_into(tmp_path / "fresh", cache, "burn_in_cache=false")
    run_into(tmp_path / "first", cache)
    for path in cache.glob("*.pkl"):
        path.write_bytes(b"not a pickle")  # a half-written or foreign file
    again = run_into(tmp_path / "again", cache)
    assert again.timeseries.equals(fresh.timeseries)
    assert all(burn_in_cache.load(p) is not None for p in cache.glob("*.pkl"))
