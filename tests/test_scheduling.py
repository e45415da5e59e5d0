"""pytest-xdist shares the suite a module at a time, all of tests/prod as one unit, longest first."""

from collections import OrderedDict
from types import SimpleNamespace

from xdist.scheduler import LoadFileScheduling

from tests.conftest import pytest_xdist_make_scheduler
from tests.scheduling import ModuleScheduling


def scheduler():
    return object.__new__(ModuleScheduling)


def test_a_module_is_one_unit_and_tests_prod_is_one_unit():
    split = scheduler()._split_scope
    assert split("tests/public/test_pages.py::test_home") == "tests/public/test_pages.py"
    assert split("tests/public/test_pages.py::TestX::test_y[a::b]") == "tests/public/test_pages.py"
    assert split("tests/prod/test_gunicorn.py::test_a") == split("tests/prod/test_backup_restore.py::test_b")


def test_the_longest_units_start_first(monkeypatch):
    sent = []
    monkeypatch.setattr(LoadFileScheduling, "_assign_work_unit",
                        lambda self, node: sent.append(self.workqueue.popitem(last=False)[0]))
    sched = scheduler()
    sched.workqueue = OrderedDict([
        ("tests/public/test_small.py", {"a": False}),
        ("tests/public/test_big.py", {"a": False, "b": False, "c": False}),
        ("tests/browser/test_smoke.py", {"a": False}),
        ("tests/reports/test_reports_over_records.py", {"a": False}),
        ("tests/prod", {"a": False}),
    ])
    for _ in range(5):
        sched._assign_work_unit(node=None)
    assert sent == ["tests/prod", "tests/reports/test_reports_over_records.py", "tests/browser/test_smoke.py",
                    "tests/public/test_big.py", "tests/public/test_small.py"]


def test_the_scheduler_is_used_with_dist_loadfile_only(monkeypatch):
    monkeypatch.setattr(ModuleScheduling, "__init__", lambda self, config, log: None)

    def config(dist):
        return SimpleNamespace(getvalue=lambda name: dist)

    assert pytest_xdist_make_scheduler(config("load"), log=None) is None
    assert isinstance(pytest_xdist_make_scheduler(config("loadfile"), log=None), ModuleScheduling)
