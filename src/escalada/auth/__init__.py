"""Users, roles, sessions, API tokens and the dependencies that guard every route."""
