"""A generated archive for the scale benchmarks: the seed report copied under
about a thousand publishing bodies and ten years, in two category paths
(townships and county departments), with figures that differ per copy."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "reports" / "2019-zhangmianyi.md"

COUNTIES = ["张家川县", "清水县", "秦安县", "甘谷县", "武山县", "麦积区", "秦州区", "庄浪县",
            "静宁县", "华亭县", "崇信县", "灵台县", "泾川县", "崆峒区", "会宁县", "靖远县",
            "景泰县", "白银区", "平川区", "通渭县"]
TOWN_FIRST = "张龙恭马平川木刘连胡梁闫大新石白东西南北"
TOWN_SECOND = ["棉驿", "山", "门", "鹿", "安", "王", "河", "堡", "五", "川", "峡", "泉",
               "坪", "寨", "沟", "湾", "集", "岔", "梁", "塬", "岭", "庄", "阳", "营", "滩"]
DEPARTMENTS = ["教育局", "卫生健康局", "财政局", "民政局", "自然资源局", "住房和城乡建设局",
               "交通运输局", "水务局", "农业农村局", "商务局", "文化和旅游局", "应急管理局",
               "市场监督管理局", "统计局", "医疗保障局", "林业和草原局", "人力资源和社会保障局",
               "生态环境局", "司法局", "审计局", "退役军人事务局", "信访局", "乡村振兴局",
               "工业和信息化局", "发展和改革局"]
YEARS = range(2010, 2020)


def bodies(count: int) -> list[tuple[str, str, tuple[str, ...]]]:
    """(short name, publishing body, category path) for `count` bodies, half
    townships and half departments; the first is the seed's township."""
    towns = [f + s + ("乡" if (i + j) % 2 else "镇") for i, f in enumerate(TOWN_FIRST)
             for j, s in enumerate(TOWN_SECOND)]
    towns.remove("张棉驿镇")
    towns.insert(0, "张棉驿乡")
    found: list[tuple[str, str, tuple[str, ...]]] = []
    n = 0
    while len(found) < count:
        county = COUNTIES[n % len(COUNTIES)]
        if n % 2 == 0:
            town = towns[(n // 2) % len(towns)]
            county = COUNTIES[(n // 2 // len(towns)) % len(COUNTIES)]
            found.append((town, f"{county}{town}人民政府",
                          ("政府信息公开", "部门乡镇信息公开", "乡镇信息公开", f"{county}{town}",
                           "政府信息公开年报")))
        else:
            dept = DEPARTMENTS[(n // 2) % len(DEPARTMENTS)]
            county = COUNTIES[(n // 2 // len(DEPARTMENTS)) % len(COUNTIES)]
            found.append((dept, f"{county}{dept}",
                          ("政府信息公开", "部门乡镇信息公开", "部门信息公开", f"{county}{dept}",
                           "政府信息公开年报")))
        n += 1
    return found


def generate(target: Path, reports: int) -> None:
    """A content folder with the bundled site settings and `reports` reports
    (the seed itself included)."""
    shutil.copytree(ROOT / "content", target)
    seed = SEED.read_text(encoding="utf-8")
    body = seed.split("\n---\n", 1)[1]
    years = list(YEARS)
    every = bodies(-(-reports // len(years)))
    for n in range(1, reports):
        short, organisation, category = every[n // len(years)]
        year = years[-1 - n % len(years)]
        text = (body.replace("张家川县张棉驿乡人民政府", organisation)
                .replace("张棉驿乡", short).replace("2019", str(year))
                .replace("处理决定数量: 1750", f"处理决定数量: {1000 + n % 997}")
                .replace("采购项目数量: 12", f"采购项目数量: {n % 31}"))
        meta = "\n".join([
            "---", f"title: {organisation}{year}年度政府信息公开工作报告",
            f"index_number: gen/{year}-{n:05d}",
            f"published: {year + 1}-01-{1 + n % 28:02d} 09:{n % 60:02d}:00 +08:00",
            f"organisation: {organisation}", f"category: [{', '.join(category)}]",
            f"year: {year}", "---"])
        (target / "reports" / f"gen-{n:05d}.md").write_text(meta + "\n" + text, encoding="utf-8")

