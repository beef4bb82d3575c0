"""A generated province archive for the scale benchmarks: about 150 offices
(townships and departments) in each of up to 100 counties, one report a year
for seven years, each report written anew.

What a search index and a parse cache meet depends on the text, so no body is
repeated: every report has the official six sections, of a length drawn from
a spread like real reports' (from under 2,000 to over 12,000 characters),
written from sentence patterns with the office's own names, places, people,
projects and figures, with a share of sentences of other words; its standard
tables are complete, with figures that differ per report and add up by the
format's rules (2019 format up to 2020, 2021 format from 2021). The seed
report stays as it is, so that benchmarks can watch it.

    .venv/bin/python benchmarks/archive_content.py OUT --reports 10000
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from reader.content import standard_tables as st  # noqa: E402

SEED = ROOT / "content" / "reports" / "2019-zhangmianyi.md"
YEARS = tuple(range(2015, 2022))
OFFICES_PER_COUNTY = 150

_FIRST = ("张龙恭马平川木刘连胡梁闫大新石白东西南北清秦安甘武麦庄静华崇灵泾会靖景通渭陇漳岷"
          "宕文康成徽两礼西和临夏永积广")
_SECOND = ("棉驿山门鹿安王河堡五峡泉坪寨沟湾集岔梁塬岭庄阳营滩水城谷原川台宁丰兴盛华源")
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
            "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
            "龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("建国军华明伟强平刚红英芳燕玲娟霞秀兰桂珍凤海涛波斌超勇杰鹏辉磊晓东新春生学文武志"
         "永宏旭升兴周世德成")
DEPARTMENTS = (
    "教育局", "卫生健康局", "财政局", "民政局", "自然资源局", "住房和城乡建设局", "交通运输局",
    "水务局", "农业农村局", "商务局", "文化和旅游局", "应急管理局", "市场监督管理局", "统计局",
    "医疗保障局", "林业和草原局", "人力资源和社会保障局", "生态环境局", "司法局", "审计局",
    "退役军人事务局", "信访局", "乡村振兴局", "工业和信息化局", "发展和改革局", "公安局",
    "人民政府办公室", "科学技术局", "体育局", "国有资产监督管理局", "行政审批服务局", "林业局",
    "畜牧兽医局", "粮食和物资储备局", "地方金融监督管理局", "政务服务中心", "档案局", "气象局",
    "城市管理局", "扶贫开发办公室", "民族宗教事务局", "残疾人联合会", "供销合作社", "住房公积金管理中心",
)
CHANNELS = ("政府门户网站", "政务微信公众号", "政务微博", "政务公开栏", "村务公开栏", "政务服务大厅",
            "新闻发布会", "电子显示屏", "宣传手册", "广播电视", "政务服务网", "政府公报")
TOPICS = ("财政预决算", "“三公”经费", "重大建设项目", "公共资源交易", "社会救助", "乡村振兴",
          "义务教育", "医疗卫生", "疫情防控", "安全生产", "生态环境保护", "住房保障", "就业创业",
          "养老服务", "食品药品监管", "征地补偿", "农村危房改造", "惠农补贴", "涉企收费",
          "行政执法", "双随机一公开", "减税降费", "营商环境", "防汛抗旱", "耕地保护", "退役军人优抚",
          "城乡低保", "特困供养", "水利工程", "道路交通", "扫黑除恶", "河长制", "林长制", "移民搬迁")
MEASURES = ("制度化", "规范化", "标准化", "信息化", "常态化", "精细化")
PROJECT_KINDS = ("饮水安全巩固提升工程", "道路硬化工程", "危房改造项目", "高标准农田建设项目",
                 "人居环境整治项目", "产业路建设项目", "小型水利设施维修项目", "卫生院改扩建工程",
                 "学校校舍维修工程", "文化广场建设项目", "光伏扶贫项目", "易地搬迁安置点配套工程")
RANKS = ("优秀", "良好", "合格", "较好")

SENTENCES = (
    "{year}年，{we}坚持以公开为常态、不公开为例外，围绕{topic}等重点领域，全面推进决策、执行、管理、服务、结果公开。",
    "全年通过{channel}主动公开各类政府信息{n}条，其中{topic}信息{m}条，{topic2}信息{k}条。",
    "{we}在{channel}开设“{topic}”专栏，及时发布政策文件、办事指南和工作动态，累计更新信息{n}条。",
    "围绕{topic}，{we}召开专题会议{k}次，印发《{place}{topic}工作实施方案》，明确责任分工和完成时限。",
    "{we}组织开展政务公开业务培训{k}期，参训人员{n}人次，工作人员的业务能力进一步提升。",
    "按照“谁制作、谁公开，谁保存、谁公开”的原则，{we}对拟公开信息严格履行保密审查程序，全年审查信息{n}条。",
    "{project}总投资{money}万元，{we}在{channel}公开了项目批准、招标投标、施工和验收等信息。",
    "{we}及时公开{topic}资金的分配和使用情况，涉及{place}等{k}个村（社区）、{n}户群众。",
    "由{person}同志牵头，{we}对{year}年以前制发的规范性文件进行了全面清理，保留{n}件，废止{k}件，修改{m}件。",
    "{we}通过{channel}回应群众关切{n}件，办理人大代表建议和政协委员提案{k}件，办结率100%。",
    "对依申请公开事项，{we}做到登记、审核、办理、答复、归档全流程规范，在法定期限内答复率为100%。",
    "{we}全年收到政府信息公开申请{k}件，均已按期答复，未发生因依申请公开引起的行政复议和行政诉讼。",
    "{we}将政府信息公开工作纳入年度目标责任考核，实行主要领导负总责、分管领导具体抓、{person}等专人具体办的工作机制。",
    "在{place}设立政府信息公开查阅点{k}个，配备查阅设备，方便群众就近查阅政府信息。",
    "{we}推进{topic}领域基层政务公开标准化规范化，编制公开事项标准目录{k}项，涵盖事项名称、公开依据、公开时限和公开渠道。",
    "{year}年度，{we}在全{county}政务公开考核中等次为{rank}，社会各界对{we}信息公开工作的评议结果为满意。",
    "针对{topic}政策，{we}采取图表图解、视频解读、问答等方式开展政策解读{k}次，提高了政策知晓度。",
    "{we}严格落实政府信息发布审核制度，全年未发生泄密、失密和信息发布不当等问题。",
    "截至{year}年底，{we}共有现行有效的规范性文件{n}件，均已在{channel}集中公开。",
    "{we}按时编制并公开{next}年部门预算和{year}年部门决算，公开“三公”经费{money}万元。",
    "为做好{topic}工作，{we}深入{place}开展调查研究{k}次，听取群众意见建议{n}条并逐条答复。",
    "{we}建立健全政府信息公开申请登记、审核、办理、答复、归档等制度，确保依申请公开工作规范有序。",
    "{we}把{topic}作为政务公开重点，公开补助对象、补助标准和资金发放情况，接受群众监督。",
    "{we}持续加强政府网站和政务新媒体管理，开展自查{k}次，整改错别字、空白栏目和失效链接等问题{m}处。",
    "{we}组织召开{topic}工作新闻发布会{k}场，{person}等负责同志出席并回答记者提问。",
)
PROBLEMS = (
    "部分工作人员对政务公开工作的重要性认识不足，主动公开意识有待增强",
    "政策解读形式较为单一，图解、视频等群众喜闻乐见的形式运用不多",
    "{topic}领域信息公开的及时性和完整性还有差距",
    "公开内容与群众关切的契合度不够，互动回应的深度需要提升",
    "政务公开专职人员少、业务不熟，培训力度有待加大",
    "基层政务公开标准化规范化建设进展不平衡",
)
IMPROVEMENTS = (
    "进一步加强组织领导，把政务公开工作摆上重要议事日程",
    "进一步拓展公开渠道，充分发挥{channel}的作用",
    "进一步加大{topic}等重点领域信息公开力度，做到应公开尽公开",
    "进一步规范依申请公开办理流程，提高答复质量",
    "进一步加强业务培训，提升工作人员的政策水平和业务能力",
    "进一步丰富政策解读形式，增强解读的针对性和实效性",
)
SUBSECTIONS = ("主动公开情况", "依申请公开情况", "政府信息管理情况", "平台建设情况", "监督保障情况")
# a report's prose length in sentences (before tables): from about 1,500 to over 10,000 characters
_SPREAD = (12, 18, 24, 30, 38, 48, 60, 75, 95, 125)


def counties(count: int) -> list[str]:
    names: list[str] = []
    for i in range(count):
        first, second = _FIRST[i % len(_FIRST)], _SECOND[(i * 7 + i // len(_FIRST)) % len(_SECOND)]
        names.append(first + second + ("县" if i % 4 else "区"))
    return names


def offices(count: int) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(county, short name, publishing body, category path) for ``count``
    offices, county by county."""
    found: list[tuple[str, str, str, tuple[str, ...]]] = []
    for county in counties(-(-count // OFFICES_PER_COUNTY)):
        seen: set[str] = set()
        for j in range(OFFICES_PER_COUNTY):
            if j < len(DEPARTMENTS):
                short, kind = DEPARTMENTS[j], "部门信息公开"
                name = f"{county}{short}"
            else:
                k = j - len(DEPARTMENTS)
                short = _FIRST[(k * 3 + len(county)) % len(_FIRST)] + _SECOND[k % len(_SECOND)] \
                    + ("乡" if k % 3 else "镇")
                if short in seen:
                    short = short[:-1] + "街道办事处"
                kind = "乡镇信息公开"
                name = f"{county}{short}人民政府" if "街道" not in short else f"{county}{short}"
            seen.add(short)
            found.append((county, short, name,
                          ("政府信息公开", "县区信息公开", county, kind, short, "政府信息公开年报")))
            if len(found) == count:
                return found
    return found


class Writer:
    """One report's text, from its own random source."""

    def __init__(self, rng: random.Random, office: tuple[str, str, str, tuple[str, ...]],
                 year: int, words: list[str]) -> None:
        self.rng, self.year, self.words = rng, year, words
        self.county, self.short, self.organisation, self.category = office
        self.we = "我乡" if self.short.endswith("乡") else "我镇" if self.short.endswith("镇") \
            else "我单位" if "街道" in self.short else "我局" if self.short.endswith("局") else "我单位"
        self.places = [self.pick(_FIRST) + self.pick(_SECOND) + "村" for _ in range(6)]
        self.people = [self.pick(SURNAMES) + self.pick(GIVEN) + (self.pick(GIVEN) if rng.random() < 0.7
                                                                 else "") for _ in range(4)]

    def pick(self, items: str | tuple[str, ...] | list[str]) -> str:
        return items[self.rng.randrange(len(items))]

    def fill(self, pattern: str) -> str:
        rng = self.rng
        return pattern.format(
            year=self.year, next=self.year + 1, we=self.we, county=self.county[-1],
            topic=self.pick(TOPICS), topic2=self.pick(TOPICS), channel=self.pick(CHANNELS),
            place=self.pick(self.places), person=self.pick(self.people), rank=self.pick(RANKS),
            n=rng.randrange(3, 2000), m=rng.randrange(1, 300), k=rng.randrange(1, 40),
            money=f"{rng.randrange(1, 9000)}.{rng.randrange(10, 99)}",
            project=f"{self.pick(self.places)}{self.pick(PROJECT_KINDS)}")

    def other_words(self) -> str:
        """A sentence of other words: what makes each report's text its own."""
        words = [self.pick(self.words) for _ in range(self.rng.randrange(4, 10))]
        cut = self.rng.randrange(2, len(words) - 1)
        return "".join(words[:cut]) + "，" + "".join(words[cut:]) + "。"

    def paragraph(self, sentences: int) -> str:
        out = []
        for _ in range(sentences):
            out.append(self.other_words() if self.rng.random() < 0.15 else self.fill(self.pick(SENTENCES)))
        return "".join(out)

    def numbered(self, items: tuple[str, ...]) -> str:
        chosen = self.rng.sample(items, self.rng.randrange(2, 4))
        return "；".join("一二三四"[i] + "是" + self.fill(item) for i, item in enumerate(chosen)) + "。"

    def text(self) -> str:
        rng = self.rng
        fmt = "2019" if self.year <= 2020 else "2021"
        budget = rng.choice(_SPREAD) + rng.randrange(6)
        parts = [
            f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，现公布{self.organisation}"
            f"{self.year}年度政府信息公开工作报告。本报告所列数据统计期限为{self.year}年1月1日至"
            f"{self.year}年12月31日。如对本报告有疑问，请与{self.organisation}办公室联系（地址："
            f"{self.county}{self.pick(self.places)}，邮政编码：7{rng.randrange(10000, 99999)}；"
            f"电话：0{rng.randrange(900, 999)}-{rng.randrange(1000000, 9999999)}）。",
            "## 一、总体情况", self.paragraph(2)]
        shares = [rng.random() + 0.3 for _ in SUBSECTIONS]
        for number, (title, share) in enumerate(zip(SUBSECTIONS, shares, strict=True), 1):
            parts.append(f"### （{'一二三四五'[number - 1]}）{title}")
            left = max(1, round(budget * share / sum(shares)))
            while left > 0:
                size = min(left, rng.randrange(2, 7))
                parts.append(self.paragraph(size))
                left -= size
        parts += ["## 二、主动公开政府信息情况", self.table2(fmt),
                  "## 三、收到和处理政府信息公开申请情况", self.table3(fmt),
                  "## 四、政府信息公开行政复议、行政诉讼情况", self.table4(),
                  "## 五、存在的主要问题及改进情况", "### （一）存在问题", self.numbered(PROBLEMS),
                  "### （二）改进措施", self.paragraph(1) + self.numbered(IMPROVEMENTS),
                  "## 六、其他需要报告的事项",
                  "无。" if rng.random() < 0.6 else self.paragraph(rng.randrange(1, 3))]
        return "\n\n".join(parts) + "\n"

    def table2(self, fmt: str) -> str:
        rng = self.rng
        lines = ["```annual-table 二"]
        for block in st.TABLE2[fmt]:
            lines.append(f"{block.title}:")
            for row in block.rows:
                lines.append(f"  {row}:")
                for column in block.columns:
                    if "增/减" in column:
                        value = f"{rng.choice('+-+')}{rng.randrange(0, 5)}"
                    elif "金额" in column:
                        value = f"{rng.randrange(0, 500)}万元" if "单位" not in column else \
                            str(rng.randrange(0, 500))
                    else:
                        value = str(int(rng.expovariate(1 / 40)))
                    lines.append(f"    {column}: {value}")
        return "\n".join(lines + ["```"])

    def table3(self, fmt: str) -> str:
        """Figures that add up: new + carried in = total + carried out, the
        total the sum of the results, 总计 the sum of the applicants."""
        rng = self.rng
        results = st.t3_result_rows(fmt)
        figures: dict[str, dict[str, int]] = {row: {} for row in st.t3_rows(fmt)}
        for column in st.T3_PARTS:
            # what one year carries over is what the next year's report took in
            carried_in = carried(self.organisation, self.year - 1, column)
            carried_out = carried(self.organisation, self.year, column)
            new = max(int(rng.expovariate(1 / (8 if column == "自然人" else 1.5))),
                      carried_out - carried_in)
            done = new + carried_in - carried_out
            shares = dict.fromkeys(results, 0)
            for _ in range(done):
                row = results[0] if rng.random() < 0.6 else rng.choice(results)
                shares[row] += 1
            figures[st.T3_NEW][column] = new
            figures[st.T3_CARRIED_IN][column] = carried_in
            figures[st.T3_CARRIED_OUT][column] = carried_out
            figures[st.T3_TOTAL][column] = done
            for row, value in shares.items():
                figures[row][column] = value
        lines = ["```annual-table 三"]
        for row, values in figures.items():
            values["总计"] = sum(values[column] for column in st.T3_PARTS)
            lines.append(f"{row}:")
            lines.extend(f"  {column}: {values[column]}" for column in st.T3_COLUMNS)
        return "\n".join(lines + ["```"])

    def table4(self) -> str:
        rng = self.rng
        lines = ["```annual-table 四"]
        for group in st.T4_GROUPS:
            values = [rng.randrange(0, 2) if rng.random() < 0.1 else 0 for _ in st.T4_COLUMNS[:-1]]
            lines.append(f"{group}:")
            lines.extend(f"  {column}: {value}" for column, value in
                         zip(st.T4_COLUMNS, [*values, sum(values)], strict=True))
        return "\n".join(lines + ["```"])


def carried(organisation: str, year: int, column: str) -> int:
    """Applications an office carried over into the next year (the same in
    both years' reports)."""
    rng = random.Random(f"{organisation}/{year}/{column}")
    return rng.randrange(1, 3) if rng.random() < 0.1 else 0


def vocabulary() -> list[str]:
    """Words of two to four characters (pypinyin's phrase list, a dependency)."""
    from pypinyin import phrases_dict

    return sorted(w for w in phrases_dict.phrases_dict if 2 <= len(w) <= 4)


def report(n: int, office: tuple[str, str, str, tuple[str, ...]], year: int,
           words: list[str]) -> str:
    rng = random.Random(n)
    county, short, organisation, category = office
    writer = Writer(rng, office, year, words)
    meta = [
        "---", f"title: {organisation}{year}年度政府信息公开工作报告",
        f"index_number: gen/{year}-{n:06d}",
        f"published: {year + 1}-{1 + n % 3:02d}-{1 + n % 28:02d} {8 + n % 10:02d}:{n % 60:02d}:00 +08:00",
        f"organisation: {organisation}", f"category: [{', '.join(category)}]",
        f"year: {year}", "---", ""]
    return "\n".join(meta) + writer.text()


def generate(target: Path, reports: int) -> None:
    """A content folder with the bundled site settings and ``reports`` reports
    (the seed itself included), ``len(YEARS)`` a publishing body."""
    shutil.copytree(ROOT / "content", target)
    words = vocabulary()
    every = offices(-(-reports // len(YEARS)))
    folder = target / "reports"
    for n in range(1, reports):
        office = every[(n - 1) // len(YEARS)]
        year = YEARS[-1 - (n - 1) % len(YEARS)]
        (folder / f"gen-{n:06d}.md").write_text(report(n, office, year, words), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--reports", type=int, default=1000)
    args = parser.parse_args()
    generate(args.out, args.reports)


if __name__ == "__main__":
    main()
