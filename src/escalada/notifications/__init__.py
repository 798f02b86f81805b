"""In-app notifications: @mentions in notes, approval decisions."""
