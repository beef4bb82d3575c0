from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from reader.web.prefs import CHOICES, SWITCHES, Prefs, mode_groups
from tests.conftest import SEED


def test_cookie_round_trip() -> None:
    prefs = Prefs(elder=True, size="xl", contrast="yb", spacing="wide", pinyin=True)
    assert Prefs.from_cookie(prefs.cookie()) == prefs
    assert Prefs().cookie() == ""


@pytest.mark.parametrize("junk", ["", "<script>", "size-huge.elder-2", "a" * 500, "elder-1" * 50, "..--.."])
def test_unparseable_cookie_is_ignored(junk: str) -> None:
    assert Prefs.from_cookie(junk) == Prefs()


def test_every_choice_and_switch_has_a_button() -> None:
    groups = mode_groups(Prefs())
    buttons = {(o.name, o.value) for g in groups for o in g.options}
    for name, values in CHOICES.items():
        assert {(name, v) for v in values} <= buttons
    # elder mode is the one switch without an on/off button pair: it is a link of its own
    assert {name for name in SWITCHES if (name, "1") not in buttons} == {"elder"}


def post(client: TestClient, **form: str):
    return client.post("/prefs", data=form, follow_redirects=False)


def test_no_javascript_flow_sets_preference_and_returns(client: TestClient) -> None:
    c = TestClient(client.app)
    response = post(c, elder="1", next="/zh-hant-hk" + SEED)
    assert response.status_code == 303 and response.headers["location"] == "/zh-hant-hk" + SEED
    page = c.get("/zh-hant-hk" + SEED).text
    assert re.search(r'<html lang="zh-Hant-HK" class="[^"]*\belder\b', page)
    # preferences are shared by all scripts and survive navigation
    assert re.search(r'<html lang="zh-Hans-CN" class="[^"]*\belder\b', c.get("/sitemap").text)
    post(c, size="xl", next="/")
    page = c.get("/").text
    assert 'class="size-xl contrast-default spacing-normal tables-stack elder"' in page
    assert '<button type="submit" name="size" value="xl" aria-pressed="true" data-pref="size">特大</button>' \
        in page
    post(c, reset="1", next="/")
    assert 'class="size-m contrast-default spacing-normal tables-stack"' in c.get("/").text


def test_toggle_buttons_expose_state(client: TestClient) -> None:
    c = TestClient(client.app, cookies={"reader_prefs": "pinyin-1.contrast-yb"})
    page = c.get("/").text
    assert ('<button type="submit" name="pinyin" value="0" aria-pressed="true" '
            'data-pref="pinyin">拼音</button>') in page
    assert 'value="yb" aria-pressed="true"' in page and 'value="default" aria-pressed="false"' in page


def test_controls_are_labelled_in_the_page_script(client: TestClient) -> None:
    page = client.get("/zh-hant-tw/").text
    for label in ("長者模式", "退出長者模式", "閱讀設定", "字號", "配色", "行距", "拼音", "大滑鼠", "閱讀線",
                  "朗讀", "連讀全文", "重設為預設設定"):
        assert label in page, label


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example", "javascript:alert(1)"])
def test_prefs_never_redirect_off_site(client: TestClient, next_url: str) -> None:
    response = post(TestClient(client.app), elder="1", next=next_url)
    assert response.headers["location"] == "/"


def test_oversized_or_garbled_form_is_refused(client: TestClient) -> None:
    assert client.post("/prefs", content=b"x=" + b"1" * 10000).status_code == 400
    assert client.post("/prefs", content=b"\xff\xfe=1").status_code == 400


def test_the_script_reads_the_choices_and_speech_languages_from_the_page(client: TestClient) -> None:
    import html
    import json
    from pathlib import Path

    from reader.language.variants import VARIANTS

    page = client.get("/zh-hant-hk/help").text
    attr = re.search(r'<form class="modes"[^>]* data-settings="([^"]*)"', page)
    assert attr, "the settings form carries no data-settings"
    settings = json.loads(html.unescape(attr.group(1)))
    assert settings["cookie"] == "reader_prefs"
    assert settings["choices"] == {name: list(values) for name, values in CHOICES.items()}
    assert settings["switches"] == list(SWITCHES)
    assert settings["speech"] == {v.code: v.speech_lang for v in VARIANTS}
    # and reader.js does not repeat them
    script = (Path(__file__).resolve().parents[2] / "static" / "js" / "reader.js").read_text()
    for values in [*CHOICES.values(), ("zh-CN", "zh-TW", "zh-HK")]:
        assert not all(f'"{value}"' in script for value in values), values


def test_new_aids_are_off_by_default_and_remembered(client: TestClient) -> None:
    c = TestClient(client.app)
    page = c.get("/").text
    for name in ("strip", "crosshair", "textonly"):
        assert f'name="{name}" value="1" aria-pressed="false"' in page
    post(c, textonly="1", next="/")
    post(c, tables="scroll", next="/")
    page = c.get("/sitemap").text
    assert re.search(r'<html lang="zh-Hans-CN" class="[^"]*\btables-scroll\b[^"]*\btextonly\b', page)
    assert 'name="textonly" value="0" aria-pressed="true"' in page
