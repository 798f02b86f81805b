"""Connections to social platforms: inbound normalisation and outbound delivery."""
