"""The API reference page at /docs: Swagger UI, served by this server, never from a CDN.

    browser ──GET /docs──────────────> the page: a dropdown of documents, contacthub's first
            ──GET /openapi.json ─────> contacthub's own API (Litestar's document)
            ──GET /openapi/<vendor>.json> a vendor dialect's (dialects.vendor_docs), one each
            ──GET /docs/assets/<file>─> swagger_ui_assets: a file of the swagger-ui-py package

Litestar's plugin links jsDelivr by default; contacthub runs offline (a CI box, a closed
network), so the page takes Swagger UI's bundle, preset, CSS and icon from the ``swagger-ui-py``
distribution installed beside it. Only those four files are served, by name (no directory
listing, no path to walk), and a browser may keep them an hour: they change only with the package.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from litestar import MediaType, Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.params import FromPath
from litestar.response import File

from contacthub.dialects import Dialect
from contacthub.dialects.vendor_docs import build

ASSETS_PATH = "/docs/assets"
# Each file with its media type: every answer carries nosniff, so a browser runs a script or
# applies a stylesheet only under its own type.
SWAGGER_UI_FILES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon-32x32.png": "image/png",
}


def _swagger_ui_static() -> Path:
    # find_spec locates the package without importing it: its __init__ pulls in jinja2 and the
    # handlers for other frameworks, none of which the files need.
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the swagger-ui-py package is not installed (a contacthub dependency)")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


VENDOR_DOCS_PATH = "/openapi"


def vendor_document_path(dialect: Dialect) -> str:
    return f"{VENDOR_DOCS_PATH}/{dialect.name}.json"


class SwaggerWithVendors(SwaggerRenderPlugin):
    """Litestar's Swagger UI page with a dropdown of documents (Swagger UI's ``urls`` and its
    standalone layout's top bar): contacthub's own API first, then each vendor's."""

    def __init__(self, documents: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.documents = [{"url": url, "name": name} for url, name in documents]

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        """The page; the documents are fetched from this server by the page itself."""
        title = openapi_schema["info"]["title"]
        # json.dumps of our own names and paths; "</" cannot occur in them (no script break-out).
        urls = json.dumps([{"url": "/openapi.json", "name": title}, *self.documents])
        return f"""<!DOCTYPE html><html><head><title>{title}</title>{self.favicon}
<meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1">
<link href="{self.css_url}" rel="stylesheet">
<script src="{self.js_url}"></script><script src="{self.standalone_preset_js_url}"></script>
</head><body><div id="swagger-container"></div><script type="text/javascript">
const ui = SwaggerUIBundle({{
  urls: {urls},
  dom_id: "#swagger-container",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout",
}});
</script></body></html>""".encode()


def swagger_render_plugin(dialects: Sequence[Dialect] = ()) -> SwaggerRenderPlugin:
    """Swagger UI at /docs with every file it loads taken from this server."""
    documents = [(vendor_document_path(d), d.docs.title) for d in dialects if d.docs is not None]
    return SwaggerWithVendors(
        documents,
        path="/docs",
        js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
        css_url=f"{ASSETS_PATH}/swagger-ui.css",
        standalone_preset_js_url=f"{ASSETS_PATH}/swagger-ui-standalone-preset.js",
        favicon=f"<link rel='icon' type='image/png' href='{ASSETS_PATH}/favicon-32x32.png'>",
    )


@get(f"{ASSETS_PATH}/{{name:str}}", include_in_schema=False, sync_to_thread=False)
def swagger_ui_assets(name: FromPath[str]) -> File:
    """One of Swagger UI's files for the /docs page."""
    media_type = SWAGGER_UI_FILES.get(name)
    if media_type is None:
        raise NotFoundException()
    return File(
        _swagger_ui_static() / name,
        media_type=media_type,
        content_disposition_type="inline",
        headers={"Cache-Control": "public, max-age=3600"},
    )


def _answering(document: str) -> Any:
    def answer() -> Response[str]:
        return Response(document, media_type=MediaType.JSON)

    return answer


def vendor_documents(dialects: Sequence[Dialect], version: str) -> list[HTTPRouteHandler]:
    """A GET handler per vendor dialect with declarations, answering its document (built here,
    once: a route without a declaration stops the app from being built)."""
    handlers: list[HTTPRouteHandler] = []
    for dialect in dialects:
        if dialect.docs is None:
            continue
        answer = _answering(json.dumps(build(dialect.router, dialect.docs, version=version)))
        answer.__doc__ = f"The OpenAPI document of the {dialect.docs.title} dialect."
        handlers.append(
            get(vendor_document_path(dialect), include_in_schema=False, sync_to_thread=False)(
                answer
            )
        )
    return handlers
