"""How pytest-xdist shares the suite between its workers (``--dist loadfile``, set in pyproject.toml).

One work unit per test module, so that a module's expensive fixtures (the demo record, every
report of tests/reports/test_reports_over_records.py) are built once, on one worker, and not once per
worker or again each time the module's tests came back to a worker. All of tests/prod is one unit:
its session fixture (a migrated production site with the demo record and collected static files,
made by subprocesses) is then made once. The longest units start first, so that no worker is left
alone with one at the end.

Why not ``--dist loadgroup`` and ``xdist_group`` marks: with pytest 9, pytest-xdist 3.8 cannot add
the group to a test's id any more (``Node.nodeid`` is read-only), so the marks group nothing and the
tests are shared out one by one.
"""

from xdist.scheduler import LoadFileScheduling

# Units that take longest, in the order they start; the others follow, the most tests first.
LONGEST_FIRST = ("tests/prod", "tests/reports/test_reports_over_records.py", "tests/browser/")


def rank(scope, tests):
    for position, prefix in enumerate(LONGEST_FIRST):
        if scope.startswith(prefix):
            return (position, -len(tests))
    return (len(LONGEST_FIRST), -len(tests))


class ModuleScheduling(LoadFileScheduling):
    def _split_scope(self, nodeid):
        path = super()._split_scope(nodeid)
        return "tests/prod" if path.startswith("tests/prod/") else path

    def _assign_work_unit(self, node):
        longest = min(self.workqueue.items(), key=lambda unit: rank(*unit))[0]
        self.workqueue.move_to_end(longest, last=False)
        super()._assign_work_unit(node)
