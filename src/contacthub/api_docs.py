"""The API reference page at /docs: Swagger UI, served by this server, never from a CDN.

    browser ──GET /docs──────────────> SwaggerRenderPlugin's page (the OpenAPI inline)
            ──GET /docs/assets/<file>─> swagger_ui_assets: a file of the swagger-ui-py package

Litestar's plugin links jsDelivr by default; contacthub runs offline (a CI box, a closed
network), so the page takes Swagger UI's bundle, preset, CSS and icon from the ``swagger-ui-py``
distribution installed beside it. Only those four files are served, by name (no directory
listing, no path to walk), and a browser may keep them an hour: they change only with the package.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.params import FromPath
from litestar.response import File

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


def swagger_render_plugin() -> SwaggerRenderPlugin:
    """Swagger UI at /docs with every file it loads taken from this server."""
    return SwaggerRenderPlugin(
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
