"""The policy file: the default loads, and a broken one is named key by key in Chinese."""

import datetime as dt
from pathlib import Path

import pytest

from xiyuan.rules.policy import DEFAULT_POLICY, PolicyError, load_policy

TEXT = Path(DEFAULT_POLICY).read_text(encoding="utf-8")


def test_default_policy_is_the_notice():
    policy = load_policy()
    assert policy.number == "晋政西〔2022〕81号"
    assert policy.effective == dt.date(2022, 11, 15)
    assert (policy.large_enterprise_staff, policy.escalate_after_reminders, policy.event_size) == (200, 3, 200)
    overseas = policy.category_for("来访人员", "境外")
    assert [(p.kind, p.days, p.test_days) for p in overseas.phases] == [
        ("centralised", 5, (1, 2, 3, 5)), ("home", 3, (1, 3))]


@pytest.mark.parametrize("old, new, key, words", [
    ('day_one = "arrival"', 'day_one = "tomorrow"', "document.day_one", "只能是 arrival、day_after_arrival 之一"),
    ("large_enterprise_staff = 200", 'large_enterprise_staff = "200人"', "thresholds.large_enterprise_staff", "应为整数"),
    ("escalate_after_reminders = 3", "escalate_after_reminders = -1", "thresholds.escalate_after_reminders", "不能为负数"),
    ("test_days = [1, 3, 5, 7]", "test_days = [1, 3, 5, 8]", "categories[1].phases[1].test_days", "1到7之间"),
    ('origin_types = ["高风险区"]\npre', 'origin_types = ["火星"]\npre', "categories[1].origin_types", "未知的值“火星”"),
    ('place = "home" }]\n\n[[categories]]\nkey = "staff_transit"', 'place = "moon" }]\n\n[[categories]]\nkey = "staff_transit"',
     "categories[1].phases[1].place", "不在 [places] 中"),
    ('quanzhou_large = "subdistrict"', 'quanzhou_large = "街道"', "events.quanzhou_large", "只能是 none、subdistrict、city 之一"),
    ('sentinel = "一（五）①"', 'sentry = "一（五）①"', "enterprises.internal_items.sentry", "不是台账中的内部管理项目"),
])
def test_a_broken_policy_names_the_key(tmp_path, old, new, key, words):
    assert old in TEXT
    path = tmp_path / "broken.toml"
    path.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert caught.value.key == key
    assert words in str(caught.value)
    assert str(caught.value).startswith("政策文件《broken.toml》中的“" + key + "”")


def test_a_missing_table_and_bad_toml(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text(TEXT.replace("[trucks]", "[lorries]"), encoding="utf-8")
    with pytest.raises(PolicyError, match="“lorries”不是政策文件认识的项，是否拼错了"):
        load_policy(path)
    path.write_text("[document\nnumber = 1", encoding="utf-8")
    with pytest.raises(PolicyError, match="格式有误"):
        load_policy(path)
    with pytest.raises(PolicyError, match="找不到"):
        load_policy(tmp_path / "none.toml")


def test_a_misspelt_key_does_not_silently_drop_a_rule(tmp_path):
    path = tmp_path / "typo.toml"
    path.write_text(TEXT.replace("declare_hours = 24", "declare_hour = 24", 1), encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert caught.value.key == "categories[1].declare_hour"
