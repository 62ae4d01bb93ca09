"""Shared test settings.

Hypothesis runs derandomized (the same examples on every run and every
machine) with no example database on disk, so the suite is deterministic.
"""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "course",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("course")
