"""TWIN's handlers: the IAM's login, the chat's client attributes."""

from litestar import MediaType, Response


def empty() -> Response[bytes]:
    """200 without a body: what the vendor answers to a successful write."""
    return Response(b"", status_code=200, media_type=MediaType.TEXT)
