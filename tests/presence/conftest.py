from tests.replies.conftest import agents, feed  # noqa: F401  (shared fixtures)
