"""Walk every page a user can reach, for the page gates (accessibility, language leaks).

``crawl(context, ...)`` starts at the home page of a signed-in (or anonymous) browser context and
follows same-origin links breadth first, opening ONE URL per Django view name (a few more when the
query string names other parameters: a filtered list is another page), up to ``limit`` pages. Each
URL is fetched through the context's API client (its cookies, no page): its status is recorded
(anything but 200 is a failure the caller reports) and the links of HTML answers are followed;
downloads (CSV, PDF, XLSX, SVG, signed tokens) are checked for their status only. The caller
opens the HTML pages in the browser for its checks (``open_page``).

Never followed: sign-out, the admin site, the API and its documentation (a third-party page), the
node-to-node exchange endpoints, static files, and the language switch (a POST).

``visible_texts(page)`` returns what a reader sees or hears on the open page: its text nodes
(menus and dialogs included, as they open), its title, and the ``title``, ``placeholder``,
``aria-label`` and ``alt`` attributes and button values, each with where it stands
(``other_language``: inside an element whose ``lang`` is not the page's; ``isolated``: inside
``<bdi>``, ``dir="auto"`` or a form field, that is user or other-language data).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from entraide.accounts.models import User

LIMIT = 80
MAX_VARIANTS = 3  # URLs per view name: the bare one and two with other query parameters
SKIP_PREFIXES = (
    "/admin/",  # Django's admin site: its own templates and translations
    "/api/",  # JSON, and the API documentation page (Redoc, a third-party page)
    "/exchange/v1/",  # node-to-node protocol endpoints, not pages
    "/static/",
    "/i18n/",  # the language switch: a POST
    "/accounts/logout/",  # would end the session being crawled
)
# Query parameters that do not make another page: pagination and sort order.
PAGING_PARAMETERS = {"page", "sort", "order", "o"}


@dataclass
class Found:
    """One URL the crawl opened (or fetched, for a download)."""

    url: str  # path and query string
    view: str  # the Django view name it resolves to
    status: int
    content_type: str
    linked_from: str

    @property
    def is_html(self) -> bool:
        return self.status == 200 and self.content_type.startswith("text/html")


@dataclass
class Crawl:
    found: list[Found] = field(default_factory=list)
    skipped: int = 0  # links of a view name already opened (or over the limit)

    def failures(self) -> list[Found]:
        return [f for f in self.found if f.status != 200]

    def pages(self) -> list[Found]:
        return [f for f in self.found if f.is_html]


def signed_in_context(browser: Any, base_url: str, user: User | None, language: str = "en") -> Any:
    """A browser context with ``user``'s session (made by the test client: no password, no TOTP)
    and the language cookie; ``user=None`` gives an anonymous visitor."""
    context = browser.new_context(base_url=base_url, locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url})
    context.add_cookies(cookies)
    return context


def set_language(context: Any, base_url: str, language: str) -> None:
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}])


def view_name(url: str) -> str | None:
    """The Django view name of a same-origin path, or None when the crawl does not follow it."""
    path = urlsplit(url).path
    if path.startswith(SKIP_PREFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return f"404:{path}"  # still opened once: a dead link is a failure
    if match.view_name in {"account_logout", "set_language"}:
        return None
    return match.view_name


def page_key(found: Found) -> tuple[str, tuple[str, ...]]:
    """What makes two URLs the same page for the checks: the view name and the query's parameters."""
    return _key(found.url, found.view)


def _key(url: str, view: str) -> tuple[str, tuple[str, ...]]:
    names = {name for name, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)}
    return view, tuple(sorted(names - PAGING_PARAMETERS))


def _normal(url: str, base_url: str) -> str | None:
    """Path and query of a same-origin http(s) URL without its fragment; None otherwise."""
    parts = urlsplit(url)
    base = urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or parts.netloc != base.netloc:
        return None
    query = urlencode(parse_qsl(parts.query, keep_blank_values=True))
    return parts.path + (f"?{query}" if query else "")


def open_page(page: Any, url: str) -> Any:
    """Open ``url`` and wait for the panes HTMX loads on arrival (``hx-trigger="load"``)."""
    response = page.goto(url, wait_until="load")
    if page.locator('[hx-trigger^="load"], [hx-trigger*=" load"]').count():
        page.wait_for_load_state("networkidle")
    return response


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def crawl(context: Any, base_url: str, *, start: str = "/", limit: int = LIMIT, extra: Iterable[str] = ()) -> Crawl:
    """Breadth first from ``start`` (then ``extra`` URLs) with the context's cookies, one URL per
    view name (and query variant). It reads the HTML the server sends (no browser page: fast);
    panes that HTMX loads later are opened by the pages' checks in the browser."""
    result = Crawl()
    seen_keys: dict[str, set[tuple[str, ...]]] = {}
    queued: set[str] = set()
    queue: deque[tuple[str, str]] = deque()

    def offer(url: str, linked_from: str) -> None:
        normal = _normal(urljoin(base_url + linked_from, url), base_url)
        if normal is None or normal in queued:
            return
        view = view_name(normal)
        if view is None:
            return
        view_key, variant = _key(normal, view)
        variants = seen_keys.setdefault(view_key, set())
        if variant in variants or len(variants) >= MAX_VARIANTS:
            result.skipped += 1
            return
        variants.add(variant)
        queued.add(normal)
        queue.append((normal, linked_from))

    for url in (start, *extra):
        offer(url, "")
    while queue and len(result.found) < limit:
        url, linked_from = queue.popleft()
        answer = context.request.get(url, max_redirects=5)
        final = _normal(answer.url, base_url) or url
        found = Found(
            url=final,
            view=view_name(final) or view_name(url) or "?",
            status=answer.status,
            content_type=answer.headers.get("content-type", ""),
            linked_from=linked_from,
        )
        if found.is_html:
            for href in links(answer.text()):
                offer(href, final)
        answer.dispose()
        result.found.append(found)
    result.skipped += len(queue)
    return result


# Text a reader sees or hears, with where it stands. Skips scripts, styles and templates.
_TEXTS_JS = """
() => {
  const pageLang = (document.documentElement.lang || "").split("-")[0];
  const out = [];
  const otherLanguage = (el) => {
    const holder = el.closest("[lang]");
    return !!holder && holder !== document.documentElement
      && (holder.getAttribute("lang") || "").split("-")[0] !== pageLang;
  };
  const isolated = (el) => !!el.closest("bdi, [dir=auto], input, textarea, select[dir=auto]");
  const where = (el) => {
    const parts = [];
    for (let node = el; node && node !== document.body && parts.length < 3; node = node.parentElement) {
      const testid = node.getAttribute("data-testid");
      if (node.id) { parts.unshift(`${node.tagName.toLowerCase()}#${node.id}`); break; }
      if (testid) { parts.unshift(`${node.tagName.toLowerCase()}[data-testid=${testid}]`); break; }
      parts.unshift(node.tagName.toLowerCase());
    }
    return parts.join(" > ");
  };
  const push = (text, el, kind) => {
    text = (text || "").replace(/\\s+/g, " ").trim();
    if (text) out.push({text, kind, where: where(el), other_language: otherLanguage(el), isolated: isolated(el)});
  };
  push(document.title, document.documentElement, "title");
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest("script, style, template, noscript")) continue;
    push(node.nodeValue, el, "text");
  }
  for (const attribute of ["title", "placeholder", "aria-label", "alt"]) {
    for (const el of document.body.querySelectorAll(`[${attribute}]`)) push(el.getAttribute(attribute), el, attribute);
  }
  for (const el of document.body.querySelectorAll("input[type=submit], input[type=button], input[type=reset]")) {
    push(el.value, el, "value");
  }
  return out;
}
"""


@dataclass(frozen=True)
class Text:
    text: str
    kind: str  # text, title, placeholder, aria-label, alt, value
    where: str
    other_language: bool
    isolated: bool


def visible_texts(page: Any) -> list[Text]:
    return [Text(**item) for item in page.evaluate(_TEXTS_JS)]
