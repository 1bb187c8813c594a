"""Swagger UI served from the installed ``swagger-ui-bundle`` package, never from a CDN.

``/docs`` is FastAPI's Swagger page pointed at ``/docs/assets/...``, files read from the
package's folder (only the three the page needs); the validator badge, which would
call out to a public validator, is off. There is no ReDoc page: no PyPI package ships
its script, and a page that loads it from a CDN is blank offline. ``/openapi.json``
is always served. Without the package (or with ``docs`` off) there is no ``/docs``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from .errors import not_found

DOCS_PATH = "/docs"
ASSETS_PATH = f"{DOCS_PATH}/assets"
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon-32x32.png": "image/png",
}


def swagger_ui_folder() -> Path | None:
    """The installed Swagger UI files, or None when the package is missing."""
    try:
        import swagger_ui_bundle  # type: ignore[import-untyped]
    except ImportError:
        return None
    folder = Path(swagger_ui_bundle.swagger_ui_path)
    return folder if all((folder / name).is_file() for name in ASSETS) else None


def add_docs(app: FastAPI) -> bool:
    """Mount ``/docs`` and its assets; False (and no page) when the files are missing."""
    folder = swagger_ui_folder()
    if folder is None:
        return False
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get(DOCS_PATH, include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=root + openapi_url,
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{root}{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_PATH}/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get(ASSETS_PATH + "/{name}", include_in_schema=False)
    async def swagger_asset(name: str) -> FileResponse:
        if name not in ASSETS:
            raise not_found(f"asset {name!r}")
        return FileResponse(folder / name, media_type=ASSETS[name])

    return True
