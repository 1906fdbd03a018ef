"""Enterprise names, unique in the workspace, from a space large enough for a city.

Names are drawn first from the common space (60 brands × 16 industries × 5 patterns: 4,800
names, many of them rare). Only when that space is crowded - CROWDED_AFTER draws in a row all
hit taken names, which happens after some 2,500-3,500 names - does the generator move, for
good, to two-character brands made of the same lucky characters (70 × 69 brands: about 386,000
names). So the usual sizes keep exactly the names they always had, and 20,000 enterprises
still take well under a second.
"""

from __future__ import annotations

import random

from xiyuan.demo.draw import ATTEMPTS, exhausted, weighted

BRANDS = tuple(
    "鑫盛 恒丰 华昌 金源 永兴 宏达 远航 泰盛 顺发 联丰 嘉诚 荣兴 信和 协丰 凯盛 锦华 华峰 鸿运 "
    "嘉利 长兴 兴业 万隆 福源 盛达 英利 金帝 亿华 祥兴 新艺 美佳 富贵鸟 冠兴 通达 伟业 润丰 "
    "宝龙 天成 利达 华宇 昌盛 永利 金丰 安泰 明辉 佳美 新华 振兴 泉发 晋兴 海天 百盛 元亨 "
    "建华 隆昌 腾达 汇丰 恒源 德盛 旺达 宏兴".split()
)
# Characters of the two-character brands used once BRANDS are crowded.
BRAND_CHARACTERS = "鑫盛恒丰华昌金源永兴宏达远泰顺发联嘉诚荣信和协凯锦峰鸿运利长万隆福英亿祥新美佳富冠通伟润宝龙天成宇安明辉振泉晋海元建腾汇德旺星益裕晟创捷豪正"
# industry word, main products, weight
INDUSTRIES = (
    ("鞋业", ("运动鞋", "休闲鞋", "童鞋"), 14), ("鞋材", ("鞋底", "鞋面材料", "EVA鞋材"), 8),
    ("纺织", ("针织面料", "经编面料"), 9), ("服装", ("运动服", "休闲服装"), 8),
    ("服饰", ("服饰辅料", "拉链织带"), 4), ("织造", ("织带", "花边"), 3),
    ("食品", ("糕点", "糖果", "休闲食品"), 6), ("雨伞", ("晴雨伞", "折叠伞"), 5),
    ("包装", ("纸箱", "彩印包装"), 6), ("陶瓷", ("建筑陶瓷", "瓷砖"), 4),
    ("五金", ("五金配件", "鞋扣"), 4), ("印刷", ("包装印刷", "商标印刷"), 3),
    ("玩具", ("塑料玩具", "毛绒玩具"), 3), ("塑胶", ("塑胶制品", "PU合成革"), 3),
    ("机械", ("制鞋机械", "纺织机械"), 2), ("卫浴", ("卫浴洁具",), 2),
)
NAME_PATTERNS = (
    ("晋江市{brand}{industry}有限公司", 5), ("福建{brand}{industry}科技有限公司", 3),
    ("晋江{brand}{industry}制品有限公司", 1), ("泉州{brand}{industry}有限公司", 1),
    ("福建省晋江市{brand}{industry}有限公司", 1),
)

# Consecutive draws that hit taken names before the common space counts as crowded. The chance
# of so long a run while the space is lightly used is negligible (below 1e-20 at 300 names).
CROWDED_AFTER = 30


class EnterpriseNames:
    """Draws enterprise names that no other enterprise in the workspace has."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.taken: set[str] = set()
        self.wide = False  # drawing two-character brands now
        self._industry_weights = [w for *_, w in INDUSTRIES]

    def claim(self, name: str) -> bool:
        """Take `name` if no enterprise has it yet."""
        if name in self.taken:
            return False
        self.taken.add(name)
        return True

    def draw(self) -> tuple[str, str, str, tuple[str, ...]]:
        """(name, brand, industry word, the industry's products) of a new enterprise."""
        if not self.wide:
            found = self._draw(lambda: self.rng.choice(BRANDS), CROWDED_AFTER)
            if found:
                return found
            self.wide = True
        found = self._draw(lambda: "".join(self.rng.sample(BRAND_CHARACTERS, 2)), ATTEMPTS)
        if found:
            return found
        raise exhausted("企业名称", ATTEMPTS)

    def _draw(self, brand_of, attempts: int) -> tuple[str, str, str, tuple[str, ...]] | None:
        rng = self.rng
        for _ in range(attempts):
            brand = brand_of()
            industry, products, _ = rng.choices(INDUSTRIES, self._industry_weights)[0]
            name = weighted(rng, NAME_PATTERNS).format(brand=brand, industry=industry)
            if self.claim(name):
                return name, brand, industry, products
        return None
