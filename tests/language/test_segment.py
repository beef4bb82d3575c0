"""Word boundaries for conversion (reader/language/segment.py): the boundary
rule, the phrase list's own segmentation, and the segmenter's vocabulary."""

from __future__ import annotations

from reader.language import segment
from reader.language.convert import Converter, opencc_for
from reader.language.glossary import Glossary
from reader.language.variants import BY_CODE

TW = BY_CODE["zh-Hant-TW"]
PLAIN = Converter()


def test_a_cut_never_leaves_a_phrase_decided_character_to_its_default() -> None:
    """酸菜鱼面包干: OpenCC matches 酸菜鱼面 (it crosses jieba's 面包干) and
    包干 (包乾, inside 面包干). Cutting at 鱼 | 面 and matching again takes 面包,
    so 干 would fall to its default 幹; the rule keeps OpenCC's 乾 there, as
    no crossing match and no phrase inside one of jieba's words decides it.
    The input was found by a search over texts made of OpenCC's own
    phrases; the rule is the class, not this string."""
    text = "酸菜鱼面包干百只足够"
    plan = segment.plan(text)
    assert plan.cuts == (3,)
    cut_alone = segment.Plan(plan.cuts, ((0, len(text)),))
    converter = opencc_for("s2tw")
    plain = converter.convert(text)
    pieces = converter.convert(text[:3] + "\n" + text[3:]).replace("\n", "")
    assert "".join(cut_alone.merge(plain, pieces))[5] == "幹"  # what the cut alone writes
    assert PLAIN.convert_text(text, TW) == "酸菜魚麵包乾百只足夠"


def test_free_spans_are_crossing_matches_and_phrases_inside_words() -> None:
    text = "龙头发挥作用"
    plan = segment.plan(text)
    assert plan.cuts == (2,) and (1, 3) in plan.free  # 头发 crossed 龙头 | 发挥
    assert PLAIN.convert_text(text, TW) == "龍頭發揮作用"
    assert segment.plan("经济发展") == segment.NO_PLAN  # nothing crosses: plain OpenCC


def test_merge_keeps_plain_output_outside_free_spans() -> None:
    plan = segment.Plan(cuts=(2,), free=((1, 3),))
    assert plan.merge("abcdef", "ABCDEF") == list("aBCdef")


def test_phrase_list_segmentation_outvotes_one_crossing_word() -> None:
    """心里头|发慌: OpenCC's two phrases tile the span; jieba's 心里|头发|慌
    needs three words, one across their boundary. Fewer words win, so
    头发 no longer cuts 心里头."""
    run = "心里头发慌的群众"
    matches = segment.phrase_index().matches(run)
    assert (0, 3) in matches and (3, 5) in matches
    words = segment.tiled(segment.words(run), matches)
    assert (0, 3, True) in words and (3, 5, True) in words
    assert PLAIN.convert_text(run, TW) == opencc_for("s2tw").convert(run) == "心裡頭發慌的群眾"
    # where jieba and the phrase list agree, nothing changes
    assert segment.tiled(segment.words("头发很长"), segment.phrase_index().matches("头发很长")) \
        == segment.words("头发很长")


def test_report_format_terms_are_words() -> None:
    terms = segment.format_terms()
    assert {"不予公开", "予以公开", "行政复议", "尚未审结", "结果维持"} <= terms
    # clauses are not words: as one they would shield a wrong match inside (新制 | 制作)
    assert "本年新制作数量" not in terms and all(len(t) <= segment.MAX_TERM for t in terms)
    assert segment.frequency("尚未审结") >= segment.MIN_FREQUENCY
    assert PLAIN.convert_text("本年新制作数量", TW) == "本年新製作數量"


def test_glossary_terms_become_words_on_first_use() -> None:
    name = "琮玥璟"  # three characters no dictionary holds as a word
    assert segment.frequency(name) == 0
    converter = Converter(Glossary(protected=[name]), warm=False)
    converter.convert_text("发展", TW)
    assert segment.frequency(name) >= segment.MIN_FREQUENCY


def test_words_added_while_other_threads_segment() -> None:
    """The server converts pages in several threads while a reloaded
    glossary adds its terms: the segmenter is never used while it changes."""
    import threading

    errors: list[BaseException] = []

    def cut() -> None:
        try:
            for i in range(300):
                segment.words("龙头发挥作用各项工作" * 30 + "各" * (i % 7))
                segment.words.cache_clear()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=cut) for _ in range(3)]
    for thread in threads:
        thread.start()
    segment.add_words(f"琮玥{chr(0x4e00 + i)}璟" for i in range(300))
    for thread in threads:
        thread.join()
    assert errors == []
