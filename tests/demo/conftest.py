from datetime import date

import pytest

from escalada.demo import generate_labelled_day

DAY = date(2025, 3, 14)


@pytest.fixture(scope="session")
def labelled_day():
    return generate_labelled_day(seed=7, day=DAY, volume=600)


@pytest.fixture(scope="session")
def dataset(labelled_day):
    return labelled_day[0]


@pytest.fixture(scope="session")
def labels(labelled_day):
    return labelled_day[1]
