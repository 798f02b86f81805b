"""Importers for public datasets in their published formats."""
