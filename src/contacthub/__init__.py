"""contacthub: one contact store that speaks the Watbot, Obzvonilka, TWIN and Plusofon APIs."""

__version__ = "0.1.0"
