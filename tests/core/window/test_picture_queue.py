"""The picture queue without Qt: what runs next, the states an entry goes through, results, cancel, restart."""

from __future__ import annotations

from pathlib import Path

from srcnn_gui.core.window.picture_queue import DONE, FAILED, RUNNING, WAITING, PictureQueue, QueueEntry


def queue_of(*names: str) -> tuple[PictureQueue, list[QueueEntry]]:
    changed: list[QueueEntry] = []
    queue = PictureQueue(changed.append)
    queue.add([QueueEntry(name, path=Path(name)) for name in names])
    return queue, changed


def run_to_the_end(queue: PictureQueue, entry: QueueEntry, outcome: object) -> None:
    """What the window does for a job that finishes: start, result, thread ended."""
    queue.start(entry)
    queue.finish(outcome)
    queue.stopped()


def test_the_picture_on_screen_runs_first_then_the_queue_in_order():
    queue, _ = queue_of("a", "b", "c")
    a, b, c = queue.entries
    assert queue.next_to_run(current=b) is b
    assert queue.next_to_run(current=None) is a
    queue.start(b)
    assert queue.next_to_run(current=a) is None  # one at a time
    queue.stopped()
    run_to_the_end(queue, b, "result b")
    assert queue.next_to_run(current=b) is a  # b is done: the first waiting one


def test_an_entry_goes_waiting_running_done_and_keeps_its_result():
    queue, changed = queue_of("a")
    (a,) = queue.entries
    statuses = []
    queue.start(a)
    statuses.append(a.status)
    assert queue.finish("pixels", "1.0 s") is a
    assert queue.stopped() is a
    assert statuses == [RUNNING] and changed == [a, a]  # the view heard both changes
    assert (a.status, a.message, a.outcome) == (DONE, "1.0 s", "pixels")
    assert queue.next_to_run(current=a) is None


def test_a_failure_is_kept_with_its_reason_and_not_run_again():
    queue, _ = queue_of("bad", "good")
    bad, good = queue.entries
    queue.start(bad)
    queue.fail("bad: empty file (0 bytes)")
    queue.stopped()
    assert (bad.status, bad.message) == (FAILED, "bad: empty file (0 bytes)")
    assert queue.next_to_run(current=bad) is good


def test_cancel_pauses_the_queue_until_a_picture_is_chosen_or_brought_in():
    queue, _ = queue_of("a", "b")
    a, b = queue.entries
    queue.start(a)
    assert queue.cancel()  # the running job must be told
    assert queue.finish("late result") is None  # a result that still arrives is dropped
    queue.stopped()
    assert (a.status, a.message, a.outcome) == (WAITING, "cancelled", None)
    assert queue.next_to_run(current=b) is None  # paused
    assert queue.choose(b) and queue.next_to_run(current=b) is b
    queue.start(b)
    queue.cancel()
    queue.stopped()
    queue.add([QueueEntry("c")])
    assert not queue.paused and queue.next_to_run(current=None) is a


def test_cancel_with_nothing_running_changes_nothing():
    queue, _ = queue_of("a")
    assert not queue.cancel() and not queue.paused


def test_a_settings_change_makes_every_result_stale_and_runs_them_again():
    queue, _ = queue_of("a", "b")
    a, b = queue.entries
    run_to_the_end(queue, a, "old a")
    queue.start(b)
    assert queue.restart_all()  # b's job must stop
    assert queue.finish("b with the old model") is None
    queue.stopped()
    assert [(e.status, e.outcome) for e in queue.entries] == [(WAITING, None), (WAITING, None)]
    assert queue.next_to_run(current=b) is b


def test_choosing_a_finished_picture_runs_nothing():
    queue, _ = queue_of("a")
    (a,) = queue.entries
    run_to_the_end(queue, a, "done")
    assert not queue.choose(a) and not queue.choose(None)


def test_a_change_of_mode_runs_only_the_picture_on_screen_and_keeps_results_for_a_switch_back():
    queue, _ = queue_of("a", "b", "c")
    a, b, c = queue.entries
    for entry in (a, b):
        run_to_the_end(queue, entry, f"upscaled {entry.name}")
    queue.start(c)  # c is running when the mode changes: its upscale result is stale
    assert queue.switch_mode("upscale", "evaluate", current=b, note="choose it to evaluate")
    assert queue.finish("upscaled c") is None
    queue.stopped()
    assert [e.status for e in (a, b, c)] == [WAITING] * 3 and a.message == c.message == "choose it to evaluate"
    assert queue.next_to_run(current=b) is b
    run_to_the_end(queue, b, "evaluated b")
    assert queue.next_to_run(current=b) is None  # a and c wait until chosen
    assert queue.choose(a) and queue.next_to_run(current=a) is a
    run_to_the_end(queue, a, "evaluated a")
    assert not queue.switch_mode("evaluate", "upscale", current=a)
    assert (a.status, a.outcome, b.outcome) == (DONE, "upscaled a", "upscaled b")  # back at once, nothing re-run
    assert queue.next_to_run(current=a) is None and c.status == WAITING  # c never finished an upscale
    assert not queue.switch_mode("upscale", "evaluate", current=a)
    assert (a.outcome, b.outcome) == ("evaluated a", "evaluated b")
    queue.restart_all()  # a settings change: nothing kept, everything runs
    assert not a.kept and queue.next_to_run(current=None) is a and not c.on_demand
