"""The plain-Mesa reference of the matching core and the columnar core agree in steady state."""

import numpy as np

from benchmarks.matching_core import ColumnarMatchingCore, CoreParams, MesaMatchingModel


def steady_unemployment(cls, seed: int, params: CoreParams) -> float:
    model = cls(params, seed)
    series = []
    for month in range(48):
        model.step()
        if month >= 18:
            series.append(model.unemployment_rate)
    return float(np.mean(series))


def test_mesa_reference_and_columnar_core_reach_the_same_unemployment_rate():
    params = CoreParams(workers=3000)
    mesa_u = [steady_unemployment(MesaMatchingModel, seed, params) for seed in range(3)]
    columnar_u = [steady_unemployment(ColumnarMatchingCore, seed, params) for seed in range(3)]
    # frictions leave some unemployed although firms have open posts; both show the same rate
    assert min(mesa_u + columnar_u) > 0.02
    assert abs(np.mean(mesa_u) - np.mean(columnar_u)) < 0.004, (mesa_u, columnar_u)
