"""Turns at the pool: as many document jobs at once as instances, each told how many were free."""

from __future__ import annotations

import threading

from formservice.documents.turns import Turns, turns_for


def test_a_job_beyond_the_pools_size_waits_for_a_turn_and_learns_how_many_were_free():
    turns = Turns(2)
    began: list[int] = []
    with turns.turn() as first:
        with turns.turn() as second:
            waiting = threading.Thread(target=lambda: began.append(_hold(turns)))
            waiting.start()
            waiting.join(timeout=0.3)
            assert waiting.is_alive() and began == []  # no instance free: it waits
        waiting.join(timeout=5)
        assert began == [1]  # it began when one turn came free, the other still held
    assert (first, second) == (2, 1)
    with turns.turn() as again:
        assert again == 2


def test_every_job_of_a_pool_shares_its_turns():
    class Pool:
        size = 3

    pool = Pool()
    assert turns_for(pool) is turns_for(pool)
    assert turns_for(pool).size == 3 and turns_for(Pool()) is not turns_for(pool)


def _hold(turns: Turns) -> int:
    with turns.turn() as free:
        return free
