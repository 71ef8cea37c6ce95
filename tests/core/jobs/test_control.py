"""A job's control: cancel is seen at the next check, pause holds the job until resume or cancel."""

from __future__ import annotations

import threading

from srcnn_gui.core.jobs.control import JobControl


def test_cancel_is_seen_at_the_next_check():
    control = JobControl()
    assert not control.stop_requested()
    control.cancel()
    assert control.is_cancelled() and control.stop_requested()


def test_pause_holds_the_job_until_resume_and_says_so():
    heard = []
    control = JobControl(on_pause=heard.append)
    control.pause()
    waited = threading.Event()

    def job() -> None:
        control.stop_requested()
        waited.set()

    worker = threading.Thread(target=job)
    worker.start()
    assert not waited.wait(0.2)  # held while paused
    control.resume()
    worker.join(5)
    assert waited.is_set() and heard == [True, False]


def test_cancel_wakes_a_paused_job_to_stop():
    control = JobControl()
    control.pause()
    control.cancel()
    assert control.stop_requested() and not control.is_paused()
