"""Once per page type: the structure a screen reader navigates by. One h1
and no skipped heading levels; banner, navigation, main and contentinfo
landmarks; and, on the report page, every data cell of the standard tables
tied to its column and row headers."""

from __future__ import annotations

from typing import Any

import pytest
from pagecheck import DESKTOP, PAGES, PHONE_390, REPORT_PATH

HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter(h => h.checkVisibility())
  .map(h => [Number(h.tagName[1]), h.textContent.trim(), !!h.closest('main')])"""


@pytest.mark.parametrize("name", list(PAGES))
def test_headings(name: str, new_page: Any) -> None:
    page = new_page(DESKTOP)
    page.goto(PAGES[name][0])
    headings = page.evaluate(HEADINGS)
    h1 = [text for level, text, _ in headings if level == 1]
    assert len(h1) == 1, f"expected one h1, found {h1}"
    in_main = [(level, text) for level, text, inside in headings if inside]
    assert in_main and in_main[0][0] == 1, f"main does not start with the h1: {in_main[:2]}"
    pairs = zip(headings, headings[1:], strict=False)
    skips = [f"h{a} {ta!r} → h{b} {tb!r}" for (a, ta, _), (b, tb, _) in pairs if b > a + 1]
    assert not skips, f"skipped heading levels: {skips}"


@pytest.mark.parametrize("name", list(PAGES))
def test_landmarks(name: str, new_page: Any) -> None:
    page = new_page(DESKTOP)
    page.goto(PAGES[name][0])
    for role in ("banner", "main", "contentinfo"):
        assert page.get_by_role(role).count() == 1, f"expected one {role} landmark"
    navigations = page.get_by_role("navigation")
    assert navigations.count() >= 1
    # the accessibility tree (what a screen reader gets) has them at the top
    snapshot = page.locator("body").aria_snapshot()
    top = [line[2:].split(" ")[0].rstrip(":") for line in snapshot.splitlines()
           if line.startswith("- ")]
    for role in ("banner", "main", "contentinfo"):
        assert role in top, f"{role} is not a top-level landmark: {top}"
    # nothing but the skip link and landmarks at the top level: all content is in a region
    strays = [line for line in snapshot.splitlines() if line.startswith("- ")
              and not line.startswith(("- banner", "- main", "- contentinfo", "- navigation",
                                       '- link "跳到正文"'))]
    assert not strays, f"content outside every landmark: {strays}"


# --- the standard tables -----------------------------------------------------

TABLE_CELLS = """() => [...document.querySelectorAll('table.data-table')].map(table => ({
  id: table.id,
  kind: [...table.classList].find(c => c.startsWith('standard-')) || '',
  caption: table.caption ? table.caption.textContent.trim() : '',
  cells: [...table.querySelectorAll('td')].map(td => {
    const ids = (td.getAttribute('headers') || '').split(/\\s+/).filter(Boolean);
    return {
      text: td.textContent.trim(),
      headers: ids.map(id => {
        const th = document.getElementById(id);
        return {id, found: !!th, th: !!th && th.tagName === 'TH',
                same: !!th && th.closest('table') === table,
                scope: th ? (th.getAttribute('scope') || (th.closest('thead') ? 'col' : '')) : '',
                text: th ? th.textContent.trim() : ''};
      }),
    };
  }),
}))"""


def test_standard_table_cells_have_their_headers(new_page: Any) -> None:
    page = new_page(DESKTOP)
    page.goto(REPORT_PATH)
    tables = {t["kind"]: t for t in page.evaluate(TABLE_CELLS) if t["kind"]}
    assert set(tables) == {"standard-2", "standard-3", "standard-4"}, list(tables)
    problems: list[str] = []
    for kind, table in sorted(tables.items()):
        assert table["cells"], f"{kind} has no data cells"
        for n, cell in enumerate(table["cells"]):
            where = f"{table['id']} ({kind}) cell {n} {cell['text']!r}"
            bad = [h["id"] for h in cell["headers"] if not (h["found"] and h["th"] and h["same"])]
            if bad:
                problems.append(f"{where}: headers {bad} are not th cells of this table")
            scopes = {h["scope"] for h in cell["headers"]}
            if not scopes & {"col", "colgroup"}:
                problems.append(f"{where}: no column header")
            if kind in ("standard-2", "standard-3") and not scopes & {"row", "rowgroup"}:
                problems.append(f"{where}: no row header")
            if any(not h["text"] for h in cell["headers"]):
                problems.append(f"{where}: an empty header")
    assert not problems, "\n".join(problems[:30])


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["desktop", "phone-rows"])
def test_standard_tables_in_the_accessibility_tree(new_page: Any, viewport: dict[str, int]) -> None:
    """What Chromium hands to screen readers: each table named by its
    caption, every header a columnheader or rowheader with a name; also on
    a phone, where each row is drawn as a block."""
    page = new_page(viewport)
    page.goto(REPORT_PATH)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("Accessibility.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]
    by_id: dict[str, int] = {}

    def walk(node: dict[str, Any]) -> None:
        attrs = node.get("attributes", [])
        for key, value in zip(attrs[::2], attrs[1::2], strict=True):
            if key == "id":
                by_id[value] = node["backendNodeId"]
        for child in node.get("children", []):
            walk(child)

    walk(root)
    ax = {n["backendDOMNodeId"]: n for n in cdp.send("Accessibility.getFullAXTree")["nodes"]
          if "backendDOMNodeId" in n}
    tables = page.evaluate(TABLE_CELLS)
    problems: list[str] = []
    for table in tables:
        node = ax.get(by_id[table["id"]])
        if node is None or node["role"]["value"] != "table":
            problems.append(f"{table['id']}: not a table in the accessibility tree")
        elif node.get("name", {}).get("value", "").strip() != table["caption"]:
            problems.append(f"{table['id']}: named {node.get('name')!r}, caption {table['caption']!r}")
        header_ids = {h["id"] for cell in table["cells"] for h in cell["headers"]}
        for hid in sorted(header_ids):
            header = ax.get(by_id.get(hid, -1))
            role = header["role"]["value"] if header else None
            name = header.get("name", {}).get("value", "") if header else ""
            if role not in ("columnheader", "rowheader") or not name.strip():
                problems.append(f"{hid}: role {role!r}, name {name!r}")
    cdp.detach()
    assert not problems, "\n".join(problems)
