"""Every figure a document shows comes from the policy file: with an altered copy of the
policy (7+3 for overseas arrivals, 300 people, 72 and 12 hours, 5 days) every kind of
document says the new figures and none of the old ones."""

import datetime as dt
import doctest
import io
import re
import zipfile

import pytest

from test_cli_policy import ledger, run
from xiyuan.outputs import documents
from xiyuan.rules import policy_words
from xiyuan.rules.assess import assess
from xiyuan.outputs.docx_render import BatchRenderer, check_template
from xiyuan.checks.load import load_files
from xiyuan.rules.policy import DEFAULT_POLICY, load_policy
from xiyuan.outputs.document_kinds import NOTICE_KINDS
from xiyuan.outputs.templates_build import TEMPLATE_FILES
from xiyuan.rules.due_today import today_items
from xiyuan.checks.validate import Options

from test_documents import TEMPLATES

DAY = dt.date(2022, 11, 25)
OLD_OVERSEAS = '{ kind = "centralised", label = "集中隔离", days = 5, test_days = [1, 2, 3, 5], place = "centralised" }'
NEW_OVERSEAS = '{ kind = "centralised", label = "集中隔离", days = 7, test_days = [1, 2, 3, 5, 7], place = "centralised" }'
CHANGES = [  # (old text, new text, how many times it occurs in the shipped policy)
    (OLD_OVERSEAS, NEW_OVERSEAS, 1),
    ("large_enterprise_staff = 200", "large_enterprise_staff = 300", 1),
    ("event_size = 200", "event_size = 300", 1),
    ("event_approval_days = 7", "event_approval_days = 5", 1),
    ("pre_test_hours = 48", "pre_test_hours = 72", 3),
    ("test_within_hours_of_arrival = 48", "test_within_hours_of_arrival = 72", 1),
    ("test_within_hours = 48", "test_within_hours = 72", 1),
    ("declare_hours = 24", "declare_hours = 12", 6),
]
# Figures of the shipped policy that must not survive into a document of the altered one.
OLD = ("集中隔离5天", "第1、2、3、5天", "200人以上", "200人以内", "48小时", "24小时", "提前7天", "前7天）")


@pytest.fixture(scope="module")
def altered(tmp_path_factory):
    text = DEFAULT_POLICY.read_text(encoding="utf-8")
    for old, new, times in CHANGES:
        assert text.count(old) == times, old
        text = text.replace(old, new)
    path = tmp_path_factory.mktemp("policy") / "新通知.toml"
    path.write_text(text, encoding="utf-8")
    return path


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return re.sub(r"<[^>]+>", "", archive.read("word/document.xml").decode())


# --- the words --------------------------------------------------------------------------


def test_doctests_of_policy_words():
    failures, tried = doctest.testmod(policy_words)
    assert tried > 10 and failures == 0


def test_the_shipped_policy_reads_as_the_notice_did():
    words = policy_words.words(load_policy())
    assert "抵晋后居家隔离7天，第1、3、5、7天各检测1次" in words["staff_text"]
    assert words["staff_text"].endswith("途经高风险区的差旅返岗人员，提前24小时自主申报并向社区报告")
    assert "境外来晋人员，来晋前48小时内完成1次核酸检测，提前24小时自主申报，抵晋后集中隔离5天加居家隔离3天，" \
           "集中隔离第1、2、3、5天和居家隔离第1、3天各检测1次" in words["visitor_text"]
    assert words["visitor_text"].endswith("其他省外来晋人员，抵晋后第一时间落地检测，并在第2、3天各检测1次")
    assert "省内来晋人员" not in words["visitor_text"]  # no requirement: not listed
    assert words["truck_text"] == "来晋货车司乘人员提前24小时自主申报，持48小时内核酸阴性证明，入晋后第一时间落地检测"
    assert "提前7天" in words["event_text"] and "规模200人以上的" in words["event_text"]
    assert (words["large_staff"], words["event_days"], words["event_clause"]) == (200, 7, "一（四）")
    assert words["requirements"]["overseas"]["clause"] == "一（二）②"


def test_the_altered_policy_reads_naturally(altered):
    words = policy_words.words(load_policy(altered))
    overseas = words["requirements"]["overseas"]["text"]
    assert overseas == ("来晋前72小时内完成1次核酸检测，提前12小时自主申报，抵晋后集中隔离7天加居家隔离3天，"
                        "集中隔离第1、2、3、5、7天和居家隔离第1、3天各检测1次，期满且结果均为阴性后方可进入厂区")
    assert words["truck_text"] == "来晋货车司乘人员提前12小时自主申报，持72小时内核酸阴性证明，入晋后第一时间落地检测"
    assert words["event_text"].startswith("举办商务活动须制定疫情防控工作方案和应急预案，按规模和人员来源提前5天报审批或备案")
    assert "规模300人以内的，由街道防控办审批并报市防控办备案，300人以上的，报市防控办审批" in words["event_text"]
    assert words["large_staff"] == 300
    for value in (words["staff_text"], words["visitor_text"], words["truck_text"], words["event_text"]):
        assert not any(old in value for old in OLD), value


def test_phrases_for_other_shapes_of_rule():
    from xiyuan.rules.policy import Phase

    one_day = [Phase("home", "居家隔离", 3, (3,), "home")]
    assert policy_words.test_words(one_day) == "第3天检测1次"
    later = [Phase("none", "落地检测", 3, (2, 3), "convenience")]
    assert policy_words.test_words(later) == "抵晋后在第2、3天各检测1次"
    three = [Phase("centralised", "集中隔离", 2, (1,), "centralised"), Phase("home", "居家隔离", 2, (2,), "home"),
             Phase("none", "健康监测", 3, (1, 3), "convenience")]
    assert policy_words.isolation_words(three) == "集中隔离2天加居家隔离2天"
    assert policy_words.test_words(three) == "集中隔离第1天、居家隔离第2天和健康监测第1、3天各检测1次"


# --- the documents ------------------------------------------------------------------------


def check(text: str, kind: str, expected=()) -> None:
    leftovers = [old for old in OLD if old in text]
    assert not leftovers, (kind, leftovers)
    for new in expected:
        assert new in text, (kind, new)


EXPECTED = {
    "enterprise": ("集中隔离7天加居家隔离3天", "集中隔离第1、2、3、5、7天和居家隔离第1、3天各检测1次", "来晋前72小时内",
                   "提前12小时自主申报", "持72小时内核酸阴性证明", "提前5天", "300人以上", "300人以内"),
    "person": ("集中隔离7天加居家隔离3天", "来晋前72小时内", "提前12小时自主申报", "集中隔离第7天"),
    "event": ("活动前5天",),
    "circular": ("300人以上或人员进出频繁",),
}


@pytest.mark.parametrize("kind", list(TEMPLATE_FILES))
def test_sample_documents_follow_the_policy(altered, kind):
    policy = load_policy(altered)
    context = documents.sample_context(kind, policy=policy)
    assert check_template(TEMPLATES / TEMPLATE_FILES[kind], context) == []
    if kind == "circular":
        context["chart"] = ""
    check(docx_text(BatchRenderer(TEMPLATES / TEMPLATE_FILES[kind]).render(context)), kind, EXPECTED.get(kind, ()))


@pytest.fixture(scope="module")
def rendered(altered, tmp_path_factory):
    """Every kind of document from real ledgers under the altered policy: kind -> texts."""
    folder = tmp_path_factory.mktemp("documents")
    loaded = load_files([ledger(folder)], Options(today=DAY))
    assessment = assess(loaded, load_policy(altered), DAY)
    contexts = documents.Contexts(assessment, documents.load_settings(), DAY)
    texts = {}
    for kind in NOTICE_KINDS:
        plan = documents.notice_plan(kind, contexts)
        files = documents.write_notices(plan, TEMPLATES / TEMPLATE_FILES[kind], folder / kind)
        texts[kind] = [docx_text(f.read_bytes()) for f in files]
    circular = documents.write_circular(contexts, TEMPLATES / TEMPLATE_FILES["circular"], folder / "通报.docx")
    texts["circular"] = [docx_text(circular.read_bytes())]
    daily = documents.write_single(TEMPLATES / TEMPLATE_FILES["daily"],
                                   contexts.daily(today_items(assessment), 0), folder / "日报.docx")
    texts["daily"] = [docx_text(daily.read_bytes())]
    return texts


@pytest.mark.parametrize("kind", list(TEMPLATE_FILES))
def test_documents_from_ledgers_follow_the_policy(rendered, kind):
    assert rendered[kind], kind  # the ledger gives at least one document of each kind
    for text in rendered[kind]:
        check(text, kind)
    if kind in EXPECTED:
        check("".join(rendered[kind]), kind, EXPECTED[kind])


def test_person_notice_from_ledgers_dates_the_longer_isolation(rendered):
    [chen] = [t for t in rendered["person"] if "陈明" in t]
    # arrived 2022-11-20, day 1 = arrival: 7 days centralised then 3 at home
    assert "集中隔离：2022年11月20日至2022年11月26日" in chen
    assert "居家隔离：2022年11月27日至2022年11月29日" in chen
    assert "2022年11月30日起" in chen


def test_enterprise_notices_from_the_command_line_follow_the_policy(altered, tmp_path, capsys):
    out = tmp_path / "告知书"
    code, _, _ = run(capsys, "notices", ledger(tmp_path), "--kind", "enterprise", "--out", str(out),
                     "--date", "2022-11-25", "--policy", str(altered))
    assert code == 0
    files = sorted(out.glob("*.docx"))
    assert files
    for path in files:
        check(docx_text(path.read_bytes()), "enterprise", EXPECTED["enterprise"])


# --- help texts and console summaries ------------------------------------------------------


@pytest.mark.parametrize("command", ["flag", "schedule", "events"])
def test_help_quotes_the_policy_named_on_the_command_line(altered, command, capsys):
    from xiyuan.faces.cli import main

    with pytest.raises(SystemExit):
        main([command, "--policy", str(altered), "--help"])
    altered_help = capsys.readouterr().out
    with pytest.raises(SystemExit):
        main([command, "--help"])
    shipped_help = capsys.readouterr().out
    new = {"flag": ["300人以上"], "schedule": ["72小时核酸", "12小时申报"], "events": ["提前5天"]}[command]
    gone = {"flag": ["200人"], "schedule": ["48小时", "24小时"], "events": ["提前7天"]}[command]
    for figure in new:
        assert figure in altered_help and figure not in shipped_help
    for figure in gone:
        assert figure not in altered_help and figure in shipped_help


def test_console_summaries_quote_the_policy_in_force(altered, tmp_path, capsys):
    path = ledger(tmp_path)
    _, out, _ = run(capsys, "flag", path, "--date", "2022-11-25", "--policy", str(altered))
    assert "300人以上" in out and "200人" not in out
    _, shipped, _ = run(capsys, "flag", path, "--date", "2022-11-25")
    assert "200人以上" in shipped


def test_the_demo_follows_the_policy_it_is_given(altered, tmp_path):
    from collections import Counter

    from xiyuan import demo
    from xiyuan.pipeline import Run

    policy = load_policy(altered)
    manifest = demo.build_demo(tmp_path, communities=2, enterprises=20, employees=1500, policy=policy)
    cases = Counter(case["case"] for case in manifest.cases)
    assert cases["headcount_at_threshold"] and cases["event_size_at_limit_省外"] + cases["event_size_at_limit_泉州市内"]
    run = Run.from_paths(manifest.files, demo.DEMO_DATE, policy)
    rows = {(e.enterprise.source.file, e.enterprise.source.row): e for e in run.enterprises}
    at = [c for c in manifest.cases if c["case"] == "headcount_at_threshold"]
    assert any(rows[(c["file"], c["row"])].employees == 300 and rows[(c["file"], c["row"])].key for c in at)
    # the overseas arrivals' test records follow 7+3: a centralised day-7 test is planted, none of 5+3's home days
    overseas = [p for p in run.people if p.category and p.category.key == "overseas"]
    assert overseas and all(len(p.tests) == 7 for p in overseas)
    remarks = {record for sheet in ("来晋人员登记",) for record in _remarks(manifest.files, sheet)}
    assert "集中隔离7天+居家隔离3天" in remarks and "集中隔离5天+居家隔离3天" not in remarks


def _remarks(files, sheet_name):
    from python_calamine import CalamineWorkbook

    for path in files:
        rows = CalamineWorkbook.from_path(path).get_sheet_by_name(sheet_name).to_python()
        for row in rows:
            for cell in row:
                if isinstance(cell, str) and "隔离" in cell and "+" in cell:
                    yield cell
