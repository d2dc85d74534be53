//! The matching text of a report: traditional characters folded to simplified and the pinyin
//! that mirror sites leave after characters (`根據(jù)`) blanked, with every byte offset kept.
//!
//! Reports reach evaluators through mirror sites that convert them to traditional characters.
//! Every label, heading and phrase the reader and the rules look for is simplified, so the text
//! they match is folded first. A traditional character and its simplified form are both three
//! bytes in UTF-8 (U+4E00–U+9FFF), and a pinyin annotation is replaced by as many spaces as it
//! has bytes, so a span into the folded text is a span into the text as written: diagnostics
//! show the original ([`crate::source::SourceFile::display_text`]).

use std::sync::OnceLock;

/// Traditional → simplified pairs, each a traditional character followed by its simplified
/// form: the characters of the report format, its labels and headings, and the words common in
/// its narrative. Only characters that are not also ordinary simplified characters are listed
/// (`著`, `覆`, `乾` are left alone).
const PAIRS: &str = "\
據据國国開开資资訊讯報报務务與与為为關关於于條条辦办處处請请數数總总計计機机構构會会業业\
團团體体結结轉转決决議议訴诉訟讼復复維维糾纠審审東东題题項项規规範范現现廢废製制發发許许\
罰罚強强費费額额單单萬万購购採采況况應应說说問问進进並并對对內内無无權权產产經经營营環环\
門门戶户網网頁页號号這这個个們们來来時时間间點点後后從从還还沒没實实際际當当將将過过種种\
類类動动態态協协調调領领導导組组織织責责職职員员設设備备評评價价監监舉举認认確确證证歸归\
檔档執执見见聞闻紙纸質质視视頻频稱称億亿鎮镇區区縣县鄉乡長长廳厅衛卫僅仅優优勢势積积極极\
參参廣广傳传聽听聯联繫系係系絡络電电話话郵邮級级層层標标準准編编寫写純纯細细緊紧緩缓續续\
練练紹绍給给統统紀纪約约線线終终縮缩綜综繳缴績绩節节簽签籌筹築筑納纳紛纷訂订討讨記记訪访\
詢询試试該该詳详誤误諮咨謀谋講讲謝谢識识譯译護护讀读變变負负財财貨货貫贯貼贴貴贵貸贷賓宾\
賠赔賦赋賬账贊赞車车軍军軟软較较載载輔辅輕轻輸输農农邊边遞递遠远適适選选遺遗醫医釋释鐘钟\
錄录鍵键鑑鉴閉闭閱阅陽阳隊队隨随險险隱隐難难靜静響响順顺須须預预頭头顯显風风飛飞養养館馆\
馬马驗验黨党齊齐熱热爭争獎奖畫画盡尽盤盘眾众禮礼離离稅税穩稳競竞筆笔簡简糧粮紅红綠绿緣缘\
繼继聖圣聲声腦脑興兴舊旧藝艺藥药補补裝装複复覺觉觀观診诊詞词誠诚誰谁談谈論论讓让讚赞貧贫\
賽赛趕赶趨趋跡迹踐践蹤踪軌轨輪轮辭辞遷迁遲迟鄰邻錢钱錯错鋼钢鏈链閑闲閩闽陳陈陸陆階阶雖虽\
雙双雜杂雲云靈灵韓韩頒颁頓顿顧顾飯饭飲饮餘余驅驱驚惊鬥斗麼么黃黄齡龄龍龙壓压壞坏夠够奪夺\
奮奋婦妇學学寧宁寬宽寶宝專专尋寻屆届屬属島岛嶺岭嚴严幣币師师帳帐帶带幫帮幹干幾几庫库廠厂\
彈弹彙汇徑径徵征惡恶愛爱慣惯慶庆憲宪懷怀戰战擔担擊击擴扩擾扰攝摄敗败敘叙斷断晉晋暢畅曆历\
歷历書书楊杨榮荣樂乐樣样樞枢檢检歡欢歲岁殺杀氣气測测溝沟滅灭滿满漢汉潔洁潛潜濟济災灾煙烟\
燈灯牆墙狀状獨独獲获獻献畢毕異异療疗盜盗礎础祕秘禍祸籃篮紐纽紮扎絕绝絲丝綁绑緒绪縱纵繩绳\
繪绘罷罢習习聰聪肅肃脅胁腳脚膽胆臉脸臨临艱艰莊庄華华葉叶蓋盖蘇苏虛虚蟲虫衝冲裡里覽览親亲\
觸触訓训託托註注誕诞語语課课諒谅諸诸謹谨譜谱豐丰貢贡貪贪買买貿贸賀贺賞赏賢贤賣卖賴赖贈赠\
贏赢趙赵躍跃輛辆輝辉輩辈輯辑轄辖迴回連连週周遊游運运達达違违遙遥遼辽邁迈鄧邓鄭郑針针鈔钞\
銀银銷销鋒锋鋪铺錦锦鍋锅鎖锁鏡镜鐵铁鑄铸鑒鉴閃闪閘闸閣阁闊阔闡阐陣阵陰阴隻只離离霧雾韋韦\
顏颜願愿颱台臺台飄飘飼饲飽饱飾饰駐驻駕驾騎骑鬧闹魚鱼鮮鲜鳥鸟鹽盐麥麦齒齿龜龟勞劳務务區区\
啟启園园圖图團团場场報报壯壮備备復复敵敌歸归歐欧殘残滬沪燒烧犧牺瑪玛產产甦苏疇畴碼码礙碍\
稱称穀谷紡纺絡络綱纲網网緝缉總总縮缩繁繁膚肤蓮莲處处覈核訊讯詐诈訴诉詭诡誌志謊谎譽誉賜赐\
賬账蹟迹軸轴輿舆辯辩郵邮鄉乡釣钓鈴铃鉤钩銜衔鋸锯鍾钟鐘钟闆板闈闱陝陕隴陇雋隽雛雏雞鸡鞏巩\
頸颈頻频餵喂饑饥騙骗驛驿髮发鬱郁鴻鸿黴霉齣出";

/// The folding table: `(traditional, simplified)` sorted by the traditional character, and a
/// bitmap of the traditional characters over U+4E00–U+9FFF for the quick test.
struct Table {
    pairs: Vec<(char, char)>,
    bits: Vec<u64>,
}

/// How much of a text is searched for traditional characters or pinyin. A mirror converts a
/// whole page, so its title, chrome and preamble show it; searching every byte of every
/// report would cost as much as reading its tables.
const DETECTION_BYTES: usize = 512;

const FIRST: u32 = 0x4E00;
const LAST: u32 = 0x9FFF;

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let chars: Vec<char> = PAIRS.chars().collect();
        let mut pairs: Vec<(char, char)> = chars
            .chunks_exact(2)
            .map(|p| (p[0], p[1]))
            .filter(|(t, s)| t != s)
            .collect();
        pairs.sort_unstable();
        pairs.dedup_by_key(|p| p.0);
        let mut bits = vec![0u64; ((LAST - FIRST + 1) as usize).div_ceil(64)];
        for (t, _) in &pairs {
            let i = (*t as u32 - FIRST) as usize;
            bits[i / 64] |= 1 << (i % 64);
        }
        Table { pairs, bits }
    })
}

/// Whether `c` is a listed traditional character: one subtraction and one bitmap test.
fn is_listed(t: &Table, c: char) -> bool {
    let k = (c as u32).wrapping_sub(FIRST) as usize;
    k <= (LAST - FIRST) as usize && t.bits[k / 64] & (1 << (k % 64)) != 0
}

/// The simplified form of `c`, when it is a listed traditional character.
fn simplified(c: char) -> Option<char> {
    let t = table();
    if !is_listed(t, c) {
        return None;
    }
    t.pairs
        .binary_search_by_key(&c, |p| p.0)
        .ok()
        .map(|k| t.pairs[k].1)
}

/// A pinyin syllable with a tone mark (`jù`, `lǜ`) or plain letters, as mirror sites print
/// after a character: the length in bytes of `(…)` at the start of `s`, if it is one.
fn pinyin_annotation(s: &str) -> Option<usize> {
    let rest = s.strip_prefix('(')?;
    let close = rest.find(')')?;
    let inner = &rest[..close];
    let toned = |c: char| "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü".contains(c);
    let letters = inner.chars().count();
    let ok = (1..=6).contains(&letters)
        && inner.chars().all(|c| c.is_ascii_lowercase() || toned(c))
        && inner.chars().any(toned);
    ok.then_some(close + 2)
}

/// Whether `head` holds a listed traditional character or a pinyin annotation after an
/// ideograph. Every report is tested, so this stays one pass of cheap tests per character.
fn needs_folding(head: &str) -> bool {
    let t = table();
    let mut after_ideograph = false;
    for (at, c) in head.char_indices() {
        if is_listed(t, c)
            || c == '(' && after_ideograph && pinyin_annotation(&head[at..]).is_some()
        {
            return true;
        }
        after_ideograph = (FIRST..=LAST).contains(&(c as u32));
    }
    false
}

/// The matching text of `text`, or `None` when it is its own (no traditional character and no
/// pinyin annotation in its first [`DETECTION_BYTES`]): most reports, which then keep a single
/// copy.
pub fn fold(text: &str) -> Option<String> {
    let mut end = text.len().min(DETECTION_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if !needs_folding(&text[..end]) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    let mut after_ideograph = false;
    while let Some((at, c)) = chars.next() {
        if c == '('
            && after_ideograph
            && let Some(len) = pinyin_annotation(&text[at..])
        {
            out.extend(std::iter::repeat_n(' ', len));
            while chars.peek().is_some_and(|(next, _)| *next < at + len) {
                chars.next();
            }
            after_ideograph = false;
            continue;
        }
        after_ideograph = (FIRST..=LAST).contains(&(c as u32));
        out.push(simplified(c).unwrap_or(c));
    }
    debug_assert_eq!(out.len(), text.len());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_maps_ideographs_to_ideographs_of_the_same_length() {
        let chars: Vec<char> = PAIRS.chars().collect();
        assert_eq!(chars.len() % 2, 0, "pairs");
        for p in chars.chunks_exact(2) {
            for c in p {
                assert!((FIRST..=LAST).contains(&(*c as u32)), "{c}");
                assert_eq!(c.len_utf8(), 3);
            }
        }
        // A simplified form is never itself folded again.
        for (_, s) in &table().pairs {
            assert_eq!(simplified(*s), None, "{s}");
        }
    }

    #[test]
    fn traditional_text_and_pinyin_fold_with_offsets_kept() {
        let text = "根據(jù)《中華人民共和國政府信息公開條例》，現將本機關2023年報告如下";
        let folded = fold(text).unwrap();
        assert_eq!(folded.len(), text.len());
        assert_eq!(
            folded.replace(' ', ""),
            "根据《中华人民共和国政府信息公开条例》，现将本机关2023年报告如下"
        );
        assert_eq!(fold("一、总体情况（一）主动公开"), None);
        // Parentheses that are not pinyin stay.
        assert_eq!(fold("收到申请(含电话)3件"), None);
        assert_eq!(fold("據(jù)").unwrap(), "据     ");
    }
}
