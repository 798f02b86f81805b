"""Reports: metrics as pure functions over conversation timelines, and the queries that feed them."""
