"""Watbot's methods, one module per subject. Every method answers every usual HTTP verb: the
vendor documents POST methods and then calls them with GET or DELETE in its own examples."""

from litestar import HttpMethod

ANY_METHOD = [HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE]
