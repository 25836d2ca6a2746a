"""Agent-based simulation of regional labour markets under trade shocks.

The model: `sim.model.LabourMarketModel`. The command line: `python -m sim`.
"""

__version__ = "0.1.0"
