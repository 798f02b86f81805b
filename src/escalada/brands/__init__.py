"""Brands and the platform accounts they answer from."""
