"""The native API's handlers, one module per resource."""
