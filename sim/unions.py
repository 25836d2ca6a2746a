"""Trade unions: one Mesa agent per sector, with members and density.

Unions are few and rich in behaviour, so they are Mesa agents (DESIGN.md section 3). Here
a union knows its members and its density (members / formal employees of its sector);
its annual bargaining round and strikes (DESIGN.md step 9) come with the
collective-bargaining issue. Membership itself lives on the worker arrays
(`Workers.union_member`): new formal hires join with the probability that keeps the
calibrated density, and members who leave formal employment leave the union (the
ILO counts union members among employees).
"""

from __future__ import annotations

import mesa
import numpy as np


class Union(mesa.Agent):
    """A sector's trade union.

    Attributes:
        sector: Sector index (into SECTORS).
        sector_name: Sector name.
        members: Members (simulated persons).
        density: Members / formal employees of the sector (fraction).
        join_probability: Chance that a new formal hire in the sector joins.
        wage_floor_local: Last wage floor won in bargaining (None: no agreement yet).
    """

    def __init__(self, model: mesa.Model, sector: int, sector_name: str, join_probability: float) -> None:
        super().__init__(model)
        self.sector = sector
        self.sector_name = sector_name
        self.join_probability = join_probability
        self.members = 0
        self.density = 0.0
        self.wage_floor_local: float | None = None

    def record_membership(self, members: int, formal_employees: int) -> None:
        """Update the member count and density from the worker arrays."""
        self.members = int(members)
        self.density = float(members) / formal_employees if formal_employees else 0.0


def draw_new_members(
    new_formal_hire: np.ndarray, sector: np.ndarray, join_probability: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Mask of new formal hires who join their sector's union this month."""
    return new_formal_hire & (rng.random(len(sector)) < join_probability[np.maximum(sector, 0)])
