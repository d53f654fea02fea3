"""Long commands show a bar on a terminal and nothing in logs or CI (portal/progress.py)."""

import io

from django.core.management import call_command

import pytest

from portal.progress import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


class FakeCommand:
    def __init__(self, stdout, stderr):
        self.stdout, self.stderr = stdout, stderr


def test_the_bar_counts_the_steps_on_a_terminal():
    out, err = Terminal(), Terminal()
    with Progress.for_command(FakeCommand(out, err), total=4, label="Nạp nội dung") as progress:
        for note in progress.track(["a", "b", "c"], note="đơn vị"):
            assert note
        progress.step("xong")
    drawn = err.getvalue()
    assert "\rNạp nội dung [########################] 4/4 xong" in drawn
    assert drawn.endswith("\n") and out.getvalue() == ""


@pytest.mark.parametrize("tty", ["stdout", "stderr", None])
def test_quiet_unless_both_streams_are_terminals(tty):
    out = Terminal() if tty == "stdout" else io.StringIO()
    err = Terminal() if tty == "stderr" else io.StringIO()
    with Progress.for_command(FakeCommand(out, err), total=2, label="x") as progress:
        progress.step("một")
        progress.step("hai")
    assert not progress.shown
    assert out.getvalue() == err.getvalue() == ""


@pytest.mark.django_db
def test_bootstrap_prints_no_bar_into_a_log():
    out, err = io.StringIO(), io.StringIO()
    call_command("bootstrap_portal", stdout=out, stderr=err)
    assert "\r" not in out.getvalue() + err.getvalue()
    assert "Đã tạo" in out.getvalue()


@pytest.mark.django_db
def test_bootstrap_shows_its_steps_on_a_terminal():
    out, err = Terminal(), Terminal()
    call_command("bootstrap_portal", stdout=out, stderr=err)
    assert "Nạp nội dung [" in err.getvalue() and "5/5" in err.getvalue()
    assert "\r" not in out.getvalue()


@pytest.mark.django_db
def test_search_rebuild_counts_the_pages_on_a_terminal_and_is_quiet_in_a_log():
    from search.models import SearchEntry

    call_command("bootstrap_portal", stdout=io.StringIO())
    out, err = Terminal(), Terminal()
    call_command("search_rebuild", stdout=out, stderr=err)
    pages = SearchEntry.objects.values("page_id").distinct().count()
    assert f"Lập chỉ mục [{'#' * 24}] {pages}/{pages} trang" in err.getvalue()
    out, err = io.StringIO(), io.StringIO()
    call_command("search_rebuild", stdout=out, stderr=err)
    assert "\r" not in out.getvalue() + err.getvalue()
    assert "Đã lập chỉ mục" in out.getvalue()


def test_a_script_draws_on_its_own_streams_only_on_a_terminal(monkeypatch):
    out, err = Terminal(), Terminal()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    with Progress.on_terminal(total=2, label="Tháng") as progress:
        list(progress.track([1, 2]))
    assert "Tháng [" in err.getvalue() and "2/2" in err.getvalue()
    monkeypatch.setattr("sys.stdout", io.StringIO())
    assert not Progress.on_terminal(total=2, label="Tháng").shown
