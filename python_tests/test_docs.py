"""The README and docs/ are a clone's front door: every relative link in them resolves to a
file of the project (not to a folder beside the clone, such as ../shared), and every
#anchor to a heading of its target."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
PAGES = sorted([PROJECT / "README.md", PROJECT / "DECISIONS.md", *(PROJECT / "docs").glob("*.md")])
FENCE = re.compile(r"^```.*?^```", re.M | re.S)
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.M)


def prose(text: str) -> str:
    """The text without fenced code blocks: links are only read in prose."""
    return FENCE.sub("", text)


def anchors(page: Path) -> set[str]:
    """The #anchors GitHub gives the headings of a page (lower case, punctuation dropped,
    spaces as hyphens, -1, -2... after a repeated one)."""
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(prose(page.read_text())):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        found.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return found


def relative_links(page: Path) -> list[str]:
    """The links of a page that point into the project (no scheme, no mailto)."""
    links = LINK.findall(CODE_SPAN.sub("", prose(page.read_text())))
    return [link for link in links if not re.match(r"^[a-z]+:", link)]


def dead_link(page: Path, link: str) -> str | None:
    """Why `link` of `page` is dead, or None when it resolves."""
    path, _, anchor = link.partition("#")
    target = (page.parent / path).resolve() if path else page
    if not target.is_relative_to(PROJECT):
        return "points outside the project (absent from a clone)"
    if not target.exists():
        return "no such file"
    if anchor and target.suffix == ".md" and anchor not in anchors(target):
        return f"no heading #{anchor} in {target.relative_to(PROJECT)}"
    return None


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(PROJECT)))
def test_every_relative_link_resolves(page: Path) -> None:
    dead = {link: why for link in relative_links(page) if (why := dead_link(page, link))}
    assert not dead, f"dead links in {page.relative_to(PROJECT)}: {dead}"


def test_the_pages_have_links_to_check() -> None:
    assert relative_links(PROJECT / "README.md"), "the README links to no page of docs/"
