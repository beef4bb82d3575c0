"""Report files as the catalog stores them: compressed with a preset
dictionary of what every annual report repeats.

A report file is small (a few kilobytes) and much of it is the same in every
report: the standard tables' labels and the six section headings. zlib alone
cannot use what other files share; with those words given as a preset
dictionary, a report shrinks to about a tenth of its size. The dictionary is
built from the official labels (standard_tables), so it is the same wherever
the same code runs; the catalog's key covers this module (a changed
dictionary is a new catalog, never a misread one).
"""

from __future__ import annotations

import functools
import zlib

from reader.content import standard_tables as st

LEVEL = 6
# what the prose of annual reports repeats, most common last (zlib finds near matches cheaper)
PHRASES = (
    "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，现公布",
    "年度政府信息公开工作报告。本报告所列数据统计期限为年1月1日至12月31日。"
    "如对本报告有疑问，请与办公室联系（地址：，邮政编码：；电话：）。",
    "## 一、总体情况\n\n### （一）主动公开情况\n\n### （二）依申请公开情况\n\n"
    "### （三）政府信息管理情况\n\n### （四）平台建设情况\n\n### （五）监督保障情况\n\n",
    "## 二、主动公开政府信息情况\n\n## 三、收到和处理政府信息公开申请情况\n\n"
    "## 四、政府信息公开行政复议、行政诉讼情况\n\n## 五、存在的主要问题及改进情况\n\n"
    "### （一）存在问题\n\n### （二）改进措施\n\n## 六、其他需要报告的事项\n\n无。\n",
    "政府信息公开工作，主动公开，依申请公开，政务公开，人民政府，政府网站，进一步，",
    "---\ntitle: \nindex_number: \npublished: \nsource: \"\"\nauthor: \"\"\norganisation: "
    "\ncategory: [政府信息公开, 政府信息公开年报]\nyear: \nscript: zh-Hans\ntable_format: \n---\n",
)


@functools.cache
def dictionary() -> bytes:
    """The preset dictionary: phrases, then every format's tables written out."""
    parts = list(PHRASES)
    for fmt in st.FORMATS:
        lines = ["```annual-table 二"]
        for block in st.TABLE2[fmt]:
            lines.append(f"{block.title}:")
            for row in block.rows:
                lines.append(f"  {row}:")
                lines.extend(f"    {column}: 0" for column in block.columns)
        lines += ["```", "", "```annual-table 三"]
        for row in st.t3_rows(fmt):
            lines.append(f"{row}:")
            lines.extend(f"  {column}: 0" for column in st.T3_COLUMNS)
        lines += ["```", "", "```annual-table 四"]
        for group in st.T4_GROUPS:
            lines.append(f"{group}:")
            lines.extend(f"  {column}: 0" for column in st.T4_COLUMNS)
        parts.append("\n".join(lines + ["```", ""]))
    return "\n".join(parts).encode("utf-8")[-32768:]


def compress(raw: bytes) -> bytes:
    packer = zlib.compressobj(LEVEL, zdict=dictionary())
    return packer.compress(raw) + packer.flush()


def decompress(packed: bytes) -> bytes:
    unpacker = zlib.decompressobj(zdict=dictionary())
    return unpacker.decompress(packed) + unpacker.flush()
