"""Storage: the table definitions (``models``), Alembic ``migrations`` and the raw-driver
``Database`` that the core runs its SQL through."""
