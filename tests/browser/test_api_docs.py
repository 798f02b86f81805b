"""The API docs render in chromium with no internet: Swagger UI comes from the package."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_api_docs_render_offline(browser, live_server):
    base, _ = live_server
    context = browser.new_context()
    page = context.new_page()
    external = []
    page.on("request", lambda request: external.append(request.url)
            if not request.url.startswith(base) and not request.url.startswith("data:") else None)
    try:
        page.goto(f"{base}/docs")
        page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
        assert "Escalada" in page.locator(".swagger-ui .info .title").inner_text()
        assert page.locator(".opblock").count() > 20  # the operations are listed
        assert external == []
    finally:
        context.close()
