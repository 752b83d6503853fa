"""Everything between the socket and Litestar: the server's runtime layer.

    socket ─> protocol (raw UTF-8 request lines, bounded heads, batched writes: uvicorn's
              httptools protocol extended through its documented hooks)
           ─> stack: observability (request id, metrics, logs)
                      ├─> hot_lane ─> a dialect's hot route
                      └─> security_headers ─> Litestar (allowed_methods: OPTIONS answers)

This package may import ``dialects`` (the hot lane runs their hot routes); ``dialects`` and
``core`` never import it (tests/test_architecture.py).
"""
