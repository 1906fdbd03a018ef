"""notices, circular, report, check-template and build-templates from the command line."""

import re
import zipfile

from docx import Document

from test_cli_policy import ledger, run

ID_PATTERN = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")


def texts(path) -> str:
    with zipfile.ZipFile(path) as archive:
        return re.sub(r"<[^>]+>", "", archive.read("word/document.xml").decode())


def test_notices_one_file_each_with_readable_names_and_a_merged_copy(tmp_path, capsys):
    out = tmp_path / "告知书"
    code, stdout, _ = run(capsys, "notices", ledger(tmp_path), "--kind", "enterprise", "--out", str(out),
                          "--date", "2022-11-25", "--merge")
    assert code == 0
    names = sorted(p.name for p in out.glob("*.docx"))
    assert names == ["企业疫情防控告知书（合并打印）_2022-11-25.docx", "晋江市鑫盛鞋业有限公司_告知书_2022-11-25.docx",
                     "福建恒达纺织科技有限公司_告知书_2022-11-25.docx"]
    assert "已生成企业疫情防控告知书 2 份" in stdout
    merged = Document(str(out / names[0]))
    assert sum(p.text.endswith("有限公司：") for p in merged.paragraphs) == 2
    first = Document(str(out / names[1]))
    assert "西街防控告〔2022〕1号" in [p.text for p in first.paragraphs]


def test_person_notices_are_masked_unless_asked(tmp_path, capsys):
    out = tmp_path / "告知单"
    run(capsys, "notices", ledger(tmp_path), "--kind", "person", "--out", str(out), "--date", "2022-11-25")
    [notice] = [p for p in out.glob("*.docx") if p.name.startswith("陈明")]
    text = texts(notice)
    assert "350582********1238" in text and "138****1234" in text and not ID_PATTERN.search(text)
    full = tmp_path / "内部"
    run(capsys, "notices", ledger(tmp_path), "--kind", "person", "--out", str(full), "--date", "2022-11-25",
        "--show-personal")
    assert "350582199003071238" in texts(next(full.glob("陈明*.docx")))


def test_escalation_rectification_and_event_documents(tmp_path, capsys):
    path = ledger(tmp_path)
    for kind, expected in (("escalation", "关于福建恒达纺织科技有限公司拒不落实疫情防控措施的报告_2022-11-25.docx"),
                           ("rectification", "福建恒达纺织科技有限公司_整改通知书_2022-11-25.docx"),
                           ("event", "晋江市鑫盛鞋业有限公司_秋冬订货会_审批表_2022-11-25.docx")):
        out = tmp_path / kind
        code, _, _ = run(capsys, "notices", path, "--kind", kind, "--out", str(out), "--date", "2022-11-25")
        assert code == 0
        assert expected in [p.name for p in out.glob("*.docx")], kind
    report = texts(tmp_path / "escalation" / "关于福建恒达纺织科技有限公司拒不落实疫情防控措施的报告_2022-11-25.docx")
    assert "至今已督促3次" in report and "2022年11月10日前整改" in report


def test_circular_and_daily_report_with_pdf(tmp_path, capsys):
    path = ledger(tmp_path)
    code, stdout, _ = run(capsys, "circular", path, "--out", str(tmp_path / "通报.docx"), "--date", "2022-11-25", "--pdf")
    assert code == 0 and (tmp_path / "通报.pdf").exists()
    circular = texts(tmp_path / "通报.docx")
    assert "全街道1个社区共摸排工业企业2家、员工399人" in circular
    assert "杨志远（党工委副书记）" in circular
    with zipfile.ZipFile(tmp_path / "通报.docx") as archive:
        assert any(name.startswith("word/media/") for name in archive.namelist())  # the chart
    code, _, _ = run(capsys, "report", path, "--out", str(tmp_path / "日报.docx"), "--date", "2022-11-25")
    assert "今日应检2人次，逾期未检2人次" in texts(tmp_path / "日报.docx")


def test_check_template_and_build_templates(tmp_path, capsys):
    code, stdout, _ = run(capsys, "build-templates", "--out", str(tmp_path / "模板"))
    assert code == 0 and len(list((tmp_path / "模板").glob("*.docx"))) == 7
    code, _, err = run(capsys, "build-templates", "--out", str(tmp_path / "模板"))
    assert code == 2 and "会覆盖办公室修改过的模板" in err
    code, stdout, _ = run(capsys, "check-template", str(tmp_path / "模板" / "整改通知书.docx"))
    assert code == 0 and "检查通过" in stdout
    code, _, err = run(capsys, "check-template", str(tmp_path / "模板" / "不存在.docx"))
    assert code == 2 and "找不到模板文件" in err


def test_running_notices_twice_replaces_the_files(tmp_path, capsys):
    path = ledger(tmp_path)
    out = tmp_path / "告知书"
    for _ in range(2):
        run(capsys, "notices", path, "--kind", "enterprise", "--out", str(out), "--date", "2022-11-25")
    assert len(list(out.glob("*.docx"))) == 2


def test_person_notices_only_for_requirements_still_running(tmp_path, capsys):
    from builders import ID_A, ID_B, write_xlsx
    from test_cli_policy import XS, T

    path = write_xlsx(tmp_path / "台账.xlsx", {
        "来晋人员登记": [["姓名", "身份证号", "手机号", "人员类型", "所属或来访企业", "来源类型", "抵晋时间"],
                         ["陈明", ID_A, "13805951234", "来访人员", XS, "省外", T(2022, 11, 20, 9)],
                         ["林芳", ID_B, "13905951234", "来访人员", XS, "高风险区", T(2022, 11, 24, 9)]],
        "核酸检测记录": [["姓名", "身份证号", "采样时间", "结果"]] +
                        [["陈明", ID_A, T(2022, 11, day, 10), "阴性"] for day in (20, 21, 22)],
    })
    out = tmp_path / "告知单"
    run(capsys, "notices", path, "--kind", "person", "--out", str(out), "--date", "2022-11-25")
    assert [p.name.split("_")[0] for p in out.glob("*.docx")] == ["林芳"]  # 陈明 is already cleared
    assert "隔离期间请勿外出" in texts(next(out.glob("林芳*.docx")))


def test_daily_report_puts_positives_first_and_counts_only_verified_entries(tmp_path, capsys):
    from builders import write_xlsx
    from test_cli_policy import XS, ID_A, T

    path = write_xlsx(tmp_path / "台账.xlsx", {
        "来晋人员登记": [["姓名", "身份证号", "手机号", "人员类型", "所属或来访企业", "来源类型", "抵晋时间"],
                         ["陈明", ID_A, "13805951234", "来访人员", XS, "省外", T(2022, 11, 24, 9)]],
        "核酸检测记录": [["姓名", "身份证号", "采样时间", "结果"], ["陈明", ID_A, T(2022, 11, 24, 10), "阳性"]],
    })
    run(capsys, "report", path, "--out", str(tmp_path / "日报.docx"), "--date", "2022-11-25")
    text = texts(tmp_path / "日报.docx")
    assert "核酸检测阳性1人" in text
    assert "【阳性报告】" in text and text.index("【阳性报告】") < text.index("三、需关注事项") + 200


def test_notices_with_a_register_number_on_across_runs_and_the_office_sets_the_next(tmp_path, capsys):
    register = tmp_path / "history.sqlite"
    path = ledger(tmp_path)
    for day, out in (("2022-11-25", "第一次"), ("2022-11-26", "第二次")):
        code, _, _ = run(capsys, "notices", path, "--kind", "enterprise", "--out", str(tmp_path / out),
                         "--date", day, "--register", str(register))
        assert code == 0
    texts = [p.text for f in sorted((tmp_path / "第二次").glob("*.docx")) for p in Document(str(f)).paragraphs]
    assert "西街防控告〔2022〕3号" in texts and "西街防控告〔2022〕4号" in texts
    code, _, stderr = run(capsys, "numbers", "--register", str(register), "--year", "2022", "--set", "enterprise", "3")
    assert code == 2 and "2022年这类文书已发到4号，下一个文号至少为5。" in stderr  # 3 would never be used
    code, stdout, _ = run(capsys, "numbers", "--register", str(register), "--year", "2022", "--set", "enterprise", "100")
    assert code == 0 and "已发文号 4 个" in stdout
    run(capsys, "notices", path, "--kind", "enterprise", "--out", str(tmp_path / "第三次"), "--date", "2022-11-27",
        "--register", str(register))
    texts = [p.text for f in (tmp_path / "第三次").glob("*.docx") for p in Document(str(f)).paragraphs]
    assert "西街防控告〔2022〕100号" in texts


def test_a_merged_file_gives_each_document_its_own_section_starting_at_page_1(tmp_path, capsys):
    import zipfile

    out = tmp_path / "告知书"
    run(capsys, "notices", ledger(tmp_path), "--kind", "enterprise", "--out", str(out), "--date", "2022-11-25",
        "--merge")
    [merged] = out.glob("*合并打印*.docx")
    with zipfile.ZipFile(merged) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    sections = re.findall(r"<w:sectPr\b.*?</w:sectPr>", body, re.DOTALL)
    assert len(sections) == 2  # two enterprises, two sections
    for section in sections:
        assert '<w:type w:val="oddPage"/>' in section and '<w:pgNumType w:start="1"/>' in section
        assert "footerReference" in section  # the page numbers go with every section


def test_merge_only_leaves_one_file_to_print(tmp_path, capsys):
    out = tmp_path / "打印"
    code, stdout, _ = run(capsys, "notices", ledger(tmp_path), "--kind", "enterprise", "--out", str(out),
                          "--date", "2022-11-25", "--merge-only")
    assert code == 0 and "合并为一个打印文件" in stdout
    assert [p.name for p in out.iterdir()] == ["企业疫情防控告知书（合并打印）_2022-11-25.docx"]
    texts = [p.text for p in Document(str(next(out.iterdir()))).paragraphs]
    assert sum(t.endswith("有限公司：") for t in texts) == 2
