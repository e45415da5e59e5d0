"""The test workers run their tests inside the stack room (tests/stack_room.py), and inside it deep
calls made again and again touch no new memory."""

import resource
import sys
import threading

from tests import stack_room


def descend(depth):
    return depth if depth == 0 else descend(depth - 1)


def faults_of_deep_calls(times=500, depth=400):
    """Page faults of this thread while it calls ``depth`` frames deep ``times`` times (some 4,000 stack
    slots each time: past the edge of a 16 KiB chunk wherever it starts)."""
    before = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
    for _ in range(times):
        descend(depth)
    return resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - before


def in_new_thread(call):
    found = []
    thread = threading.Thread(target=lambda: found.append(call()))
    thread.start()
    thread.join()
    return found[0]


def test_the_tests_run_inside_the_room():
    assert stack_room.inside_room()
    assert not in_new_thread(stack_room.inside_room)


def test_inside_the_room_deep_calls_made_again_touch_no_new_memory():
    faults_of_deep_calls(times=1)  # the frames' first use
    assert faults_of_deep_calls() < 50
    assert in_new_thread(lambda: stack_room.run_in_room(faults_of_deep_calls)) < 50
    if sys.version_info < (3, 13):
        # Outside the room, Python 3.11 and 3.12 map a chunk for each deep call and unmap it on return:
        # four pages touched each time (python/cpython#142183).
        assert in_new_thread(faults_of_deep_calls) > 1000
