"""Route handlers of the dialer API, one module per resource."""
