"""The ``contacthub`` command (typer). It calls the core directly, never the HTTP API."""
