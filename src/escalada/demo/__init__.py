"""Realistic demo traffic: brands, customers, trolls and bots writing in over one day.

Pure standard-library code with no I/O, so the demo, the simulator and benchmarks can
all draw on the same day.
"""

from escalada.demo.dataset import DemoAccount, DemoBrand, DemoDataset, DemoLabel
from escalada.demo.generator import generate_day, generate_labelled_day
from escalada.demo.stories import STORIES

__all__ = [
    "STORIES",
    "DemoAccount",
    "DemoBrand",
    "DemoDataset",
    "DemoLabel",
    "generate_day",
    "generate_labelled_day",
]
