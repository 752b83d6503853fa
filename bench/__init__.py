"""Benchmarks (not part of the test suite): ``python -m bench`` runs them all (see
bench/RESULTS.md); ``python -m bench.asgi_cost`` measures one request's CPU inside the app,
``python -m bench.protocol_cost`` the same through the HTTP protocol (uvicorn's share, no kernel);
``python -m bench.import_export`` and ``python -m bench.plusofon_put`` are the bulk parts alone."""
