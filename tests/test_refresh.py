"""The daily refresh: bad files among good ones, the change report, idempotence, an
interrupted run, and the morning scheduler on a fake clock."""

import datetime as dt
import hashlib
import multiprocessing
import time
from pathlib import Path

from docx import Document
from python_calamine import CalamineWorkbook

from builders import ID_A, ID_B, ID_C, ID_D, USCC_A, USCC_B, id_with_check, write_xlsx
from xiyuan.jobs import refresh as refresh_module
from xiyuan.jobs.every_morning import run_daily
from xiyuan.checks.fields.id_number import mask as mask_id
from xiyuan.jobs.history import History
from xiyuan.jobs.refresh import refresh

D1, D2 = dt.date(2022, 11, 24), dt.date(2022, 11, 25)
T = dt.datetime
XS, HD = "晋江市鑫盛鞋业有限公司", "福建恒达纺织科技有限公司"
ID_E = id_with_check("35058219950505005")


def community(path, *, employees, headcount_xs=2, arrivals=(), tests=(), rectified="未整改", name="霞浯社区",
              firms=(XS, HD)):
    xs, hd = firms
    return write_xlsx(path, {
        "企业台账": [["社区", "企业名称", "统一社会信用代码", "员工总数", "过渡缓冲区"],
                     [name, xs, USCC_A, headcount_xs, "否"], [name, hd, USCC_B, 1, "是"]],
        "员工台账": [["企业名称", "姓名", "身份证号", "手机号"]] + [list(e) for e in employees],
        "来晋人员登记": [["姓名", "身份证号", "手机号", "人员类型", "所属或来访企业", "来源类型", "抵晋时间"]] + list(arrivals),
        "核酸检测记录": [["姓名", "身份证号", "采样时间", "结果"]] + list(tests),
        "督导检查": [["检查日期", "企业名称", "发现问题", "整改期限", "整改情况", "督促次数"],
                     [dt.date(2022, 11, 1), hd, "未设电子哨兵", dt.date(2022, 11, 10), rectified, 3]],
    })


def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def test_locked_corrupt_and_foreign_files_are_one_line_each_and_the_rest_is_done(tmp_path):
    inbox = tmp_path / "workbooks"
    inbox.mkdir()
    community(inbox / "霞浯社区台账.xlsx", employees=[(XS, "陈明", ID_A, "13805951234"), (XS, "林芳", ID_B, "13905951234"),
                                                             (HD, "王强", ID_C, "15005951234")])
    community(inbox / "洋埭社区台账.xlsx", employees=[(XS, "赵六", ID_D, "13805951299")], name="洋埭社区")
    (inbox / "~$洋埭社区台账.xlsx").write_bytes(b"lock")
    (inbox / "杏坑社区台账.xlsx").write_bytes(b"PK\x03\x04 truncated")
    write_xlsx(inbox / "会议通知.xlsx", {"Sheet1": [["会议时间", "地点"], ["11月25日", "三楼"]]})
    before = {p.name: sha(p) for p in inbox.iterdir()}
    result = refresh(inbox, tmp_path / "reports", D1)
    assert [f.file for f in result.loaded.files] == ["霞浯社区台账.xlsx"]
    assert result.skipped == [
        ("洋埭社区台账.xlsx", "文件正被Excel或WPS打开（旁边有锁定文件~$洋埭社区台账.xlsx），本次跳过。请关闭该文件后重新运行。"),
        ("会议通知.xlsx", "没有找到任何台账工作表（企业台账、员工台账、来晋人员登记等）。请确认选对了文件，或把表头改成模板中的列名。"),
        ("杏坑社区台账.xlsx", "文件已损坏，无法读取（压缩包不完整）。请用Excel打开并另存为新的 .xlsx 文件后再试。"),
    ]
    folder = tmp_path / "reports" / "2022-11-24"
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert names == ["今日应检/霞浯社区今日应检.xlsx", "工作通报.docx", "每日台账情况报告.docx", "汇总台账.xlsx", "运行日志.txt",
                     "问题清单/霞浯社区问题清单.xlsx"]
    log = (folder / "运行日志.txt").read_text(encoding="utf-8")
    assert "✗ 杏坑社区台账.xlsx：文件已损坏" in log and "✗ 洋埭社区台账.xlsx：文件正被Excel或WPS打开" in log
    report = "\n".join(p.text for p in Document(str(folder / "每日台账情况报告.docx")).paragraphs)
    assert "会议通知.xlsx：没有找到任何台账工作表" in report
    assert {p.name: sha(p) for p in inbox.iterdir()} == before  # no clerk's file was written
    merged = CalamineWorkbook.from_path(str(folder / "汇总台账.xlsx"))
    employees = merged.get_sheet_by_name("员工台账").to_python()
    assert employees[0][:5] == ["来源文件", "行号", "社区", "企业名称", "姓名"]
    assert employees[1][:5] == ["霞浯社区台账.xlsx", 2.0, "霞浯社区", XS, "陈明"]


def two_days(tmp_path):
    inbox = tmp_path / "workbooks"
    inbox.mkdir()
    path = inbox / "霞浯社区台账.xlsx"
    visitor = ("孙七", ID_E, "13805950000", "来访人员", XS, "省外", T(2022, 11, 23, 9))
    community(path, employees=[(XS, "陈明", ID_A, "13805951234"), (XS, "林芳", ID_B, "13905951234"),
                               (HD, "王强", ID_C, "15005951234")],
              arrivals=[visitor], tests=[("孙七", ID_E, T(2022, 11, 23, 10), "阴性")])
    first = refresh(inbox, tmp_path / "reports", D1)
    # next day: 林芳 left, 赵六 joined 鑫盛 (headcount 2 -> 200), 王强's firm rectified, a new arrival
    community(path, employees=[(XS, "陈明", ID_A, "13805951234"), (XS, "赵六", ID_D, "13805951299"),
                               (HD, "王强", ID_C, "15005951234")], headcount_xs=200,
              arrivals=[visitor, ("周八", ID_B, "13905951234", "来访人员", HD, "省外", T(2022, 11, 25, 8))],
              tests=[("孙七", ID_E, T(2022, 11, 23, 10), "阴性")],  # no test on day 2: overdue now
              rectified="已整改")
    second = refresh(inbox, tmp_path / "reports", D2)
    return first, second, inbox


def test_the_change_report_line_by_line(tmp_path):
    first, second, _ = two_days(tmp_path)
    assert first.changes is None
    assert second.changes == [
        "（与2022-11-24相比）",
        f"新增员工1人：赵六（晋江市鑫盛鞋业有限公司，{mask_id(ID_D)}）。",
        f"离开员工1人：林芳（晋江市鑫盛鞋业有限公司，{mask_id(ID_B)}）。",
        "员工数变化：晋江市鑫盛鞋业有限公司（霞浯社区）2→200人（+198）。",
        "新列为重点企业1家：晋江市鑫盛鞋业有限公司。",
        "已整改、不再需上报的企业1家：福建恒达纺织科技有限公司。",
        "新登记来晋人员1人：周八（霞浯社区福建恒达纺织科技有限公司）。",
        "新增逾期未检1人：孙七（霞浯社区晋江市鑫盛鞋业有限公司）。",
    ]
    report = "\n".join(p.text for p in Document(str(second.folder / "每日台账情况报告.docx")).paragraphs)
    assert "新列为重点企业1家：晋江市鑫盛鞋业有限公司。" in report


def contents(folder):
    """What a clerk sees in every output: cell values and document text."""
    seen = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".xlsx":
            book = CalamineWorkbook.from_path(str(path))
            seen[str(path.relative_to(folder))] = {n: book.get_sheet_by_name(n).to_python() for n in book.sheet_names}
        elif path.suffix == ".docx":
            document = Document(str(path))
            seen[str(path.relative_to(folder))] = [p.text for p in document.paragraphs] + \
                [c.text for t in document.tables for r in t.rows for c in r.cells]
    return seen


def test_running_twice_for_the_same_day_gives_the_same_outputs(tmp_path):
    first, second, inbox = two_days(tmp_path)
    before = contents(second.folder)
    again = refresh(inbox, tmp_path / "reports", D2)
    assert contents(again.folder) == before
    assert again.changes == second.changes
    assert History(tmp_path / "reports" / "history.sqlite").previous_day(dt.date(2022, 11, 26)) == "2022-11-25"


def _slow_refresh(inbox, out, day):
    def hang(*args, **kwargs):
        (out / "started").write_text("writing")
        time.sleep(60)

    refresh_module._write_the_rest = hang
    refresh(inbox, out, day, reuse=False)  # a real run, not the kept outputs of the same inputs


def test_an_interrupted_run_leaves_the_previous_outputs_and_a_clean_run_follows(tmp_path):
    inbox = tmp_path / "workbooks"
    inbox.mkdir()
    community(inbox / "霞浯社区台账.xlsx", employees=[(XS, "陈明", ID_A, "13805951234")])
    out = tmp_path / "reports"
    refresh(inbox, out, D2)
    before = contents(out / "2022-11-25")
    child = multiprocessing.get_context("fork").Process(target=_slow_refresh, args=(inbox, out, D2))
    child.start()
    for _ in range(200):
        if (out / "started").exists():
            break
        time.sleep(0.05)
    child.kill()
    child.join()
    assert contents(out / "2022-11-25") == before  # yesterday's (here: the earlier) outputs intact
    assert list(out.glob(".2022-11-25.partial-*"))  # the killed run's half-written folder
    refresh(inbox, out, D2)
    assert contents(out / "2022-11-25") == before
    assert not list(out.glob(".2022-11-25.partial-*"))


class FakeClock:
    """Stands in for schedule's datetime.datetime.now(); sleeping moves it on."""

    def __init__(self, start):
        self.now_value = start

    def now(self, tz=None):
        return self.now_value

    def sleep(self, seconds):
        self.now_value += dt.timedelta(seconds=seconds)


def test_the_morning_loop_runs_daily_survives_a_failure_and_stops_on_ctrl_c(monkeypatch):
    import schedule

    clock = FakeClock(dt.datetime(2022, 11, 24, 6, 0))

    class FakeDatetime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return clock.now_value

    monkeypatch.setattr(schedule.datetime, "datetime", FakeDatetime)
    runs, lines = [], []

    def job():
        runs.append(clock.now_value)
        if len(runs) == 1:
            raise OSError("网络盘断开")

    def sleep(seconds):
        clock.sleep(seconds)
        if clock.now_value >= dt.datetime(2022, 11, 26, 12, 0):
            raise KeyboardInterrupt

    count = run_daily("07:30", job, lines.append, scheduler=schedule.Scheduler(), sleep=sleep, poll_seconds=60)
    assert count == 3
    assert [r.strftime("%m-%d %H:%M") for r in runs] == ["11-24 07:30", "11-25 07:30", "11-26 07:30"]
    assert lines == ["每日刷新已启动：每天 07:30 运行一次，按 Ctrl+C 停止。",
                     "本次刷新失败（OSError：网络盘断开），明天 07:30 照常运行。", "已停止每日刷新。"]


def test_a_community_missing_one_day_is_not_reported_as_departed(tmp_path):
    inbox = tmp_path / "workbooks"
    inbox.mkdir()
    community(inbox / "霞浯社区台账.xlsx", employees=[(XS, "陈明", ID_A, "13805951234")])
    community(inbox / "洋埭社区台账.xlsx", employees=[("洋埭甲鞋业有限公司", "赵六", ID_D, "13805951299")],
              name="洋埭社区", firms=("洋埭甲鞋业有限公司", "洋埭乙纺织有限公司"))
    out = tmp_path / "reports"
    refresh(inbox, out, dt.date(2022, 11, 23))
    (inbox / "~$洋埭社区台账.xlsx").write_bytes(b"lock")  # open in Excel on the 24th
    assert refresh(inbox, out, D1).changes == []
    (inbox / "~$洋埭社区台账.xlsx").unlink()
    assert refresh(inbox, out, D2).changes == []  # back again: nobody "joined"


def test_blank_and_password_protected_workbooks_are_skipped_with_a_reason(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    from xiyuan.outputs.blank_ledger import write_blank_ledger

    inbox = tmp_path / "workbooks"
    inbox.mkdir()
    community(inbox / "霞浯社区台账.xlsx", employees=[(XS, "陈明", ID_A, "13805951234")])
    write_blank_ledger(inbox / "社区台账模板.xlsx")
    plain = community(tmp_path / "plain.xlsx", employees=[(XS, "赵六", ID_D, "13805951299")])
    with open(plain, "rb") as source, open(inbox / "洋埭社区台账.xlsx", "wb") as locked:
        OOXMLFile(source).encrypt("1234", locked)
    result = refresh(inbox, tmp_path / "reports", D1)
    assert [f.file for f in result.loaded.files] == ["霞浯社区台账.xlsx"]
    assert dict(result.skipped) == {
        "社区台账模板.xlsx": "是空白台账（如模板或按钮工作簿），没有任何记录，已跳过。",
        "洋埭社区台账.xlsx": "文件设置了打开密码，无法读取。请在Excel中取消密码（文件→信息→保护工作簿）后另存再试。",
    }


def test_a_broken_template_costs_only_its_own_document(tmp_path, monkeypatch):
    import shutil

    from xiyuan.outputs import documents

    templates = tmp_path / "templates"
    shutil.copytree(documents.find_templates(), templates)
    edited = Document(str(templates / "每日台账情况报告.docx"))
    edited.paragraphs[-3].add_run("{% if x %}")
    edited.save(str(templates / "每日台账情况报告.docx"))
    monkeypatch.setattr(documents, "find_templates", lambda explicit=None: templates)
    inbox = tmp_path / "workbooks"
    inbox.mkdir()
    community(inbox / "霞浯社区台账.xlsx", employees=[(XS, "陈明", ID_A, "13805951234")])
    result = refresh(inbox, tmp_path / "reports", D1)
    assert not (result.folder / "每日台账情况报告.docx").exists()
    assert (result.folder / "工作通报.docx").exists() and (result.folder / "汇总台账.xlsx").exists()
    [(name, reason)] = result.skipped
    assert name == "每日台账情况报告.docx" and reason.startswith("公文模板“每日台账情况报告.docx”有错，无法生成（")
    assert "本次未生成这份文书。请运行 xiyuan check-template" in reason


def test_an_inbox_with_nothing_readable_still_gives_a_log_and_a_report(tmp_path):
    inbox = tmp_path / "workbooks"
    inbox.mkdir()
    (inbox / "坏文件.xlsx").write_bytes(b"not a workbook")
    result = refresh(inbox, tmp_path / "reports", D1)
    assert result.loaded.files == [] and [name for name, _ in result.skipped] == ["坏文件.xlsx"]
    merged = CalamineWorkbook.from_path(str(result.folder / "汇总台账.xlsx"))
    assert merged.sheet_names == ["说明", "无记录"]
    assert (result.folder / "每日台账情况报告.docx").exists() and (result.folder / "运行日志.txt").exists()


def test_the_history_keeps_no_plain_id_numbers(tmp_path):
    import sqlite3

    inbox = tmp_path / "workbooks"
    inbox.mkdir()
    community(inbox / "霞浯社区台账.xlsx", employees=[(XS, "陈明", ID_A, "13805951234")])
    refresh(inbox, tmp_path / "reports", D1)
    database = tmp_path / "reports" / "history.sqlite"
    assert ID_A.encode() not in database.read_bytes()
    with sqlite3.connect(database) as db:
        [(token,)] = db.execute("SELECT id_number FROM employees").fetchall()
    assert token.startswith(ID_A[:6] + "********" + ID_A[-4:] + "#")
    key = tmp_path / "reports" / "history.key"
    assert key.stat().st_mode & 0o077 == 0
    # tomorrow the same person is the same token: no change reported
    result = refresh(inbox, tmp_path / "reports", D1 + dt.timedelta(days=1))
    assert not any("新增员工" in line for line in result.changes or [])


def test_document_numbers_are_unique_across_days_and_kept_for_the_same_day(tmp_path):
    inbox = tmp_path / "workbooks"
    inbox.mkdir()
    community(inbox / "霞浯社区台账.xlsx", employees=[(XS, "陈明", ID_A, "13805951234")])
    out = tmp_path / "reports"
    numbers = []
    for day in (D1, D1 + dt.timedelta(days=1), D1 + dt.timedelta(days=2), D1 + dt.timedelta(days=2)):
        result = refresh(inbox, out, day)
        numbers.append(dict(result.numbers))
        assert any(line.startswith("  文号：") for line in result.log)
    circulars = [n["工作通报"] for n in numbers]
    assert circulars[:3] == ["西街防控通〔2022〕1号", "西街防控通〔2022〕2号", "西街防控通〔2022〕3号"]
    assert circulars[3] == circulars[2]  # the same day made again keeps its number
    from xiyuan.outputs.numbering import NumberRegister

    register = NumberRegister(out / "history.sqlite")
    register.set_next("circular", 2022, 40)  # the office numbered some by hand
    result = refresh(inbox, out, D1 + dt.timedelta(days=3))
    assert dict(result.numbers)["工作通报"] == "西街防控通〔2022〕40号"


def test_an_unchanged_inbox_keeps_the_days_outputs_and_a_change_works_them_again(tmp_path):
    inbox = tmp_path / "workbooks"
    inbox.mkdir()
    ledger = community(inbox / "霞浯社区台账.xlsx", employees=[(XS, "陈明", ID_A, "13805951234")])
    out = tmp_path / "reports"
    first = refresh(inbox, out, D2)
    before = contents(first.folder)
    again = refresh(inbox, out, D2)
    assert again.reused and not first.reused
    assert (again.changes, again.numbers, again.skipped) == (first.changes, first.numbers, first.skipped)
    assert "沿用上次的结果" in again.log[0] and contents(again.folder) == before
    assert "沿用上次的结果" in (out / "运行日志.log").read_text(encoding="utf-8")
    (first.folder / "每日台账情况报告.docx").unlink()  # an output removed by hand: made again
    assert not refresh(inbox, out, D2).reused
    community(Path(ledger), employees=[(XS, "陈明", ID_A, "13805951234"), (XS, "林芳", ID_B, "13905951234")])
    changed = refresh(inbox, out, D2)
    assert not changed.reused
    assert refresh(inbox, out, D2 + dt.timedelta(days=1)).reused is False  # another day
