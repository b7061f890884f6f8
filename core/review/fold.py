"""Folding text for matching: full-width → half-width (NFKC), traditional → simplified,
Latin case, and zero-width characters dropped — with a map back to the original text.

Every scanner matches on the folded text and reports spans of the ORIGINAL text, so
"機密★1年", "机密★１年" and "机密★1年" are all the same mark, and masking edits exactly
the characters the user typed.

The traditional → simplified table is a hand-made one-to-one character table of the
common characters of official writing (no phrase conversion): one character in, one
character out, so positions stay put. It is for matching only, never for display.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Pairs "traditional simplified". Identity pairs and repeats are harmless.
_T2S_PAIRS = """
機机 絕绝 祕秘 內内 資资 關关 會会 議议 紀纪 錄录 這这 個个 們们 來来 時时 對对 說说 國国 產产
發发 經经 過过 實实 現现 開开 問问 題题 進进 與与 點点 動动 當当 應应 體体 還还 長长 門门 間间
從从 後后 頭头 義义 員员 區区 別别 學学 業业 務务 專专 將将 條条 計计 報报 書书 記记 設设 認认
請请 證证 識识 讓让 論论 訪访 評评 試试 詢询 調调 談谈 讀读 變变 負负 責责 質质 財财 貨货 購购
貿贸 費费 賽赛 車车 軍军 輕轻 載载 輸输 轉转 辦办 達达 違违 連连 運运 選选 邊边 郵邮 鄉乡 醫医
針针 鐘钟 鐵铁 銀银 錢钱 鎮镇 閉闭 閱阅 陽阳 陰阴 陳陈 陸陆 隊队 階阶 際际 隨随 險险 難难 電电
靜静 頁页 項项 順顺 須须 預预 領领 額额 顏颜 風风 飛飞 飯饭 館馆 驗验 髮发 鬥斗 魚鱼 鳥鸟 黃黄
齊齐 齒齿 龍龙 傳传 儲储 優优 億亿 價价 僅仅 係系 倉仓 備备 傷伤 僱雇 儀仪 兩两 凍冻 則则 剛刚
創创 劃划 劇剧 勞劳 勢势 勵励 匯汇 協协 單单 廠厂 厲厉 參参 雙双 號号 嚴严 團团 圍围 圖图 執执
堅坚 場场 塊块 壓压 壞坏 夠够 奪夺 奮奋 婦妇 媽妈 孫孙 寧宁 審审 寫写 寶宝 屆届 屬属 幣币 幫帮
廣广 庫库 廳厅 彈弹 彙汇 徵征 復复 態态 恥耻 悅悦 惡恶 愛爱 慶庆 憲宪 懷怀 戰战 戶户 擔担 據据
攜携 擊击 擬拟 擴扩 擇择 擁拥 敵敌 數数 斷断 暫暂 曆历 曉晓 極极 構构 標标 樣样 權权 橋桥 檢检
檔档 歡欢 歲岁 歷历 歸归 殺杀 氣气 決决 況况 減减 測测 湯汤 準准 溝沟 滅灭 漢汉 潔洁 濟济 災灾
為为 無无 煙烟 熱热 營营 燈灯 爭争 獎奖 獨独 獲获 環环 畫画 異异 療疗 盡尽 監监 盤盘 眾众 確确
礎础 禮礼 稅税 種种 稱称 穩稳 競竞 筆笔 節节 範范 築筑 簡简 簽签 糧粮 紅红 約约 級级 紙纸 細细
組组 結结 統统 絡络 給给 絲丝 綜综 綠绿 維维 網网 緊紧 線线 練练 縣县 總总 績绩 織织 繫系 續续
聯联 聲声 職职 聽听 肅肃 腦脑 腳脚 臨临 興兴 舉举 艦舰 藝艺 葉叶 蘇苏 處处 術术 衛卫 衝冲 補补
裝装 製制 複复 見见 規规 視视 親亲 覺觉 觀观 訂订 訊讯 託托 許许 訴诉 診诊 詞词 該该 詳详 誠诚
誤误 課课 誰谁 諮咨 謀谋 講讲 謝谢 護护 譯译 讚赞 豐丰 貝贝 貢贡 貧贫 販贩 貫贯 貴贵 貸贷 賀贺
賓宾 賠赔 賣卖 賴赖 趕赶 軟软 較较 輔辅 輛辆 農农 遞递 遠远 適适 遲迟 遷迁 鄰邻 釋释 錯错 鍵键
閣阁 隱隐 雜杂 離离 雲云 韓韩 響响 顧顾 顯显 飲饮 養养 餘余 驅驱 騙骗 鬧闹 麥麦 黨党 齡龄 誌志
幹干 並并 佈布 佔占 併并 侶侣 俠侠 倫伦 偉伟 側侧 偵侦 傑杰 傘伞 債债 僑侨 償偿 儉俭 兒儿 冊册
劉刘 勁劲 勝胜 華华 卻却 厭厌 縮缩 壯壮 夢梦 妝妆 嬰婴 宮宫 寢寝 寬宽 屍尸 層层 嶺岭 帥帅 師师
帳帐 帶带 幾几 廢废 張张 強强 徑径 徹彻 恆恒 悶闷 惱恼 慘惨 慣惯 憑凭 憶忆 懲惩 戲戏 揮挥 損损
搖摇 搶抢 撥拨 撫抚 擋挡 擠挤 擾扰 攝摄 敗败 敘叙 斂敛 斬斩 於于 晉晋 暢畅 東东 桿杆 棄弃 榮荣
槍枪 樂乐 樓楼 欄栏 歐欧 殘残 殼壳 沒没 淚泪 淺浅 溫温 滿满 漁渔 漲涨 潛潜 澤泽 濃浓 濕湿 灣湾
烏乌 煉炼 爐炉 牆墙 犧牺 狀状 猶犹 獄狱 獸兽 畢毕 疊叠 癒愈 皺皱 盜盗 矯矫 碼码 磚砖 礙碍 禍祸
窮穷 竊窃 籃篮 籌筹 類类 紛纷 純纯 紹绍 終终 綁绑 緒绪 編编 緣缘 縱纵 繩绳 繪绘 繼继 罰罚 罷罢
羅罗 習习 聖圣 聞闻 脅胁 脫脱 膽胆 臉脸 艱艰 莊庄 萬万 蔣蒋 薦荐 藥药 蘭兰 虛虚 蟲虫 衆众 裡里
裏里 襲袭 覽览 觸触 訓训 詐诈 証证 詩诗 話话 誘诱 語语 誼谊 諾诺 謊谎 謹谨 譜谱 豬猪 貼贴 賈贾
賦赋 賬账 贊赞 趨趋 跡迹 踐践 軌轨 輩辈 輪轮 轄辖 辭辞 遺遗 邁迈 醜丑 鄭郑 鈔钞 銷销 鋒锋 鋼钢
錦锦 鍋锅 鏡镜 鑑鉴 鑒鉴 鑰钥 閃闪 閑闲 閒闲 閩闽 闆板 闊阔 闖闯 陣阵 陝陕 隸隶 雖虽 雞鸡 霧雾
靈灵 頂顶 頒颁 頓顿 頻频 顆颗 飄飘 飽饱 駕驾 駛驶 駐驻 騎骑 驚惊 鬆松 魯鲁 鹽盐 麗丽 龜龟 獻献
壇坛 臺台 颱台 週周 麼么 麽么 迴回 洩泄 諜谍 導导 輯辑 綱纲 據据 僅仅 訂订 審审 稿稿 擬拟 傳传
討讨 論论 紀纪 錄录 簡简 閱阅 覈核 涉涉 揭揭 護护 貪贪 腐腐 罪罪 嫌嫌 舉举 訪访 訟讼 獄狱 懸悬
"""

_T2S: dict[int, int] = {}
for _pair in _T2S_PAIRS.split():
    if len(_pair) == 2 and _pair[0] != _pair[1]:
        _T2S[ord(_pair[0])] = ord(_pair[1])
for _c in range(ord("A"), ord("Z") + 1):
    _T2S[_c] = _c + 32
#: One-to-one translation table (length preserving): traditional → simplified, A-Z → a-z.
TRANSLATE = _T2S

#: Characters dropped before matching (invisible: they can split a term without showing).
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


@dataclass(frozen=True)
class Folded:
    """Folded text plus, for each folded character, the index of its original character.

    ``index`` is ``None`` when folding kept every position (the common case).
    """

    original: str
    text: str
    index: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded span [start, end) to the original text."""
        if self.index is None:
            return start, end
        if end <= start:
            pos = self.index[start] if start < len(self.index) else len(self.original)
            return pos, pos
        return self.index[start], self.index[end - 1] + 1


# Per-character folding, filled lazily: ord → folded string for every character seen whose
# folded form differs from itself. Starts with the one-to-one table above.
_TABLE: dict[int, str] = {k: chr(v) for k, v in TRANSLATE.items()}
_SEEN: set[str] = set(chr(c) for c in range(128))
#: Characters whose folded form is not exactly one character (dropped or expanded).
_RESIZED: set[str] = set()


def _learn(chars: set[str]) -> None:
    for ch in chars:
        if ch in ZERO_WIDTH:
            _TABLE[ord(ch)] = ""
            _RESIZED.add(ch)
            continue
        folded = unicodedata.normalize("NFKC", ch).translate(TRANSLATE)
        if folded != ch:
            _TABLE[ord(ch)] = folded
        if len(folded) != 1:
            _RESIZED.add(ch)
    _SEEN.update(chars)


def fold(text: str) -> Folded:
    """Fold ``text`` for matching; see the module docstring."""
    chars = set(text)
    new = chars - _SEEN
    if new:
        _learn(new)
    folded = text.translate(_TABLE)
    if not (chars & _RESIZED):
        return Folded(text, folded, None)
    out: list[str] = []
    index: list[int] = []
    table = _TABLE
    for i, ch in enumerate(text):
        f = table.get(ord(ch), ch)
        out.append(f)
        index.extend([i] * len(f))
    return Folded(text, "".join(out), tuple(index))


def fold_term(term: str) -> str:
    """Fold a word-list term the way text is folded (no map needed)."""
    return fold(term).text
