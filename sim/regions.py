"""Regions: where people live, which industries employ them, and how far apart they are.

A country's first-level regions (`RegionConfig`: population, unemployment rate, employment
by broad sector, mining and manufacturing value added, centre coordinates, each from
`shared/data/region_facts_*.tsv` with source and year) place the initial economy:

- people by the regions' population shares, and migrants abroad by the regions' published
  counts of labour migrants where there are some (Kyrgyzstan's Batken, Jalal-Abad, Osh and Chui,
  Uzbekistan's regions);
- jobs by a region x sector matrix fitted by iterative proportional fitting (Deming and
  Stephan 1940): its rows are the regions' employment, its columns the national sector
  shares, and its pattern the regions' own broad-sector mix and, within industry, their
  shares of mining and manufacturing value added (a region with twice the national share of
  mining in its output gets twice the national share of extractive jobs within its
  industry). A region without a figure takes the national pattern, said in the preset;
- unemployment by the regions' published rates, scaled so that the national total is the
  preset's (a regional rate of another year keeps its ratio to the national rate of its
  source).

A firm entering a national (tradable) market sets up where its sector's jobs were at start
(the regions' land, deposits, plants and skills), so entry does not dissolve the regions'
industries into their population shares.

Job search reaches the neighbouring regions (those sharing a border with the home region,
`RegionConfig.neighbours`) with a weight that decays exponentially with the great-circle
distance between regional centres (haversine), as applications and commuting fall with
distance (Manning and Petrongolo 2017, AER); a job in a neighbouring region is worth its
wage less a commuting cost that rises with the distance, so workers take such jobs only when
they pay enough more. Regions further away are reached by moving house, not by commuting.

Internal migration: households move between regions at a gross rate calibrated to the
country's published inter-regional migration, spread over destinations by a gravity model
(destination size over distance to a power; Zipf 1946, the workhorse of migration
flows: Greenwood 1997, Handbook of Population and Family Economics, ch. 12). A flow grows
with the destination's expected earnings relative to the origin's (the mean wage times the
chance of a job, Harris and Todaro 1970) beyond their ratio at start: the gaps of the
start are the spatial equilibrium, kept by amenities and housing costs that the model does
not represent (Roback 1982), and migration answers their changes (Blanchard and Katz 1992).
With the gravity flows symmetric in residents at start, regions neither gain nor lose
people by internal migration in an unshocked economy unless their labour markets drift apart.
A household moves with its members abroad: their home, where they remit and return to, is
the household's.

Core objects: `RegionFacts`, `region_facts`, `sector_pattern`, `unemployment_by_region`,
`counts_at_rates`, `regional_wage_levels`, `fit_joint`, `distance_decay`, `migrant_shares`,
`distances_km`, `neighbour_matrix`, `search_mobility`, `commuting_cost`, `draw_regions`,
`expected_earnings`, `gravity_moves`, `move_probabilities`, `choose_destinations`,
`draw_moves`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.config import BROAD_SECTORS, SECTORS, CountryConfig

BROAD_SECTOR_OF: dict[str, str] = {
    "agriculture": "agriculture",
    "extractive": "industry",
    "manufacturing": "industry",
    "construction": "industry",
    "trade_services": "services",
    "ict_business": "services",
    "public": "services",
}
"""Broad sector (of regional statistics) that each model sector belongs to."""

EARTH_RADIUS_KM = 6371.0
"""Mean radius of the Earth (IUGG), for great-circle distances."""


@dataclass(frozen=True)
class RegionFacts:
    """The regions of a preset as arrays, in the preset's order (NaN where not given).

    Attributes:
        keys: Short names (the preset's keys).
        names: Names as the statistics office gives them.
        population_share: Share of the country's population (sums to 1).
        unemployment_rate: Published ILO unemployment rate (fraction), NaN where missing.
        participation_rate: Published labour-force participation rate (fraction), NaN where missing.
        broad_mix: Employment by broad sector (regions x BROAD_SECTORS), NaN rows where missing.
        mining_gva_share: Mining value added / regional product, NaN where missing.
        manufacturing_gva_share: Manufacturing value added / regional product, NaN where missing.
        lat: Latitude of the centre (degrees), NaN where missing.
        lon: Longitude of the centre (degrees), NaN where missing.
        migrants_abroad: Labour migrants from the region (persons), NaN where missing.
        wage_ratio: Mean wage / the national mean of the same source, NaN where missing.
    """

    keys: tuple[str, ...]
    names: tuple[str, ...]
    population_share: np.ndarray
    unemployment_rate: np.ndarray
    participation_rate: np.ndarray
    broad_mix: np.ndarray
    mining_gva_share: np.ndarray
    manufacturing_gva_share: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    migrants_abroad: np.ndarray
    wage_ratio: np.ndarray


def _value(x: float | None) -> float:
    return np.nan if x is None else float(x)


def region_facts(country: CountryConfig) -> RegionFacts:
    """The preset's regions as arrays."""
    regions = list(country.regions.values())
    population = np.array([r.population for r in regions], dtype=float)
    broad = np.full((len(regions), len(BROAD_SECTORS)), np.nan)
    for i, r in enumerate(regions):
        if r.employment_share:
            row = np.array([r.employment_share[b] for b in BROAD_SECTORS], dtype=float)
            broad[i] = row / row.sum()
    return RegionFacts(
        keys=tuple(country.regions),
        names=tuple(r.name for r in regions),
        population_share=population / population.sum(),
        unemployment_rate=np.array([_value(r.unemployment_rate) for r in regions]),
        participation_rate=np.array([_value(r.participation_rate) for r in regions]),
        broad_mix=broad,
        mining_gva_share=np.array([_value(r.mining_gva_share) for r in regions]),
        manufacturing_gva_share=np.array([_value(r.manufacturing_gva_share) for r in regions]),
        lat=np.array([_value(r.lat) for r in regions]),
        lon=np.array([_value(r.lon) for r in regions]),
        migrants_abroad=np.array([_value(r.migrants_abroad) for r in regions]),
        wage_ratio=np.array([_value(r.wage_ratio) for r in regions]),
    )


def fit_joint(row_totals: np.ndarray, col_totals: np.ndarray, pattern: np.ndarray, iterations: int = 200) -> np.ndarray:
    """Iterative proportional fitting (Deming and Stephan 1940): a matrix with the given
    margins and the zeros and relative weights of `pattern`."""
    joint = pattern * np.outer(row_totals, col_totals)
    for _ in range(iterations):
        joint *= (row_totals / np.maximum(joint.sum(axis=1), 1e-300))[:, None]
        joint *= (col_totals / np.maximum(joint.sum(axis=0), 1e-300))[None, :]
    return joint


def distance_decay(distance_km: np.ndarray, elasticity: float) -> np.ndarray:
    """distance^-elasticity between regions (zero diagonal); centres that coincide (a region
    administered from the city it surrounds) take the shortest distance between two distinct
    centres, unknown distances the median (`filled_distances`)."""
    d = filled_distances(distance_km)
    off = ~np.eye(len(d), dtype=bool)
    positive = d[off & (d > 0)]
    d = np.maximum(d, positive.min() if len(positive) else 1.0)
    return np.where(off, d ** (-elasticity), 0.0)


def _relative(concentration: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Each region's value over the weighted mean of the regions that have one; 1 where missing."""
    known = ~np.isnan(concentration)
    if not known.any():
        return np.ones_like(concentration)
    mean = np.average(concentration[known], weights=weight[known])
    if mean <= 0:
        return np.ones_like(concentration)
    return np.where(known, concentration / mean, 1.0)


def sector_pattern(facts: RegionFacts, national_share: np.ndarray, regional_employment: np.ndarray) -> np.ndarray:
    """Relative weight of each sector's jobs in each region (regions x SECTORS), the pattern
    that iterative proportional fitting scales to the regional and national totals.

    A region's weight for a sector is its broad-sector share (the national one where the
    region has none) times the sector's national share within its broad sector; within
    industry, extractive and manufacturing weights are further scaled by the region's share
    of mining and manufacturing value added relative to the employment-weighted mean of the
    regions that publish one.
    """
    national_share = np.asarray(national_share, dtype=float)
    group = np.array([BROAD_SECTORS.index(BROAD_SECTOR_OF[s]) for s in SECTORS])
    national_broad = np.bincount(group, weights=national_share, minlength=len(BROAD_SECTORS))
    broad = np.where(np.isnan(facts.broad_mix), national_broad[None, :], facts.broad_mix)
    within = np.divide(
        national_share, national_broad[group], out=np.zeros_like(national_share), where=national_broad[group] > 0
    )
    pattern = broad[:, group] * within[None, :]
    industry = pattern[:, group == BROAD_SECTORS.index("industry")].sum(axis=1)
    for sector, gva in (("extractive", facts.mining_gva_share), ("manufacturing", facts.manufacturing_gva_share)):
        pattern[:, SECTORS.index(sector)] *= _relative(gva, regional_employment)
    # rescale industry's sectors so that the region's industry total stays as published
    in_industry = group == BROAD_SECTORS.index("industry")
    scaled = pattern[:, in_industry].sum(axis=1)
    pattern[:, in_industry] *= np.divide(industry, scaled, out=np.ones_like(industry), where=scaled > 0)[:, None]
    return pattern


def regional_wage_levels(published_ratio: np.ndarray, region: np.ndarray, wage: np.ndarray) -> np.ndarray:
    """Factor on each region's wages that gives its mean wage (of employees, `wage` by the
    region they live in) the published ratio to the national mean, the national mean kept:
    regions with a ratio get it, the others a common factor that keeps the national mean
    (their ratios to each other as the composition of their jobs makes them). Where the
    published regions alone would move the national mean (too few others, or none), every
    factor is scaled to keep it."""
    n = len(published_ratio)
    count = np.bincount(region, minlength=n).astype(float)
    total = np.bincount(region, weights=wage, minlength=n)
    national = total.sum() / max(count.sum(), 1.0)
    mean = np.divide(total, count, out=np.full(n, national), where=count > 0)
    known = ~np.isnan(published_ratio)
    factor = np.where(known, np.nan_to_num(published_ratio) * national / np.maximum(mean, 1e-12), 1.0)
    rest = total[~known].sum()
    if rest > 0:
        common = (total.sum() - (factor * total)[known].sum()) / rest
        if common > 0.5:  # the others absorb the difference
            return np.where(known, factor, common)
    return factor * total.sum() / max((factor * total).sum(), 1e-12)


def migrant_shares(facts: RegionFacts, national_migrants: float) -> np.ndarray:
    """Share of the country's migrants abroad who come from each region: the published
    regional counts, and the rest of the national count split among the regions without one
    by their population (the population shares where no region publishes a count)."""
    known = ~np.isnan(facts.migrants_abroad)
    if not known.any():
        return facts.population_share.copy()
    counts = np.where(known, facts.migrants_abroad, 0.0)
    rest = max(national_migrants - counts.sum(), 0.0)
    unknown_population = facts.population_share[~known].sum()
    if unknown_population > 0:
        counts[~known] = rest * facts.population_share[~known] / unknown_population
    return counts / counts.sum()


def unemployment_by_region(facts: RegionFacts, labour_force: np.ndarray, unemployed: int) -> np.ndarray:
    """Unemployed persons by region: the published regional rates (the national rate where a
    region has none) times a common factor that makes them add up to `unemployed`, then
    rounded to whole persons by largest remainder (capped at each region's labour force)."""
    return counts_at_rates(facts.unemployment_rate, labour_force, unemployed)


def counts_at_rates(published: np.ndarray, base: np.ndarray, total: int) -> np.ndarray:
    """Persons by region in a state with published regional rates (unemployment among the
    labour force, participation among residents ...): each region's rate (the base-weighted
    mean of the known rates where it has none) times its base, times a common factor that makes
    them add up to `total`, rounded to whole persons by largest remainder and capped at the
    base."""
    base = np.asarray(base, dtype=float)
    total = int(total)
    national = total / max(base.sum(), 1.0)
    known = ~np.isnan(published)
    if known.any():
        # missing regions take the rate of the known ones' weighted mean
        reference = np.average(published[known], weights=np.maximum(base[known], 1e-12))
        rate = np.where(known, published, reference)
    else:
        rate = np.full(len(base), national)
    raw_total = np.dot(rate, base)
    expected = rate * base * (total / raw_total if raw_total > 0 else 0.0)
    counts = np.minimum(np.floor(expected), base).astype(np.int64)
    short = total - int(counts.sum())
    room = base - counts
    order = np.argsort(-(expected - counts) - (room <= 0) * 1e9, kind="stable")
    for i in order:
        if short <= 0:
            break
        if room[i] > 0:
            counts[i] += 1
            short -= 1
    return counts


def distances_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Great-circle distances between region centres (km, haversine); NaN where a centre is
    missing, 0 on the diagonal."""
    phi, lam = np.radians(np.asarray(lat, dtype=float)), np.radians(np.asarray(lon, dtype=float))
    dphi = phi[:, None] - phi[None, :]
    dlam = lam[:, None] - lam[None, :]
    a = np.sin(dphi / 2) ** 2 + np.cos(phi)[:, None] * np.cos(phi)[None, :] * np.sin(dlam / 2) ** 2
    d = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    np.fill_diagonal(d, 0.0)
    return d


def neighbour_matrix(keys: tuple[str, ...], neighbours: dict[str, list[str]]) -> np.ndarray:
    """Which regions share a border (regions x regions, symmetric, True on the diagonal).

    A pair counts when either region lists the other. A country whose regions list no
    neighbours at all has every pair adjacent (commuting then limited by its cost alone).
    """
    index = {k: i for i, k in enumerate(keys)}
    adjacent = np.eye(len(keys), dtype=bool)
    if not any(neighbours.get(k) for k in keys):
        return np.ones((len(keys), len(keys)), dtype=bool)
    for key, theirs in neighbours.items():
        for other in theirs:
            adjacent[index[key], index[other]] = adjacent[index[other], index[key]] = True
    return adjacent


def search_mobility(
    distance_km: np.ndarray, cross_region_weight: float, distance_scale_km: float, adjacent: np.ndarray | None = None
) -> np.ndarray:
    """Weight of a vacancy in region j for a job seeker living in region i (regions x regions):
    1 at home, `cross_region_weight` x exp(-distance / `distance_scale_km`) in a neighbouring
    region (`adjacent`; every region where None), 0 beyond commuting range.

    A pair whose distance is unknown takes the median known distance (`filled_distances`).
    """
    mobility = cross_region_weight * np.exp(-filled_distances(distance_km) / distance_scale_km)
    if adjacent is not None:
        mobility = np.where(adjacent, mobility, 0.0)
    np.fill_diagonal(mobility, 1.0)
    return mobility


def filled_distances(distance_km: np.ndarray) -> np.ndarray:
    """Distances with the unknown ones (a centre missing from the gazetteer) set to the
    median of the known distances between different regions."""
    d = np.array(distance_km, dtype=float)
    known = ~np.eye(len(d), dtype=bool) & ~np.isnan(d)
    d[np.isnan(d)] = np.median(d[known]) if known.any() else 0.0
    return d


def commuting_cost(distance_km: np.ndarray, cost_per_km: float) -> np.ndarray:
    """Share of the wage a worker gives up to commute from region i to a job in region j
    (regions x regions): `cost_per_km` x the distance between their centres, at most 1;
    0 at home. A cost in time and effort, not a payment: it enters the worker's choice, not
    the accounts."""
    return np.clip(cost_per_km * filled_distances(distance_km), 0.0, 1.0) * (1.0 - np.eye(len(distance_km)))


def draw_regions(region_share: np.ndarray, uniform: np.ndarray) -> np.ndarray:
    """One region per row of `region_share` (rows of regional shares), by inverting each row's
    cumulative distribution at the matching `uniform` draw in [0, 1)."""
    cumulative = np.cumsum(region_share, axis=1)
    draw = uniform[:, None] * cumulative[:, -1:]
    return np.minimum((cumulative <= draw).sum(axis=1), region_share.shape[1] - 1)


def expected_earnings(mean_wage: np.ndarray, unemployment_rate: np.ndarray) -> np.ndarray:
    """What a member of a region's labour force expects to earn a month: the mean wage times
    the chance of having a job (Harris and Todaro 1970)."""
    return np.asarray(mean_wage, dtype=float) * (1.0 - np.asarray(unemployment_rate, dtype=float))


def gravity_moves(
    resident_share: np.ndarray, distance_km: np.ndarray, distance_elasticity: float, monthly_rate: float
) -> np.ndarray:
    """Monthly chance that a household of region i moves to region j at start (regions x
    regions, zero diagonal): proportional to j's share of the country's residents over the
    distance to the power `distance_elasticity`, scaled so that the country's residents move
    at `monthly_rate` on average (a household moves with all its residents).

    Pairs whose centres coincide (a region administered from the city it surrounds) take the
    shortest distance between two distinct centres; unknown distances the median
    (`filled_distances`). As many residents move from i to j as from j to i, so the regions
    keep their people.
    """
    share = np.asarray(resident_share, dtype=float)
    weight = share[None, :] * distance_decay(distance_km, distance_elasticity)
    total = float(share @ weight.sum(axis=1))
    return weight * (monthly_rate / total) if total > 0 else weight


def move_probabilities(
    base: np.ndarray,
    expected: np.ndarray,
    expected_start: np.ndarray,
    income_elasticity: float,
    max_rate: float = 0.05,
) -> np.ndarray:
    """Monthly chance that a household of region i moves to region j: the gravity flow at
    start times (the destination's expected earnings relative to the origin's, over that
    ratio at start) to the power `income_elasticity`; each region's chances to leave sum to
    at most `max_rate`."""
    relative = np.log(np.maximum(expected, 1e-12) / np.maximum(expected_start, 1e-12))
    gap = relative[None, :] - relative[:, None]
    probability = base * np.exp(income_elasticity * gap)
    leaving = probability.sum(axis=1, keepdims=True)
    return probability * np.minimum(1.0, max_rate / np.maximum(leaving, 1e-300))


def choose_destinations(origin: np.ndarray, probability: np.ndarray, uniform: np.ndarray) -> np.ndarray:
    """Destination of each household (its region index, or -1 if it stays), by inverting its
    origin's row of `probability` at the household's `uniform` draw in [0, 1)."""
    cumulative = np.cumsum(probability, axis=1)
    destination = np.full(len(origin), -1, dtype=np.int64)
    moving = np.flatnonzero(uniform < cumulative[origin, -1])
    if len(moving):
        rows = cumulative[origin[moving]]
        destination[moving] = np.minimum((rows <= uniform[moving, None]).sum(axis=1), len(probability) - 1)
    return destination


def draw_moves(origin: np.ndarray, probability: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Which households move this month and where: (household indices, destinations).

    Each household of region i moves to region j with chance `probability[i, j]`, drawn by
    thinning, as few move in a month: a binomial number of households picked at random at
    the highest chance to leave of any region, each kept with its own region's chance
    relative to that (`choose_destinations` on a uniform draw scaled to it).
    """
    leaving = probability.sum(axis=1)
    top = float(leaving.max()) if len(leaving) else 0.0
    if top <= 0.0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    picked = rng.choice(len(origin), size=rng.binomial(len(origin), top), replace=False)
    destination = choose_destinations(origin[picked], probability, rng.random(len(picked)) * top)
    moving = destination >= 0
    return picked[moving], destination[moving]
