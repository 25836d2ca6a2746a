"""Household formation: who lives with whom, by age and kinship, at a survey's sizes and types.

The persons aged 15 and over of each region are grouped into the household types of the
preset's survey (the UN Database on Household Size and Composition, from DHS and MICS
surveys and censuses): one person, couple only, couple with children, single parent, and
extended families (relatives beyond the nuclear family, several generations among them).
Persons aged 15-24 (`AgeGroup.YOUTH`), 25-54 (`PRIME`) and 55+ (`OLDER`) take the places
that their age gives them in those types, in this order:

1. Older persons live alone and as couples without others at the survey's shares of persons
   aged 60+ (the nearest published age band to the model's 55+); the others live with their
   children, as the senior generation of the extended families.
2. The other places of household heads (the person living alone, the couples, the single
   parent) go to persons aged 25-54, then to the young, then to older persons, so that the
   young head households only where the middle-aged are too few to.
3. Couples are formed within a region and age group, assortatively by skill (spouses sorted
   on skill plus a normal noise, `couple_sorting_noise`, and paired in that order): the
   educational homogamy of marriage markets (Schwartz and Mare 2005; Eika, Mogstad and Zafar
   2019).
4. The persons left, the young and the middle-aged who live with their parents or other
   relatives, and the children aged 0-14 (`children_share` of the population: not simulated
   persons, counted per household), join the families: first one to each family that needs
   one to be of its type (a couple or a single parent with children, an extended family with
   a relative), the rest at random among the families.
5. Migrants abroad belong to a household of their region with more than one place (a spouse
   or a child away), drawn at random: they are not counted in its size, as surveys count usual
   residents.

The number of households of a region is its residents (aged 15+ and children) over the
survey's mean size, split among the types at the survey's shares; sizes, types and the
children's share therefore match the survey by construction (`composition`), and the older
persons' living arrangements as far as the types leave room for them.

While the model runs, households keep the ages they were formed with (`renew`): persons age
one at a time, and one whose age no longer fits a place of their home swaps homes with a
person of the region whose age fits it, the cross-section of a stationary population.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum

import numpy as np

from sim.workers import AgeGroup


class HouseholdType(IntEnum):
    """Household type of the UN database (its "non-relatives" counted with the extended)."""

    ONE_PERSON = 0
    COUPLE_ONLY = 1
    COUPLE_WITH_CHILDREN = 2
    SINGLE_PARENT = 3
    EXTENDED = 4
    FOREIGN_WORKER = 5  # a foreign worker here, a household of one (`sim.markets.immigration`)
    UNCLASSIFIED = 6  # formed at random, where the preset has no household survey


HOUSEHOLD_TYPE_KEYS = ("one_person", "couple_only", "couple_with_children", "single_parent", "extended")
"""The survey's types in `HouseholdType` order, as `sim.config.HouseholdTypes` names them."""

SIZE_DISPERSIONS = (0.5, 1.0, 2.0, 4.0, 8.0, np.inf)
"""Spreads of family sizes tried by `fit_size_dispersion`."""

HEADS = np.array([1, 2, 2, 1, 2, 1, 1])
"""Household heads of each type: the person alone, the couple, the single parent."""

FAMILY = (HouseholdType.COUPLE_WITH_CHILDREN, HouseholdType.SINGLE_PARENT, HouseholdType.EXTENDED)
"""Types whose households take children and relatives."""


@dataclass(frozen=True)
class Composition:
    """What households are to be like (`sim.config.HouseholdSurvey` in the model's terms).

    Attributes:
        mean_size: Residents per household, children included (persons).
        type_shares: Share of households of each `HouseholdType` below FOREIGN_WORKER (sums to 1).
        older_alone: Share of older persons who live alone (fraction).
        older_couple_only: Share of older persons who live with their partner only (fraction).
        children_per_adult: Children aged 0-14 per resident aged 15+.
        couple_sorting_noise: Standard deviation of the noise added to skill levels (0, 1, 2)
            before spouses are paired in order: 0 pairs equal skills wherever it can, a large
            value pairs at random.
        size_dispersion: Shape of the gamma-distributed weight (mean 1) with which each family
            draws the members placed at random (step 4): small values spread sizes (many
            small and many large families), infinity places them evenly (`fit_size_dispersion`).
    """

    mean_size: float
    type_shares: np.ndarray
    older_alone: float
    older_couple_only: float
    children_per_adult: float
    couple_sorting_noise: float
    size_dispersion: float = np.inf


@dataclass(frozen=True)
class Formed:
    """Households formed from a population.

    Attributes:
        household: Household index of every person given (-1 for none: nobody is left out).
        region: Region of each household.
        kind: `HouseholdType` of each household.
        children: Children aged 0-14 of each household.
        head: Whether each person heads their household (lives alone, or is one of its couple
            or its single parent); the others are its children and relatives.
    """

    household: np.ndarray
    region: np.ndarray
    kind: np.ndarray
    children: np.ndarray
    head: np.ndarray | None = None


def allocate(total: int, shares: np.ndarray) -> np.ndarray:
    """Split an integer total into integer counts proportional to shares (largest remainder)."""
    raw = total * np.asarray(shares, dtype=float) / np.sum(shares)
    counts = np.floor(raw).astype(np.int64)
    counts[np.argsort(counts - raw)[: total - counts.sum()]] += 1
    return counts


def pair_by_skill(persons: np.ndarray, skill: np.ndarray, noise: float, rng: np.random.Generator) -> np.ndarray:
    """Couples of `persons` (an even number), assortative by skill: sorted on skill plus a
    normal noise of standard deviation `noise`, neighbours marry. Returns pairs as rows."""
    key = skill[persons] + rng.normal(0.0, noise, len(persons))
    return persons[np.argsort(key, kind="stable")].reshape(-1, 2)


def form_region(
    age_group: np.ndarray, skill: np.ndarray, composition: Composition, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Households of one region's residents aged 15+, given their age groups and skills.

    Returns the household (0, 1, ...) of each person, the type of each household, its
    children aged 0-14, and whether each person heads their household (lives alone, or is one
    of its couple or its single parent)."""
    c = composition
    n = len(age_group)
    children_total = int(round(n * c.children_per_adult))
    counts = allocate(max(1, int(round((n + children_total) / c.mean_size))), c.type_shares)
    heads = HEADS[: len(counts)]
    while (counts * heads).sum() > n and counts.sum() > 1:  # too few persons for the heads
        counts[np.argmax(counts * heads)] -= 1
    if (counts * heads).sum() > n:  # a region of one person: they live alone
        counts[:] = 0
        counts[HouseholdType.ONE_PERSON] = 1
    kind = np.repeat(np.arange(len(counts), dtype=np.int8), counts)
    first = np.r_[0, np.cumsum(counts)]  # first household of each type
    by_age = [rng.permutation(np.flatnonzero(age_group == a)) for a in range(len(AgeGroup))]

    # 1. older persons alone and in couples at the survey's shares
    older = by_age[AgeGroup.OLDER]
    n_alone = min(int(round(c.older_alone * len(older))), counts[HouseholdType.ONE_PERSON])
    n_couples = min(int(round(c.older_couple_only * len(older) / 2)), counts[HouseholdType.COUPLE_ONLY])
    older_pairs = pair_by_skill(older[n_alone : n_alone + 2 * n_couples], skill, c.couple_sorting_noise, rng)
    # 2. the other heads: the middle-aged first, then the young, then the old
    pool = np.concatenate([by_age[AgeGroup.PRIME], by_age[AgeGroup.YOUTH], older[n_alone + 2 * n_couples :]])
    single_places = counts[HouseholdType.ONE_PERSON] - n_alone + counts[HouseholdType.SINGLE_PARENT]
    couple_places = counts[HouseholdType.COUPLE_ONLY] - n_couples + counts[HouseholdType.COUPLE_WITH_CHILDREN]
    couple_places += counts[HouseholdType.EXTENDED]
    singles = pool[:single_places]
    partners = pool[single_places : single_places + 2 * couple_places]
    left = pool[single_places + 2 * couple_places :]
    # 3. couples within an age group, by skill; the odd ones of the groups pair across them
    groups = [partners[age_group[partners] == a] for a in range(len(AgeGroup))]
    across = np.concatenate([g[len(g) - len(g) % 2 :] for g in groups])
    groups = [g[: len(g) - len(g) % 2] for g in groups] + [across]
    pairs = np.concatenate([pair_by_skill(g, skill, c.couple_sorting_noise, rng) for g in groups])
    pairs = pairs[rng.permutation(len(pairs))]

    household = np.full(n, -1, dtype=np.int64)
    household[older[:n_alone]] = first[HouseholdType.ONE_PERSON] + np.arange(n_alone)
    household[singles] = np.r_[
        first[HouseholdType.ONE_PERSON] + np.arange(n_alone, counts[HouseholdType.ONE_PERSON]),
        first[HouseholdType.SINGLE_PARENT] + np.arange(counts[HouseholdType.SINGLE_PARENT]),
    ]
    household[older_pairs.ravel()] = np.repeat(first[HouseholdType.COUPLE_ONLY] + np.arange(n_couples), 2)
    couple_households = np.r_[
        first[HouseholdType.COUPLE_ONLY] + np.arange(n_couples, counts[HouseholdType.COUPLE_ONLY]),
        np.arange(first[HouseholdType.COUPLE_WITH_CHILDREN], first[HouseholdType.SINGLE_PARENT]),
        np.arange(first[HouseholdType.EXTENDED], first[HouseholdType.EXTENDED + 1]),
    ]
    household[pairs.ravel()] = np.repeat(couple_households, 2)

    # 4. older persons left live with their children (the extended families), the young and
    # middle-aged left and the children aged 0-14 with the families: first one to each family
    # that has nobody beyond its heads, the rest at random among them
    families = np.flatnonzero(np.isin(kind, FAMILY))
    hosts = families if len(families) else np.arange(len(kind))
    extended = np.flatnonzero(kind == HouseholdType.EXTENDED)
    seniors = left[age_group[left] == AgeGroup.OLDER]
    juniors = rng.permutation(left[age_group[left] != AgeGroup.OLDER])
    senior_hosts = extended if len(extended) else hosts
    household[seniors] = np.r_[
        senior_hosts[: len(seniors)], rng.choice(senior_hosts, max(len(seniors) - len(senior_hosts), 0))
    ]
    has_other = np.zeros(len(kind), dtype=bool)
    has_other[household[seniors]] = True
    needy = rng.permutation(families[~has_other[families]])
    children = np.zeros(len(kind), dtype=np.int64)
    children[needy[:children_total]] = 1
    relatives = needy[children_total:][: len(juniors)]
    household[juniors[: len(relatives)]] = relatives
    weight = None
    if np.isfinite(c.size_dispersion):
        weight = rng.gamma(c.size_dispersion, 1.0, len(hosts))
        weight /= weight.sum()
    household[juniors[len(relatives) :]] = rng.choice(hosts, len(juniors) - len(relatives), p=weight)
    children += np.bincount(rng.choice(hosts, children_total - children.sum(), p=weight), minlength=len(kind))
    head = np.zeros(n, dtype=bool)
    head[older[: n_alone + 2 * n_couples]] = True
    head[singles] = True
    head[pairs.ravel()] = True
    return household, kind, children, head


def form_households(
    region: np.ndarray,
    age_group: np.ndarray,
    skill: np.ndarray,
    abroad: np.ndarray,
    composition: Composition,
    rng: np.random.Generator,
) -> Formed:
    """Households of a population, region by region (`form_region`); persons `abroad` (a
    mask) belong to a household of their region with two places or more, drawn at random."""
    n = len(region)
    household = np.full(n, -1, dtype=np.int32)
    head = np.zeros(n, dtype=bool)
    regions, kinds, children = [], [], []
    offset = 0
    for r in np.unique(region):
        here = np.flatnonzero((region == r) & ~abroad)
        away = np.flatnonzero((region == r) & abroad)
        if len(here):
            local, kind, kids, heads = form_region(age_group[here], skill[here], composition, rng)
            household[here] = offset + local
            head[here] = heads
        else:  # only migrants from this region: they share one household
            kind, kids = np.array([HouseholdType.ONE_PERSON], dtype=np.int8), np.zeros(1, dtype=np.int64)
        if len(away):
            hosts = np.flatnonzero(kind != HouseholdType.ONE_PERSON)
            hosts = hosts if len(hosts) else np.arange(len(kind))
            household[away] = offset + rng.choice(hosts, len(away))
        regions.append(np.full(len(kind), r, dtype=np.int8))
        kinds.append(kind)
        children.append(kids)
        offset += len(kind)
    return Formed(
        household,
        np.concatenate(regions) if regions else np.zeros(0, dtype=np.int8),
        np.concatenate(kinds) if kinds else np.zeros(0, dtype=np.int8),
        np.concatenate(children).astype(np.int32) if children else np.zeros(0, dtype=np.int32),
        head,
    )


def fit_size_dispersion(
    region: np.ndarray,
    age_group: np.ndarray,
    skill: np.ndarray,
    abroad: np.ndarray,
    composition: Composition,
    size_shares: np.ndarray,
    rng: np.random.Generator,
) -> Composition:
    """`composition` with the `size_dispersion` among SIZE_DISPERSIONS whose households come
    closest to the survey's shares of households of 1, 2-3, 4-5 and 6+ residents (least
    squares), each tried on the same draws (a copy of `rng`, which is left where it was)."""
    state = rng.bit_generator.state
    best, best_error = composition, np.inf
    for dispersion in SIZE_DISPERSIONS:
        trial = replace(composition, size_dispersion=dispersion)
        probe = np.random.Generator(type(rng.bit_generator)())
        probe.bit_generator.state = state
        formed = form_households(region, age_group, skill, abroad, trial, probe)
        error = float(np.sum((measure_composition(formed, age_group, ~abroad).size_shares - size_shares) ** 2))
        if error < best_error:
            best, best_error = trial, error
    return best


RENEWAL_ROUNDS = 3
"""Passes over the age groups in a month: a swap may leave the household that gave a person
short of another age, which the next pass fills."""


def age_profile(household: np.ndarray, age_group: np.ndarray, n_households: int) -> np.ndarray:
    """Members of each household aged 15-24, 25-54 and 55+ (`AgeGroup`), resident or abroad:
    an (n_households, 3) table."""
    key = household.astype(np.int64) * len(AgeGroup) + age_group
    return np.bincount(key, minlength=n_households * len(AgeGroup)).reshape(n_households, len(AgeGroup))


def renew(
    household: np.ndarray,
    age_group: np.ndarray,
    skill: np.ndarray,
    movable: np.ndarray,
    profile: np.ndarray,
    region: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Each person's household after the month's homes are renewed: a person whose age no longer
    fits a place of their home (`profile`, the members of each age group it was formed with)
    swaps homes with a person of the same region whose age fits it and who, in turn, fits a
    place short in this one; of the same skill where one can be found, so that the sorting of
    spouses by skill is kept. `movable`: persons at home (those abroad keep their homes);
    `region`: each household's.

    Persons age one at a time, households do not: a parent turning 55 in a family with children
    and an older person who dies in a couple of pensioners leave two homes each with an age
    out of place. Left so, every home would drift towards the population's age mix in twenty
    years (Bosnia and Herzegovina: pensioners per couple with children 0.14 to 0.73, and the
    at-risk-of-poverty rate down 6.5 points, as pensions spread from the older households to
    the families). The swap keeps the survey's age mix of every household type, hence who
    lives with pensioners, with earners and alone, for as long as the model runs: the
    cross-section of a stationary population, whose families follow one another through the
    same homes. What it leaves out: a family is not followed through its life cycle (a person
    who ages out of their place lives on in another home of the region). Persons stay out of
    place only where their region has more of their age than its homes have places for."""
    household = household.copy()
    n_households, n_groups = profile.shape
    excess = age_profile(household, age_group, n_households) - profile
    unsettled = np.flatnonzero((excess != 0).any(axis=1)[household] & movable)  # the only persons who may move
    same_skill = region.astype(np.int64)[household] * (int(skill.max(initial=0)) + 1) + skill
    for _ in range(RENEWAL_ROUNDS):
        for group in range(n_groups):
            for cell in (same_skill, region[household]):
                own = household[unsettled]
                # givers: persons of `group` whose home has more of it than its places
                giver = unsettled[(age_group[unsettled] == group) & (excess[own, group] > 0)]
                # takers: homes short of `group`, each through a person whose own age is in excess there
                taker = unsettled[(excess[own, group] < 0) & (excess[own, age_group[unsettled]] > 0)]
                giver, taker = one_per_household(giver, household, rng), one_per_household(taker, household, rng)
                a, b = pair_within(giver, taker, cell[giver], cell[taker], rng)
                if len(a) == 0:
                    continue
                home_a, home_b = household[a], household[b]
                np.add.at(excess, (home_a, age_group[a]), -1)
                np.add.at(excess, (home_b, age_group[b]), -1)
                np.add.at(excess, (home_b, age_group[a]), 1)
                np.add.at(excess, (home_a, age_group[b]), 1)
                household[a], household[b] = home_b, home_a
    return household


def one_per_household(persons: np.ndarray, household: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One of `persons` drawn at random in each household that has any."""
    shuffled = persons[rng.permutation(len(persons))]
    _, first = np.unique(household[shuffled], return_index=True)
    return shuffled[first]


def pair_within(
    a: np.ndarray, b: np.ndarray, cell_a: np.ndarray, cell_b: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of `a` and `b` of the same cell (region, or region and skill) drawn at random, as
    many as the fewer of the two has in each cell."""

    def ranked(cell: np.ndarray) -> np.ndarray:
        order = np.lexsort((rng.random(len(cell)), cell))
        sorted_cell = cell[order].astype(np.int64)
        start = np.r_[True, sorted_cell[1:] != sorted_cell[:-1]] if len(order) else np.zeros(0, dtype=bool)
        position = np.arange(len(order))
        rank = position - np.maximum.accumulate(np.where(start, position, 0))
        key = np.empty(len(order), dtype=np.int64)
        key[order] = sorted_cell * (len(a) + len(b) + 1) + rank
        return key

    _, in_a, in_b = np.intersect1d(ranked(cell_a), ranked(cell_b), assume_unique=True, return_indices=True)
    return a[in_a], b[in_b]


@dataclass(frozen=True)
class CompositionCheck:
    """The formed households measured as the survey measures them."""

    mean_size: float
    type_shares: np.ndarray
    older_alone: float
    older_couple_only: float
    children_share: float
    size_shares: np.ndarray  # households of 1, 2-3, 4-5 and 6+ residents


def measure_composition(formed: Formed, age_group: np.ndarray, resident: np.ndarray) -> CompositionCheck:
    """Mean size, type shares, the older persons' living arrangements and the size bands of
    households formed (`form_households`), counting residents only (of the survey's types)."""
    survey = formed.kind < HouseholdType.FOREIGN_WORKER
    adults = np.bincount(formed.household[resident], minlength=len(formed.kind))
    size = adults + formed.children
    n_types = int(HouseholdType.FOREIGN_WORKER)
    older = resident & (age_group == AgeGroup.OLDER)
    older_kind = formed.kind[formed.household[older]]
    older_size = adults[formed.household[older]]
    bands = np.digitize(size[survey], [2, 4, 6])
    return CompositionCheck(
        mean_size=float(size[survey].mean()),
        type_shares=np.bincount(formed.kind[survey], minlength=n_types) / survey.sum(),
        older_alone=float(np.mean((older_kind == HouseholdType.ONE_PERSON) & (older_size == 1))),
        older_couple_only=float(np.mean((older_kind == HouseholdType.COUPLE_ONLY))),
        children_share=float(formed.children[survey].sum() / size[survey].sum()),
        size_shares=np.bincount(bands, minlength=4) / survey.sum(),
    )
