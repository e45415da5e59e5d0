"""Room on Python's frame stack for the test workers: each worker runs its tests inside one large
frame, so that CPython 3.11 and 3.12 stop mapping and unmapping memory at every deep call.

CPython keeps its frames in 16 KiB chunks (``tstate->datastack_chunk``). A call that does not fit in
the current chunk maps a new one (``mmap``), and the return from that call unmaps it (``munmap``): a
program whose calls go up and down across a chunk's edge maps, touches and unmaps a chunk each time.
The portal's requests go that deep (the test client, seventeen middlewares, templates within
templates, the ORM), so the suite did so millions of times: half its system time, 4.2 million page
faults in a run, against 2 million with the room. This is python/cpython#142183, fixed for 3.13 and
3.14 in March 2026 by keeping one spare chunk (3.12.1 and 3.13.0 still have it); 3.11, Debian 12's
Python that runs the suite, takes security fixes only.

A frame that does not fit in the current chunk gets a chunk of its own sized for it, from 16 KiB
doubling: a function with ``LOCALS`` local variables gets a 1 MiB chunk and fills a little over half of
it. Everything called from inside that function shares the rest (some 60,000 slots: several thousand
frames, beyond Python's recursion limit), so no later call maps a chunk. The memory is touched once,
when the room is made.

``bench/frame_chunks.py`` measures the effect; ``tests/test_stack_room.py`` checks that the workers
run inside the room.
"""

import functools
import sys

LOCALS = 70_000


def _make_room():
    # One chained assignment: LOCALS names, and a stack two deep (an unpacking would need LOCALS more).
    names = " = ".join(f"_{i}" for i in range(LOCALS))
    source = f"def room(call):\n    {names} = None\n    return call()\n"
    namespace = {}
    exec(compile(source, "<stack room>", "exec"), namespace)
    return namespace["room"]


@functools.cache
def room():
    """The function whose frame is the room (compiled once, on first use: about a quarter second)."""
    return _make_room()


def run_in_room(call):
    """``call()``, run inside the room."""
    return room()(call)


def inside_room():
    """True when the calling thread runs inside the room."""
    code = room().__code__
    frame = sys._getframe()
    while frame is not None:
        if frame.f_code is code:
            return True
        frame = frame.f_back
    return False
