import datetime as dt

import pytest

TODAY = dt.date(2022, 11, 25)


@pytest.fixture
def today():
    return TODAY
