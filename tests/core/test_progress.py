"""Time-left estimates and durations in words."""

from __future__ import annotations

from srcnn_gui.core.progress import RemainingTime, format_duration, seconds_left


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_estimate_starts_at_the_first_report_and_follows_the_rate():
    clock = FakeClock()
    remaining = RemainingTime(clock)
    clock.now += 30.0  # start-up before the first tile: not part of the rate
    assert remaining.update(1, 101) is None
    clock.now += 0.5
    assert remaining.update(2, 101) is None  # under a second: too little known
    clock.now += 9.5  # 10 s for 9 tiles since the first report
    assert remaining.update(10, 101) == 91 * 10 / 9
    clock.now += 5.0
    assert remaining.update(0, 50) is None  # the next picture starts over


def test_average_rate_and_words():
    assert seconds_left(25, 100, 50.0) == 150.0
    assert seconds_left(0, 10, 3.0) == 30.0  # no division by zero before the first step
    assert [format_duration(s) for s in (4.4, 187, 3900)] == ["4 s", "3 min 07 s", "1 h 05 min"]
