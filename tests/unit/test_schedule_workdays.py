"""Holiday files and the WorkCalendar's sources."""
from __future__ import annotations

import datetime as dt

import pytest

from core.errors import UserError
from core.schedule import WorkCalendar, install_holiday_file, read_holiday_file
from core.schedule.workdays import BUILTIN_HOLIDAY_DIR, default_holiday_dirs


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_read_a_holiday_file_with_ranges_dates_and_names(tmp_path):
    path = write(tmp_path / "2027.toml", 'year = 2027\nsource = "test"\n'
                 'holidays = ["2027-01-01", 2027-05-03, "2027-10-01..2027-10-03"]\n'
                 'workdays = ["2027-09-26"]\n[names]\n"2027-01-01" = "元旦"\n')
    hf = read_holiday_file(path)
    assert hf.year == 2027
    assert hf.holidays == {dt.date(2027, 1, 1), dt.date(2027, 5, 3), dt.date(2027, 10, 1), dt.date(2027, 10, 2),
                           dt.date(2027, 10, 3)}
    assert hf.workdays == {dt.date(2027, 9, 26)}
    assert hf.is_workday(dt.date(2027, 9, 26))  # a Sunday made a working day
    assert not hf.is_workday(dt.date(2027, 10, 1))
    assert not hf.is_workday(dt.date(2027, 10, 9))  # a plain Saturday
    assert hf.is_workday(dt.date(2027, 10, 8))
    cal = WorkCalendar([tmp_path], builtin_dir=None)
    assert cal.holiday_name(dt.date(2027, 1, 1)) == "元旦"


@pytest.mark.parametrize("text, fragment", [
    ('holidays = []', "year"),
    ('year = "2027"', "year"),
    ('year = 2027\nholidays = ["2026-12-31"]', "2026-12-31"),
    ('year = 2027\nholidays = ["2027-02-30"]', "2027-02-30"),
    ('year = 2027\nholidays = ["2027-10-07..2027-10-01"]', "2027-10-07..2027-10-01"),
    ('year = 2027\nholidays = "2027-01-01"', "holidays"),
    ('year = 2027\nholidays = ["2027-01-01"]\nworkdays = ["2027-01-01"]', "2027-01-01"),
    ('year = 2027\nholidays = [', "TOML"),
])
def test_bad_holiday_files_are_user_errors_naming_the_file(tmp_path, text, fragment):
    path = write(tmp_path / "2027.toml", text)
    with pytest.raises(UserError) as err:
        read_holiday_file(path)
    assert str(path) in str(err.value)
    assert fragment in str(err.value)


def test_file_for_another_year_is_refused(tmp_path):
    write(tmp_path / "2028.toml", "year = 2027\n")
    cal = WorkCalendar([tmp_path], builtin_dir=None)
    with pytest.raises(UserError):
        cal.is_workday(dt.date(2028, 3, 1))


def test_sources_in_order(tmp_path):
    user, builtin = tmp_path / "user", tmp_path / "builtin"
    write(builtin / "2027.toml", 'year = 2027\nholidays = ["2027-03-01"]\n')
    write(builtin / "2026.toml", 'year = 2026\nholidays = ["2026-03-02"]\n')
    cal = WorkCalendar([user], builtin_dir=builtin)
    assert cal.source(2026).kind == "chinesecalendar"  # the package wins over a shipped file
    assert cal.is_workday(dt.date(2026, 3, 2))
    assert cal.source(2027).kind == "file" and cal.source(2027).path == builtin / "2027.toml"
    assert not cal.is_workday(dt.date(2027, 3, 1))
    assert cal.source(2028).kind == "weekends"
    assert cal.warnings_for([2026, 2027]) == []
    assert len(cal.warnings_for([2028, 2028, 2029])) == 2
    write(user / "2027.toml", "year = 2027\n")
    cal = WorkCalendar([user], builtin_dir=builtin)
    assert cal.source(2027).path == user / "2027.toml"  # the user's file wins
    assert cal.is_workday(dt.date(2027, 3, 1))


def test_without_the_package(tmp_path):
    cal = WorkCalendar([], use_package=False, builtin_dir=None)
    assert cal.is_workday(dt.date(2026, 10, 1))  # weekends only: National Day is a Thursday
    assert cal.warnings_for([2026])


def test_example_file_is_never_read_as_a_year():
    assert not (BUILTIN_HOLIDAY_DIR / "2027.toml").exists()
    example = read_holiday_file(BUILTIN_HOLIDAY_DIR / "example.toml")  # still a valid file
    assert example.year == 2027
    cal = WorkCalendar([], builtin_dir=BUILTIN_HOLIDAY_DIR)
    assert cal.source(2027).kind == "weekends"


def test_install_holiday_file_validates_and_copies(tmp_path):
    good = write(tmp_path / "downloaded.toml", 'year = 2027\nholidays = ["2027-01-01"]\n')
    target = install_holiday_file(good, tmp_path / "user")
    assert target == tmp_path / "user" / "2027.toml"
    assert target.read_text(encoding="utf-8") == good.read_text(encoding="utf-8")
    bad = write(tmp_path / "bad.toml", 'year = 2027\nholidays = ["2028-01-01"]\n')
    with pytest.raises(UserError):
        install_holiday_file(bad, tmp_path / "user")
    assert sorted(p.name for p in (tmp_path / "user").iterdir()) == ["2027.toml"]


def test_default_dirs_include_env_and_user_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("INFODESK_HOLIDAYS", str(tmp_path / "a"))
    dirs = default_holiday_dirs()
    assert dirs[0] == tmp_path / "a"
    assert dirs[-1].name == "holidays"


def test_add_workdays_zero_and_limits():
    cal = WorkCalendar([], builtin_dir=None)
    assert cal.add_workdays(dt.date(2026, 10, 1), 0)[0] == dt.date(2026, 10, 8)
    assert cal.add_workdays(dt.date(2026, 10, 9), 0)[0] == dt.date(2026, 10, 9)
    with pytest.raises(UserError):
        cal.add_workdays(dt.date(2026, 1, 1), -1)
    assert cal.workdays_between(dt.date(2026, 10, 1), dt.date(2026, 10, 11))[0] == 3  # 10-08, 10-09, 10-10


# --------------------------------------------------------- a year edited in the settings
def test_save_holiday_file_round_trip_and_atomic(tmp_path):
    from core.schedule.workdays import save_holiday_file

    folder = tmp_path / "holidays"
    names = {dt.date(2031, 10, 1): '国庆节 "甲" \\ 乙', dt.date(2031, 9, 28): "调休"}
    saved = save_holiday_file(folder, 2031, [dt.date(2031, 10, d) for d in range(1, 8)], [dt.date(2031, 9, 28)],
                              names, source="国办发明电〔2030〕1号")
    assert saved.path == folder / "2031.toml"
    again = read_holiday_file(saved.path, 2031)
    assert again.holidays == {dt.date(2031, 10, d) for d in range(1, 8)}
    assert again.workdays == {dt.date(2031, 9, 28)}
    assert again.names == names and again.source == "国办发明电〔2030〕1号"
    cal = WorkCalendar([folder], use_package=False, builtin_dir=None)
    assert cal.source(2031).kind == "file" and cal.is_workday(dt.date(2031, 9, 28))
    # a list the reader would refuse never replaces the good file, and leaves no temporary file
    before = saved.path.read_bytes()
    with pytest.raises(UserError):
        save_holiday_file(folder, 2031, [dt.date(2032, 1, 1)], [])
    with pytest.raises(UserError):
        save_holiday_file(folder, 2031, [dt.date(2031, 10, 1)], [dt.date(2031, 10, 1)])
    assert saved.path.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == ["2031.toml"]


def test_save_holiday_file_resets_the_default_calendar(tmp_path, monkeypatch):
    from core.schedule import compute_due
    from core.schedule.workdays import reset_default_calendar, save_holiday_file

    monkeypatch.setenv("INFODESK_HOLIDAYS", str(tmp_path / "mine"))
    reset_default_calendar()
    try:
        event = dt.date(2031, 9, 29)  # a Monday
        assert compute_due("3个工作日内", event).due.date() == dt.date(2031, 10, 2)  # weekends only
        save_holiday_file(tmp_path / "mine", 2031, [dt.date(2031, 10, d) for d in range(1, 8)], [])
        assert compute_due("3个工作日内", event).due.date() == dt.date(2031, 10, 9)  # 9-30, 10-8, 10-9
    finally:
        reset_default_calendar()


def test_package_schedule_gives_the_packages_dates_with_chinese_names():
    from core.schedule.workdays import package_schedule

    holidays, workdays = package_schedule(2026)
    assert holidays[dt.date(2026, 1, 1)] == "元旦"
    assert all(d.year == 2026 for d in [*holidays, *workdays]) and workdays
    assert package_schedule(2031) is None
