"""Region planning: the regions cover the picture once, and the part on screen is computed first, following the view."""

from __future__ import annotations

from srcnn_gui.core.jobs.region_plan import BandSchedule, Box, RegionSchedule, ViewFocus, plan_regions, region_side


def test_regions_cover_the_picture_once_on_the_block_grid():
    regions = plan_regions(1000, 700, region_side(3))
    covered = [[0] * 700 for _ in range(1000)]
    for box in regions:
        assert box.top % 4 == 0 and box.left % 4 == 0  # output origins stay on the Winograd grid at any scale
        for row in range(box.top, box.bottom):
            covered[row][box.left:box.right] = [c + 1 for c in covered[row][box.left:box.right]]
    assert all(c == 1 for row in covered for c in row)
    assert region_side(2) * 2 == region_side(3) * 3 == region_side(4) * 4 == 384
    assert region_side(2, fast=True) * 2 == region_side(3, fast=True) * 3 == region_side(4, fast=True) * 4 == 768


def test_the_view_goes_first_and_a_moved_view_moves_its_regions_to_the_front():
    regions = plan_regions(1000, 1000, 100)
    focus = ViewFocus()
    schedule = RegionSchedule(regions, focus)
    first = regions[schedule.take()]
    assert first.overlaps(Box(450, 450, 550, 550))  # nothing said yet: the fitted picture's middle first
    focus.set(0.9, 0.0, 1.0, 0.1)  # zoomed into the bottom-left corner
    corner = schedule.take()
    assert regions[corner] == Box(900, 0, 1000, 100)
    taken = {corner, regions.index(first)}
    while (index := schedule.take()) is not None:
        assert index not in taken  # each region once, whatever the view did
        taken.add(index)
    assert len(taken) == len(regions) and schedule.remaining == 0


def test_bands_run_down_from_the_view_then_from_the_top_and_a_moved_view_starts_a_new_run():
    bands = [Box(top, 0, min(1000, top + 128), 500) for top in range(0, 1000, 128)]  # 8 bands
    focus = ViewFocus()
    schedule = BandSchedule(bands, focus)
    assert schedule.start() == 0  # nothing said yet: from the top
    focus.set(0.5, 0.2, 0.6, 0.4)  # rows 500-600: band 3 holds row 500
    assert schedule.start() == 3
    for index in (3, 4):
        schedule.done(index)
    assert schedule.goes_on(5)  # the view has not moved: on down the picture
    focus.set(0.5, 0.3, 0.6, 0.5)  # panned sideways: the same rows, the same run
    assert schedule.goes_on(5)
    focus.set(0.9, 0.0, 1.0, 0.1)  # scrolled to the bottom: band 7 is not next
    assert not schedule.goes_on(5)
    assert schedule.start() == 7
    schedule.done(7)
    assert schedule.start() == 0  # nothing left below the view: from the top, down to band 2
    for index in (0, 1, 2):
        assert schedule.goes_on(index)
        schedule.done(index)
    assert not schedule.goes_on(3)  # done already: the run ends
    assert schedule.start() == 5
    for index in (5, 6):
        schedule.done(index)
    assert schedule.start() is None
