"""Platform webhooks: verify, store the raw delivery, acknowledge, then process in a job."""
