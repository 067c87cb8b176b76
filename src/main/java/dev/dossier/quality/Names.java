package dev.dossier.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names as duplicate matching compares them. Both kinds are folded first: full-width forms as half-width, lower case,
 * traditional Han characters as simplified, accents off Latin letters. An organisation's name is reduced to its core:
 * without its legal form (有限公司, 股份有限公司, 集团, Co., Ltd., GmbH …), without a place before it or in brackets
 * ({@code 北京宏远科技}, {@code 宏远科技（北京）}), which is kept apart to tell branches in different cities apart, and
 * without spaces and punctuation. A person's name loses its spaces and punctuation; Latin names are compared as a
 * set of words, so the order does not matter.
 */
final class Names {

    /**
     * Names reduced before, by the name as written: a scan compares each customer with several others, and the check
     * of a customer being entered with the same few names again and again. Emptied when full.
     */
    private static final int REMEMBERED = 200_000;

    private static final java.util.concurrent.ConcurrentHashMap<String, Company> COMPANIES =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.concurrent.ConcurrentHashMap<String, String> PERSONS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Provinces, regions and the larger cities, by their short names. */
    private static final List<String> PLACES = List.of(
            "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南",
            "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门", "石家庄",
            "太原", "沈阳", "长春", "哈尔滨", "南京", "杭州", "合肥", "福州", "南昌", "济南", "郑州", "武汉", "长沙", "广州", "海口", "成都", "贵阳", "昆明",
            "西安", "兰州", "西宁", "呼和浩特", "南宁", "拉萨", "银川", "乌鲁木齐", "台北", "深圳", "苏州", "无锡", "宁波", "温州", "青岛", "大连", "厦门",
            "东莞", "佛山", "珠海", "常州", "南通", "徐州", "烟台", "潍坊", "绍兴", "嘉兴", "金华", "台州", "泉州", "惠州", "中山", "汕头", "洛阳", "宜昌",
            "襄阳", "株洲", "岳阳", "绵阳", "遵义", "唐山", "保定", "廊坊", "大同", "鞍山", "扬州", "镇江", "盐城", "芜湖", "漳州", "赣州", "九江", "淄博",
            "临沂", "济宁", "威海", "开封", "南阳", "柳州", "桂林", "三亚", "宜宾", "曲靖", "宝鸡", "咸阳", "包头", "中国");

    /** Latin place names that start or bracket a company's name. */
    private static final Set<String> LATIN_PLACES = Set.of(
            "beijing",
            "shanghai",
            "tianjin",
            "chongqing",
            "guangzhou",
            "shenzhen",
            "hangzhou",
            "nanjing",
            "suzhou",
            "wuhan",
            "chengdu",
            "xian",
            "xiamen",
            "qingdao",
            "dalian",
            "ningbo",
            "hongkong",
            "china",
            "asia");

    /** What follows a place's short name: 省, 市, 自治区 … */
    private static final Pattern PLACE_SUFFIX = Pattern.compile("^(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)");

    /** Han legal forms at the end of a name, longest first. */
    private static final List<String> HAN_LEGAL_FORMS =
            List.of("集团股份有限公司", "集团有限公司", "股份有限公司", "有限责任公司", "集团公司", "有限公司", "总公司", "公司", "集团");

    private static final Set<String> LATIN_LEGAL_FORMS = Set.of(
            "co",
            "company",
            "ltd",
            "limited",
            "inc",
            "incorporated",
            "llc",
            "gmbh",
            "corp",
            "corporation",
            "plc",
            "ag",
            "sa",
            "bv",
            "pte",
            "group",
            "holdings",
            "holding",
            "lp",
            "llp",
            "kg");

    private static final Pattern BRACKETED = Pattern.compile("[(\\[【〔]([^)\\]】〕]*)[)\\]】〕]");

    private Names() {}

    /** Text folded: see {@link dev.dossier.shared.Folding}. */
    static String fold(String text) {
        return dev.dossier.shared.Folding.fold(text);
    }

    static boolean isHan(int codePoint) {
        return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
    }

    /**
     * An organisation's name reduced for comparison.
     *
     * @param core the name without legal form, place, spaces and punctuation; empty when nothing is left
     * @param place the place the name starts with or brackets, by its short name, or null
     */
    record Company(String core, String place) {}

    static Company company(String name) {
        if (name == null) {
            return reduceCompany(null);
        }
        var known = COMPANIES.get(name);
        if (known == null) {
            known = reduceCompany(name);
            remember(COMPANIES, name, known);
        }
        return known;
    }

    private static <T> void remember(java.util.Map<String, T> memory, String name, T value) {
        if (memory.size() >= REMEMBERED) {
            memory.clear();
        }
        memory.put(name, value);
    }

    private static Company reduceCompany(String name) {
        var folded = fold(name);
        String place = null;
        var bracket = BRACKETED.matcher(folded);
        var rest = new StringBuilder();
        int last = 0;
        while (bracket.find()) {
            rest.append(folded, last, bracket.start());
            var inside = compact(bracket.group(1));
            var found = placeAtStart(inside);
            if (found != null && found.length() == inside.length()) {
                place = place == null ? found.place() : place;
            } else if (LATIN_PLACES.contains(inside)) {
                place = place == null ? inside : place;
            } else {
                rest.append(' ').append(bracket.group(1)).append(' ');
            }
            last = bracket.end();
        }
        rest.append(folded.substring(last));
        // Latin words: legal forms off the end, a place off the start.
        var words = new ArrayList<>(Arrays.asList(rest.toString().split("[^\\p{L}\\p{N}]+")));
        words.removeIf(String::isEmpty);
        while (words.size() > 1 && LATIN_LEGAL_FORMS.contains(words.getLast())) {
            words.removeLast();
        }
        if (words.size() > 1 && words.getFirst().equals("the")) {
            words.removeFirst();
        }
        if (words.size() > 1 && LATIN_PLACES.contains(words.getFirst())) {
            place = place == null ? words.getFirst() : place;
            words.removeFirst();
        }
        var core = String.join("", words);
        // Han legal forms off the end, repeatedly (…集团有限公司).
        boolean cut = true;
        while (cut) {
            cut = false;
            for (var form : HAN_LEGAL_FORMS) {
                if (core.length() > form.length() + 1 && core.endsWith(form)) {
                    core = core.substring(0, core.length() - form.length());
                    cut = true;
                    break;
                }
            }
        }
        // Places off the start (广东省深圳市…), while a name of two characters or more is left.
        for (int i = 0; i < 2; i++) {
            var found = placeAtStart(core);
            if (found == null || core.length() - found.length() < 2) {
                break;
            }
            place = place == null ? found.place() : place;
            core = core.substring(found.length());
        }
        return new Company(core, place);
    }

    /** A place's short name at the start of a text, and how many characters it takes with its suffix (市, 省 …). */
    private record Found(String place, int length) {}

    private static Found placeAtStart(String text) {
        for (var place : PLACES) {
            if (text.startsWith(place)) {
                var suffix = PLACE_SUFFIX.matcher(text.substring(place.length()));
                return new Found(place, place.length() + (suffix.find() ? suffix.end() : 0));
            }
        }
        return null;
    }

    /** A place as written in an address (北京市, 广东省): its short name, or the text itself folded. */
    static String place(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        var compact = compact(fold(text));
        var found = placeAtStart(compact);
        return found != null && found.length() == compact.length() ? found.place() : compact;
    }

    /** A person's name for comparison: Han names without spaces; Latin names as their words in order, lower case. */
    static String person(String name) {
        if (name == null) {
            return "";
        }
        var known = PERSONS.get(name);
        if (known == null) {
            known = reducePerson(name);
            remember(PERSONS, name, known);
        }
        return known;
    }

    private static String reducePerson(String name) {
        var folded = fold(name);
        if (folded.codePoints().anyMatch(Names::isHan)) {
            return compact(folded);
        }
        var words = new ArrayList<>(Arrays.asList(folded.split("[^\\p{L}\\p{N}]+")));
        words.removeIf(String::isEmpty);
        words.sort(null);
        return String.join(" ", words);
    }

    /**
     * Whether two persons' names (as {@link #person(String)} gives them, not equal) differ by one typo: one letter
     * added, missing, replaced, or two neighbours swapped, in a name long enough for that to be a typo (five letters
     * or more in Latin script, three characters or more in Han).
     */
    static boolean oneTypoApart(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        boolean han = a.codePoints().anyMatch(Names::isHan) || b.codePoints().anyMatch(Names::isHan);
        int shortest = Math.min(a.replace(" ", "").length(), b.replace(" ", "").length());
        if (shortest < (han ? 3 : 5)) {
            return false;
        }
        if (distance(a, b) <= 1) {
            return true;
        }
        if (han) {
            return false;
        }
        // A typo in a first letter can move a word in the sorted order: compare the words in every order.
        var left = a.split(" ");
        var right = b.split(" ");
        if (left.length != right.length || left.length > 3) {
            return false;
        }
        for (var order : orders(List.of(right))) {
            int total = 0;
            for (int i = 0; i < left.length && total <= 1; i++) {
                total += distance(left[i], order.get(i));
            }
            if (total <= 1) {
                return true;
            }
        }
        return false;
    }

    private static List<List<String>> orders(List<String> words) {
        if (words.size() <= 1) {
            return List.of(words);
        }
        var all = new ArrayList<List<String>>();
        for (int i = 0; i < words.size(); i++) {
            var rest = new ArrayList<>(words);
            var first = rest.remove(i);
            for (var tail : orders(rest)) {
                var order = new ArrayList<String>();
                order.add(first);
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }

    /** Edit distance with swaps of neighbours (optimal string alignment), stopping early above 1. */
    static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 1) {
            return 2;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static String compact(String text) {
        var out = new StringBuilder(text.length());
        text.codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
        return out.toString();
    }
}
