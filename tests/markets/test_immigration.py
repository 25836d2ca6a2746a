"""Immigration on hand-made inputs: who arrives, how many stay in work, what is sent home."""

import numpy as np
import pytest

from sim.markets.immigration import (
    arrival_probability,
    arrival_rate_at_start,
    employed_share_at_start,
    remittance_share_at_start,
    remittances_paid,
)


def test_arrivals_rise_with_income_here_and_fall_with_income_in_the_other_destination():
    base = arrival_probability(0.03, 1000, 1000, 1.0, 1.0, 0.5)
    assert base == pytest.approx(0.03)
    assert arrival_probability(0.03, 1000, 1000, 1.2, 1.0, 0.5) > base
    # the other destination's dollar income falls 35 % (demand -10 %, currency -28 %): x (1 / 0.648) ** 0.5
    assert arrival_probability(0.03, 1000, 1000, 1.0, 0.9 * 0.72, 0.5) == pytest.approx(0.03 / 0.648**0.5)
    assert arrival_probability(0.03, 1000, 1000, 1.0, 1.0, 0.5, cap=0.01) == 0.01
    assert arrival_probability(0.03, 1000, 0, 1.0, 1.0, 0.5) == 0.0


def test_arrivals_do_not_shrink_as_the_simulated_pool_empties():
    """Expected arrivals (probability x those away) are the same with half the pool left:
    the pool stands for the neighbours' far larger stock of migrants."""
    full = arrival_probability(0.03, 1000, 1000, 1.0, 1.0, 0.5) * 1000
    half = arrival_probability(0.03, 1000, 500, 1.0, 1.0, 0.5) * 500
    assert half == pytest.approx(full)


def test_the_start_is_a_steady_state_of_arrivals_jobs_and_departures():
    """u = 5 % among residents with separations of 1 % a month means finding 19 % a month;
    foreign workers here go home at 3 % from work: unemployed / employed = (0.01 + 0.03) / 0.19."""
    share = employed_share_at_start(0.01, 0.05, 0.03)
    assert (1 - share) / share == pytest.approx((0.01 + 0.03) / 0.19)
    assert employed_share_at_start(0.01, 0.0, 0.03) == 1.0
    # arrivals balance departures: 900 in work at 3 %, 100 jobless at 10 %, from a pool of 1000
    departures = 900 * 0.03 + 100 * 0.1
    assert arrival_rate_at_start(departures, 1000) * 1000 == pytest.approx(departures)


def test_the_employed_send_home_a_share_of_pay_at_most_their_take_home_pay():
    employed = np.array([True, True, False])
    gross = np.array([100_000.0, 100_000.0, 0.0])
    take_home = np.array([85_000.0, 40_000.0, 0.0])
    assert list(remittances_paid(employed, gross, take_home, 0.5)) == [50_000.0, 40_000.0, 0.0]
    assert remittance_share_at_start(60_000.0, 200_000.0, 170_000.0, 0.0, 2.0) == pytest.approx(0.3)


def test_the_share_sent_home_counts_the_deposits_leavers_take_with_them():
    """Pay 200,000, take-home 170,000; 3 % leave a month, their households holding twice their
    income: what is sent from pay plus the leavers' deposits is the target."""
    share = remittance_share_at_start(60_000.0, 200_000.0, 170_000.0, 0.03, 2.0)
    assert share * 200_000 + 0.03 * 2.0 * (170_000 - share * 200_000) == pytest.approx(60_000.0)
    assert share < 0.3
