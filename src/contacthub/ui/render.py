"""Pages from Jinja2 templates (``ui/templates``), escaped, in the viewer's language.

Templates get ``_`` (the translator: ``_("text")``, ``_.number(n)``, ``_.when(datetime)``),
``viewer`` (None on the sign-in page), ``csrf`` (the hidden field every form carries) and
``path`` (to mark the current section in the menu). A request sent by the page's own script
(``X-Requested-With: fetch``) may get a fragment: the template's ``results`` block alone.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from litestar import MediaType, Response
from litestar.datastructures import Cookie
from markupsafe import Markup

from contacthub.dialects.http import AnyRequest
from contacthub.ui.i18n import Locale, Translator, locale_of
from contacthub.ui.session import CSRF_FIELD, Viewer

TEMPLATES = Path(__file__).parent / "templates"
STATIC_PATH = "/ui/static"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["static"] = lambda name: f"{STATIC_PATH}/{name}"
    return env


def wants_fragment(request: AnyRequest) -> bool:
    return request.headers.get("x-requested-with") == "fetch"


def page(
    request: AnyRequest,
    viewer: Viewer | None,
    template: str,
    *,
    status: int = 200,
    cookies: list[Cookie] | None = None,
    headers: dict[str, str] | None = None,
    fragment: bool = False,
    **context: Any,
) -> Response[str]:
    """The rendered template as an HTML answer."""
    locale: Locale = viewer.locale if viewer is not None else locale_of(request)
    translate = Translator(locale)
    csrf = ""
    if viewer is not None:
        csrf = Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, viewer.csrf)
    values = {
        "_": translate,
        "locale": locale,
        "viewer": viewer,
        "csrf": csrf,
        "path": request.url.path,
        "here": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
        **context,
    }
    compiled = environment().get_template(template)
    if fragment:
        body = "".join(compiled.blocks["results"](compiled.new_context(values)))
    else:
        body = compiled.render(values)
    return Response(
        body,
        status_code=status,
        media_type=MediaType.HTML,
        cookies=cookies,
        headers={"Vary": "Accept-Language, Cookie", **(headers or {})},
    )
