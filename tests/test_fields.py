"""Each field check with exact inputs and outputs; the library traps as regression cases."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import ID_A, ID_B, USCC_A, id_with_check, uscc_with_check
from xiyuan.checks.fields import Rules, count, dates, id_number, phone, plate, uscc, yesno

TODAY = dt.date(2022, 11, 25)


def codes(problems):
    return [p.code for p in problems]


# --- ID numbers -------------------------------------------------------------------------


@pytest.mark.parametrize("raw, value, found", [
    (ID_A, ID_A, []),
    # stdnum.cn.ric rejects this one: 350582 dates from 1992, the holder from 1990
    ("350582199003071238", "350582199003071238", []),
    (id_with_check("35052219850102003"), id_with_check("35052219850102003"), []),
    (" 350582199003071238 ", "350582199003071238", ["id_number.normalized"]),
    ("３５０５８２１９９００３０７１２３８", "350582199003071238", ["id_number.normalized"]),
    ("35058219900307123\u00a08", "350582199003071238", ["id_number.normalized"]),
    ("350582199003071239", None, ["id_number.checksum"]),
    ("35058219900307123", None, ["id_number.length"]),
    ("350582900307123", None, ["id_number.old_format"]),
    ("35058219900307123Y", None, ["id_number.chars"]),
    ("350582199013071238", None, ["id_number.birth_date"]),
    (id_with_check("35058220250101001"), None, ["id_number.birth_future"]),
    (id_with_check("35058218800101001"), None, ["id_number.birth_date"]),
    (3.50582199003071e17, None, ["id_number.stored_as_number"]),
    (350582199003071238, None, ["id_number.stored_as_number"]),
    (id_with_check("99058219900307123"), id_with_check("99058219900307123"), ["id_number.area_unknown"]),
    ("", None, []),
])
def test_id_number(raw, value, found):
    got, problems = id_number.check(raw, Rules(today=TODAY))
    assert got == value
    assert codes(problems) == found


def test_lower_case_x_is_fixed_and_reported():
    number = next(id_with_check(f"350582199003071{n:02d}") for n in range(100)
                  if id_with_check(f"350582199003071{n:02d}").endswith("X"))
    got, problems = id_number.check(number.lower(), Rules(today=TODAY))
    assert got == number
    assert codes(problems) == ["id_number.normalized"]
    assert problems[0].params == {"fixed": number}


def test_float_id_message_shows_what_excel_shows():
    _, problems = id_number.check(3.50582199503151e17, Rules(today=TODAY))
    assert problems[0].params == {"shown": "3.50582E+17"}
    # int() of that float looks like an ID and fails only the check digit: we must not go there
    assert int(3.50582199503151e17) == 350582199503150976


def test_mask():
    assert id_number.mask("35058219900307123X") == "350582********123X"


@given(st.sampled_from(["350582", "350521", "510322", "110101"]),
       st.dates(dt.date(1900, 1, 1), TODAY), st.integers(0, 999))
def test_any_number_with_its_check_character_is_valid(area, born, sequence):
    number = id_with_check(f"{area}{born:%Y%m%d}{sequence:03d}")
    assert id_number.check(number, Rules(today=TODAY)) == (number, ())


@given(st.text(alphabet="0123456789", min_size=17, max_size=17), st.sampled_from("0123456789X"))
def test_base13_checksum_equals_the_weighted_sum(first17, last):
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    expected = "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]
    assert id_number.checksum_ok(first17 + last) == (last == expected)


@given(st.integers(0, 16), st.integers(1, 9))
def test_changing_one_digit_breaks_the_checksum(position, delta):
    digits = list(ID_B)
    digits[position] = str((int(digits[position]) + delta) % 10)
    assert not id_number.checksum_ok("".join(digits))


# --- credit codes -----------------------------------------------------------------------


@pytest.mark.parametrize("raw, value, found", [
    (USCC_A, USCC_A, []),
    # village collectives (N2…) and other departments (Y1…): stdnum.cn.uscc rejects these
    (uscc_with_check("N2350582MA2Y0K1A1"), uscc_with_check("N2350582MA2Y0K1A1"), []),
    (uscc_with_check("Y1350582MA2Y0K1A1"), uscc_with_check("Y1350582MA2Y0K1A1"), []),
    (USCC_A.lower(), USCC_A, ["uscc.normalized"]),
    (USCC_A[:-1] + ("0" if USCC_A[-1] != "0" else "1"), None, ["uscc.checksum"]),
    (USCC_A[:17], None, ["uscc.length"]),
    ("91350582MA2Y0K1AI" + "8", None, ["uscc.chars"]),
])
def test_uscc(raw, value, found):
    got, problems = uscc.check(raw)
    assert got == value
    assert codes(problems) == found


@given(st.text(alphabet=uscc.ALPHABET, min_size=17, max_size=17))
def test_uscc_check_character_round_trip(first17):
    assert uscc.check(first17 + uscc.check_character(first17)) == (first17 + uscc.check_character(first17), [])


# --- phones -----------------------------------------------------------------------------


@pytest.mark.parametrize("raw, value, found", [
    ("13805951234", "13805951234", []),
    (13805951234.0, "13805951234", []),  # stored as a number: the 11 digits survive
    ("1.3805951234E+10", "13805951234", ["phone.normalized"]),
    ("138 0595 1234", "13805951234", ["phone.normalized"]),
    ("+86 138-0595-1234", "13805951234", ["phone.normalized"]),
    ("008613805951234", "13805951234", ["phone.normalized"]),
    ("１３８０５９５１２３４", "13805951234", ["phone.normalized"]),
    ("14012345678", None, ["phone.mobile_invalid"]),
    ("1380595123", None, ["phone.invalid"]),  # 10-digit mobile: is_possible_number would accept
    ("0595-22345678", "0595-22345678", []),
    ("059522345678", "0595-22345678", []),
    (59522345678.0, "0595-22345678", ["phone.lost_zero"]),
    ("22345678", "22345678", ["phone.no_area_code"]),  # not Tianjin
    ("010-12345678", "010-12345678", []),
    ("电话13805951234", None, ["phone.invalid"]),
])
def test_phone(raw, value, found):
    got, problems = phone.check(raw)
    assert got == value
    assert codes(problems) == found


def test_phone_mask():
    assert phone.mask("13805951234") == "138****1234"


# --- plates -----------------------------------------------------------------------------


@pytest.mark.parametrize("raw, value, found", [
    ("闽C12345", "闽C12345", []),
    ("闽CA1234", "闽CA1234", []),
    ("闽C·12345", "闽C12345", ["plate.normalized"]),
    ("闽c 12345", "闽C12345", ["plate.normalized"]),
    ("粤BD12345", "粤BD12345", []),       # new energy, small
    ("沪A12345D", "沪A12345D", []),       # new energy, large
    ("鲁B1234挂", "鲁B1234挂", []),
    ("粤Z1234港", "粤Z1234港", []),
    ("闽CAB123", "闽CAB123", []),         # two letters among five: allowed
    ("闽CABC12", None, ["plate.invalid"]),  # three letters: not allowed
    ("闽CI2345", None, ["plate.invalid"]),  # I is not used
    ("C12345", None, ["plate.province"]),
])
def test_plate(raw, value, found):
    got, problems = plate.check(raw)
    assert got == value
    assert codes(problems) == found


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, with_time, value, found", [
    ("2022-11-15", False, dt.date(2022, 11, 15), []),
    ("2022/11/15", False, dt.date(2022, 11, 15), []),
    ("2022.11.15", False, dt.date(2022, 11, 15), []),
    ("2022年11月15日", False, dt.date(2022, 11, 15), []),
    ("20221115", False, dt.date(2022, 11, 15), []),
    (" 2022-11-15 ", False, dt.date(2022, 11, 15), []),
    ("11月15日", False, dt.date(2022, 11, 15), ["date.no_year"]),
    (11.1, False, None, ["date.decimal"]),
    (11.15, False, None, ["date.decimal"]),
    (44880, False, dt.date(2022, 11, 15), ["date.serial"]),
    (dt.datetime(2022, 11, 15, 8, 30), False, dt.date(2022, 11, 15), []),
    (dt.datetime(2022, 11, 15, 8, 30), True, dt.datetime(2022, 11, 15, 8, 30), []),
    ("2022-11-15 8:30", True, dt.datetime(2022, 11, 15, 8, 30), []),
    ("2022-11-15 23:59", True, dt.datetime(2022, 11, 15, 23, 59), []),
    ("2022年11月15日下午3点", True, dt.datetime(2022, 11, 15, 15, 0), []),
    ("2022年11月15日 14时30分", True, dt.datetime(2022, 11, 15, 14, 30), []),
    ("2022-11-15", True, dt.date(2022, 11, 15), []),  # a date alone stays a date
    ("2022-02-30", False, None, ["date.invalid"]),
    ("2022-11-15 25:00", True, None, ["date.invalid"]),
    (dt.time(8, 30), True, None, ["date.time_only"]),
    ("下周一", False, None, ["date.invalid"]),
])
def test_dates(raw, with_time, value, found):
    got, problems = dates.check(raw, Rules(with_time=with_time, today=dt.date(2022, 11, 25)))
    assert got == value
    assert codes(problems) == found


@pytest.mark.parametrize("raw, reference, value", [
    ("12月29日", dt.date(2023, 1, 3), dt.date(2022, 12, 29)),
    ("1月2日", dt.date(2022, 12, 30), dt.date(2023, 1, 2)),
    ("6月1日", dt.date(2022, 11, 25), dt.date(2022, 6, 1)),
])
def test_a_date_without_year_is_read_nearest_the_reference(raw, reference, value):
    got, problems = dates.check(raw, Rules(today=reference))
    assert got == value
    assert problems == [dates.Problem("date.no_year", {"year": value.year})]


# --- yes/no and counts ------------------------------------------------------------------


@pytest.mark.parametrize("raw, value", [
    ("是", True), ("否", False), ("有", True), ("无", False), ("√", True), ("×", False),
    ("Y", True), ("n", False), (True, True), (1.0, True), (0.0, False), ("已设立", True),
    ("未制定", False), (" 是 ", True),
])
def test_yesno(raw, value):
    assert yesno.check(raw) == (value, [])


@pytest.mark.parametrize("raw", ["待定", "未知", "不清楚", "无法确定", "不适用"])
def test_yesno_non_answers_are_not_read_as_no(raw):
    assert yesno.check(raw) == (None, [yesno.Problem("yesno.invalid")])


@pytest.mark.parametrize("raw, value", [("已设立缓冲区", True), ("未制定方案", False), ("尚未建立", False)])
def test_yesno_done_and_not_done_phrases(raw, value):
    assert yesno.check(raw) == (value, [])


@pytest.mark.parametrize("raw, value, found", [
    (50.0, 50, []), ("50", 50, []), ("50人", 50, ["count.normalized"]), ("约50名", 50, ["count.normalized"]),
    ("1,200", 1200, []), (12.5, None, ["count.not_integer"]), (-3.0, None, ["count.negative"]),
    ("很多", None, ["count.invalid"]),
])
def test_count(raw, value, found):
    got, problems = count.check(raw)
    assert got == value
    assert codes(problems) == found


def test_count_upper_bound_is_a_warning():
    assert count.check(5.0, Rules(minimum=0, maximum=4)) == (5, [count.Problem("count.implausible", {"maximum": 4})])


@given(st.lists(st.one_of(
    st.builds(lambda area, born, seq: id_with_check(f"{area}{born:%Y%m%d}{seq:03d}"),
              st.sampled_from(["350582", "350521", "990000", "110101"]), st.dates(dt.date(1890, 1, 1), dt.date(2030, 1, 1)),
              st.integers(0, 999)),
    st.text(alphabet="0123456789X", min_size=16, max_size=19),
    st.just(""), st.floats(1e17, 9e17),
), max_size=30))
def test_check_many_agrees_with_check(values):
    assert id_number.check_many(values, Rules(today=TODAY)) == [
        id_number.check(v, Rules(today=TODAY)) if v != "" else (None, ()) for v in values]


@given(st.lists(st.one_of(st.sampled_from(["13805951234", "14012345678", "0595-22345678", "", "22345678"]),
                          st.text(alphabet="0123456789 -+", max_size=14), st.floats(1e9, 2e10)), max_size=20))
def test_phone_check_many_agrees_with_check(values):
    assert phone.check_many(values) == [phone.check(v) if v != "" else (None, ()) for v in values]



def test_every_kind_of_field_has_a_module_with_the_shared_functions_and_doctests():
    import doctest
    import inspect

    from xiyuan.checks.fields import checks
    from xiyuan.intake import schema

    registry = checks()
    kinds = {f.kind for role in schema.ROLES for f in role.fields}
    assert kinds <= set(registry)
    for module in set(registry.values()):
        assert list(inspect.signature(module.check).parameters) == ["raw", "rules"], module.__name__
        assert list(inspect.signature(module.check_many).parameters) == ["values", "rules"], module.__name__
        failures, tried = doctest.testmod(module)
        assert tried >= 1 and failures == 0, module.__name__
