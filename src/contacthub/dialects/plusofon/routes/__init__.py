"""Plusofon's handlers, one module per group of the vendor's methods."""
