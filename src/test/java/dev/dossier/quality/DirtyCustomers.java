package dev.dossier.quality;

import dev.dossier.customers.Seeds;
import dev.dossier.customers.Seeds.Seed;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A generated set of customers with known duplicates: distinct persons and companies, then variants of some of them
 * as people enter the same customer again (a phone in another format, an email in capitals, a name with spaces, in
 * traditional characters, in another order or with a typo, a company with another legal form or its city in
 * brackets), and hard negatives that must not match (people who share a common name and nothing else, relatives who
 * share a landline and an email address, namesake companies in other cities). Each record carries the entity it is
 * about, so that the pairs that are truly duplicates are known.
 */
final class DirtyCustomers {

    /** A customer to register and the entity it is about (records of one entity are duplicates of one another). */
    record Entry(Seed seed, int entity, String kind) {}

    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢";
    private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰飞鹏辉波宁凯文婷雪梅晨阳宇浩然思远嘉怡欣悦子涵俊杰";
    private static final String BRAND = "宏远华达鑫盛恒泰嘉和永信瑞丰博雅天成金源中科创维新锐启明聚力汇通星辰云海正德";
    private static final String[] INDUSTRY = {"科技", "贸易", "物流", "医疗器械", "食品", "电子", "建材", "传媒", "软件", "化工"};
    private static final String[] LEGAL = {"有限公司", "股份有限公司", "有限责任公司", "集团有限公司"};
    private static final String[] AREAS = {"010", "020", "021", "022", "023", "024", "025", "027", "028", "029"};
    private static final String[] CITIES = {"北京", "上海", "杭州", "深圳", "成都", "武汉", "南京", "西安"};
    private static final String[] EN_FIRST = {
        "Michael",
        "Jennifer",
        "Christopher",
        "Elizabeth",
        "Jonathan",
        "Margaret",
        "Alexander",
        "Victoria",
        "Benjamin",
        "Samantha",
        "Nicholas",
        "Caroline",
        "Patrick",
        "Charlotte",
        "Gregory"
    };
    private static final String[] EN_LAST = {
        "Anderson",
        "Robinson",
        "Thompson",
        "Williams",
        "Harrison",
        "Mitchell",
        "Campbell",
        "Richardson",
        "Henderson",
        "Patterson",
        "Morrison",
        "Fletcher",
        "Chambers",
        "Sullivan"
    };
    private static final String[] COMMON = {"张伟", "王伟", "王芳", "李伟", "李娜", "张敏", "李静", "王静", "刘伟", "王秀英"};
    private static final String TRADITIONAL_FROM = "张伟刘陈杨黄赵吴马孙郑谢韩冯邓许苏叶罗华达盛泰丰维锐启聚汇辰云丽强军杰涛红兰飞鹏辉宁凯婷梅晨阳宇浩嘉俊兴业电传软";
    private static final String TRADITIONAL_TO = "張偉劉陳楊黃趙吳馬孫鄭謝韓馮鄧許蘇葉羅華達盛泰豐維銳啟聚匯辰雲麗強軍傑濤紅蘭飛鵬輝寧凱婷梅晨陽宇浩嘉俊興業電傳軟";

    private final Random random;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> usedNames = new HashSet<>();
    private int entity;
    private long phone = 13_000_000_000L;
    private int mail;

    DirtyCustomers(long seed) {
        this.random = new Random(seed);
    }

    /** {@code persons} and {@code companies} distinct customers, a duplicate of about one in five, and negatives. */
    List<Entry> generate(int persons, int companies) {
        var bases = new ArrayList<Entry>();
        for (int i = 0; i < persons; i++) {
            bases.add(add(person(), "person"));
        }
        for (int i = 0; i < companies; i++) {
            bases.add(add(company(), "company"));
        }
        for (var base : bases) {
            if (random.nextInt(5) == 0) {
                var variant = base.seed().company() ? companyVariant(base.seed()) : personVariant(base.seed());
                entries.add(new Entry(variant, base.entity(), "duplicate"));
            }
        }
        // Hard negatives: common names shared by different people, also in the same city.
        for (int i = 0; i < persons / 5; i++) {
            var name = COMMON[random.nextInt(COMMON.length)];
            add(
                    new Seed(false, name, null, null, CITIES[i % 2] + "市", List.of(nextMobile()), List.of(), null),
                    "namesake");
        }
        // Relatives: a shared landline and family email, different names and birth dates.
        for (int i = 0; i < persons / 20; i++) {
            var landline = "010-6" + String.format("%07d", 1_000_000 + i);
            var family = "family" + i + "@home.example.cn";
            add(
                    new Seed(
                            false,
                            chineseName(),
                            LocalDate.of(1970, 1, 1 + i % 28),
                            null,
                            null,
                            List.of(landline),
                            List.of(family),
                            null),
                    "relative");
            add(
                    new Seed(
                            false,
                            chineseName(),
                            LocalDate.of(1972, 2, 1 + i % 28),
                            null,
                            null,
                            List.of(landline),
                            List.of(family),
                            null),
                    "relative");
        }
        // Namesake companies in two cities.
        for (int i = 0; i < companies / 20; i++) {
            var core = uniqueCore();
            add(
                    new Seed(true, "北京" + core + "有限公司", null, null, null, List.of(nextMobile()), List.of(), null),
                    "branch");
            add(
                    new Seed(true, "上海" + core + "有限公司", null, null, null, List.of(nextMobile()), List.of(), null),
                    "branch");
        }
        return entries;
    }

    private Entry add(Seed seed, String kind) {
        var entry = new Entry(seed, entity++, kind);
        entries.add(entry);
        return entry;
    }

    private Seed person() {
        boolean latin = random.nextInt(5) == 0;
        String name = latin ? latinName() : chineseName();
        var emails = random.nextInt(10) < 6 ? List.of(nextEmail(latin ? "en" : "cn")) : List.<String>of();
        var born = random.nextBoolean()
                ? LocalDate.of(1950 + random.nextInt(50), 1 + random.nextInt(12), 1 + random.nextInt(28))
                : null;
        String id = random.nextInt(5) == 0
                ? Seeds.residentId(
                        "110105" + (born == null ? "19800101" : born.toString().replace("-", ""))
                                + String.format("%03d", random.nextInt(1000)))
                : null;
        return new Seed(
                false,
                name,
                born,
                null,
                CITIES[random.nextInt(CITIES.length)] + "市",
                List.of(nextMobile()),
                emails,
                id);
    }

    private Seed company() {
        var core = uniqueCore();
        var city = CITIES[random.nextInt(CITIES.length)];
        String name = random.nextBoolean()
                ? city + core + LEGAL[random.nextInt(LEGAL.length)]
                : core + LEGAL[random.nextInt(LEGAL.length)];
        String phone = AREAS[random.nextInt(AREAS.length)] + "-" + (60_000_000 + entity);
        return new Seed(
                true,
                name,
                null,
                null,
                city + "市",
                List.of(phone),
                random.nextBoolean() ? List.of(nextEmail("co")) : List.of(),
                null);
    }

    private Seed personVariant(Seed base) {
        String name = base.name();
        boolean latin = name.chars().allMatch(c -> c < 0x80);
        switch (random.nextInt(4)) {
            case 0 -> name = latin ? name.toUpperCase(java.util.Locale.ROOT) : name.charAt(0) + " " + name.substring(1);
            case 1 -> name = latin ? reversed(name) : traditional(name);
            case 2 -> name = latin ? typo(name) : name;
            default -> {}
        }
        // The same person comes back with one thing that identifies them, typed another way.
        var phones = List.<String>of();
        var emails = List.<String>of();
        LocalDate born = null;
        String id = null;
        int evidence = random.nextInt(4);
        if (evidence == 1 && !base.emails().isEmpty()) {
            emails = List.of("  " + base.emails().getFirst().toUpperCase(java.util.Locale.ROOT) + " ");
        } else if (evidence == 2 && base.birthDate() != null && !latin) {
            born = base.birthDate();
        } else if (evidence == 3 && base.idNumber() != null) {
            id = base.idNumber().toLowerCase(java.util.Locale.ROOT);
        } else {
            phones = List.of(otherFormat(base.phones().getFirst()));
        }
        if (phones.isEmpty() && emails.isEmpty()) {
            // Found by their birth date or document, they gave a new number.
            phones = List.of(nextMobile());
        }
        return new Seed(false, name, born, null, null, phones, emails, id);
    }

    private Seed companyVariant(Seed base) {
        var core = base.name().replaceAll("(股份有限公司|有限责任公司|集团有限公司|有限公司)$", "");
        String city = base.city().replace("市", "");
        if (core.startsWith(city)) {
            core = core.substring(city.length());
        }
        String name = switch (random.nextInt(5)) {
            case 0 -> core + "（" + city + "）" + LEGAL[random.nextInt(LEGAL.length)];
            case 1 -> city + "市" + core + "有限公司";
            case 2 -> traditional(core) + "有限公司";
            case 3 -> toFullWidthSpaces(core) + " 公司";
            default -> core;
        };
        var phones = List.of(random.nextBoolean() ? otherFormat(base.phones().getFirst()) : nextMobile());
        return new Seed(true, name, null, null, random.nextBoolean() ? base.city() : null, phones, List.of(), null);
    }

    private String uniqueCore() {
        while (true) {
            var core = "" + BRAND.charAt(random.nextInt(BRAND.length())) + BRAND.charAt(random.nextInt(BRAND.length()))
                    + BRAND.charAt(random.nextInt(BRAND.length())) + INDUSTRY[random.nextInt(INDUSTRY.length)];
            if (usedNames.add("c:" + Names.company(core).core())) {
                return core;
            }
        }
    }

    private String chineseName() {
        return "" + SURNAMES.charAt(random.nextInt(SURNAMES.length())) + GIVEN.charAt(random.nextInt(GIVEN.length()))
                + (random.nextBoolean() ? "" + GIVEN.charAt(random.nextInt(GIVEN.length())) : "");
    }

    private String latinName() {
        return EN_FIRST[random.nextInt(EN_FIRST.length)] + " " + EN_LAST[random.nextInt(EN_LAST.length)];
    }

    private String nextMobile() {
        phone += 1 + random.nextInt(997);
        return "1" + (38 + random.nextInt(2)) + String.format("%08d", phone % 100_000_000);
    }

    private String nextEmail(String prefix) {
        return prefix + ".user" + (mail++) + "@mail" + random.nextInt(9) + ".example.com";
    }

    private String otherFormat(String phone) {
        var digits = phone.replaceAll("\\D", "");
        if (!digits.startsWith("1")) {
            // A landline: with the country code, or its area code in brackets.
            var parts = phone.split("-");
            return random.nextBoolean()
                    ? "+86 " + parts[0].substring(1) + " " + parts[1]
                    : "(" + parts[0] + ") " + parts[1];
        }
        return switch (random.nextInt(4)) {
            case 0 -> "+86 " + digits.substring(0, 3) + " " + digits.substring(3, 7) + " " + digits.substring(7);
            case 1 -> "0086" + digits;
            case 2 -> digits.substring(0, 3) + "-" + digits.substring(3, 7) + "-" + digits.substring(7);
            default -> toFullWidth(digits);
        };
    }

    private String typo(String name) {
        var chars = name.toCharArray();
        int i = 1 + random.nextInt(chars.length - 3);
        if (chars[i] == ' ' || chars[i + 1] == ' ') {
            return name.substring(0, i) + name.substring(i + 1);
        }
        var swap = chars[i];
        chars[i] = chars[i + 1];
        chars[i + 1] = swap;
        return new String(chars);
    }

    private static String reversed(String name) {
        var words = name.split(" ");
        return words[1] + " " + words[0];
    }

    private static String traditional(String text) {
        var out = new StringBuilder();
        for (var c : text.toCharArray()) {
            int at = TRADITIONAL_FROM.indexOf(c);
            out.append(at >= 0 ? TRADITIONAL_TO.charAt(at) : c);
        }
        return out.toString();
    }

    private static String toFullWidth(String digits) {
        var out = new StringBuilder();
        digits.chars().forEach(c -> out.append((char) (c - '0' + '０')));
        return out.toString();
    }

    private static String toFullWidthSpaces(String text) {
        return String.join("\u3000", text.split(""));
    }
}
