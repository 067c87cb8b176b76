package dev.dossier.quality;

import dev.dossier.customers.CustomerFacts.Facts;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The quality of one customer's record: checks of completeness (what a customer of its kind and grade should have),
 * validity (values still valid by today's rules), consistency (values that must agree) and freshness (a record not
 * looked at for longer than its grade allows), each with a weight. The score is the share of the weight of the
 * checks that apply which pass, from 0 to 100.
 */
final class RecordQuality {

    /** A check, with the field it is about and its weight. */
    enum Check {
        INDUSTRY("industry", 2),
        REGION("region", 1),
        PLACE("city", 2),
        ADDRESS("addressLine", 2),
        BIRTH_DATE("birthDate", 1),
        GENDER("gender", 1),
        CONTACT_PERSON("contacts", 2),
        DECISION_MAKER("contacts", 2),
        EMAIL("emails", 1),
        PHONE_VALID("phones", 3),
        EMAIL_VALID("emails", 3),
        ID_DOCUMENT_VALID("idDocumentNumber", 3),
        BIRTH_DATE_VALID("birthDate", 2),
        POSTAL_CODE_VALID("postalCode", 1),
        REGION_AGREES("region", 2),
        FRESH("updatedAt", 2);

        private final String field;
        private final int weight;

        Check(String field, int weight) {
            this.field = field;
            this.weight = weight;
        }

        /** The field the check is about, as the form names it; public for the pages. */
        public String field() {
            return field;
        }

        int weight() {
            return weight;
        }
    }

    /** A check that failed, with the values its message names. */
    record Issue(Check check, List<Object> args) {
        /** The check's code, for the API and the pages. */
        public String code() {
            return check.name();
        }

        public String field() {
            return check.field();
        }
    }

    /** A record's score and what keeps it from 100. */
    record Assessment(int score, List<Issue> issues, int checks) {}

    /** Days a record may go unreviewed, by grade. */
    private static final Map<String, Integer> FRESH_DAYS =
            Map.of("VIP", 90, "IMPORTANT", 180, "ORDINARY", 365, "POTENTIAL", 365);

    private static final Set<String> KEY_GRADES = Set.of("IMPORTANT", "VIP");

    /** The sales region of each province, by its short name. */
    private static final Map<String, String> REGION_OF = regions();

    private RecordQuality() {}

    static Assessment assess(Facts f, LocalDate today) {
        boolean company = "COMPANY".equals(f.type());
        boolean key = KEY_GRADES.contains(f.grade());
        boolean vip = "VIP".equals(f.grade());
        boolean china = f.country() == null || "CN".equals(f.country());
        var issues = new ArrayList<Issue>();
        int total = 0;
        int failed = 0;
        // Each check that applies: {check, passes}.
        var results = new ArrayList<Object[]>();
        if (company) {
            results.add(new Object[] {Check.INDUSTRY, f.hasIndustry()});
            results.add(new Object[] {Check.CONTACT_PERSON, f.contacts() > 0});
            if (key) {
                results.add(new Object[] {Check.DECISION_MAKER, f.decisionMaker()});
            }
        } else {
            results.add(new Object[] {Check.GENDER, f.hasGender()});
            if (key) {
                results.add(new Object[] {Check.BIRTH_DATE, f.birthDate() != null});
            }
        }
        results.add(new Object[] {Check.REGION, f.region() != null});
        results.add(new Object[] {Check.PLACE, f.province() != null && f.hasCity()});
        if (key) {
            results.add(new Object[] {Check.ADDRESS, f.hasAddressLine()});
        }
        if (vip) {
            results.add(new Object[] {Check.EMAIL, f.emails() > 0});
        }
        if (f.phones() > 0) {
            results.add(new Object[] {Check.PHONE_VALID, f.invalidPhones() == 0, f.invalidPhones()});
        }
        if (f.emails() > 0) {
            results.add(new Object[] {Check.EMAIL_VALID, f.invalidEmails() == 0, f.invalidEmails()});
        }
        if (f.idDocumentValid() != null) {
            results.add(new Object[] {Check.ID_DOCUMENT_VALID, f.idDocumentValid()});
        }
        if (f.birthDate() != null) {
            boolean plausible = !f.birthDate().isAfter(today) && f.birthDate().isAfter(today.minusYears(120));
            results.add(new Object[] {Check.BIRTH_DATE_VALID, plausible});
        }
        if (f.postalCode() != null && china) {
            results.add(new Object[] {Check.POSTAL_CODE_VALID, f.postalCode().matches("[0-9]{6}")});
        }
        var expected = f.province() == null ? null : REGION_OF.get(Names.place(f.province()));
        if (expected != null && f.region() != null && china) {
            results.add(new Object[] {Check.REGION_AGREES, expected.equals(f.region()), expected});
        }
        int days = FRESH_DAYS.getOrDefault(f.grade(), 365);
        long since = f.updatedAt() == null
                ? 0
                : ChronoUnit.DAYS.between(f.updatedAt().toLocalDate(), today);
        results.add(new Object[] {Check.FRESH, since <= days, since, days});
        for (var result : results) {
            var check = (Check) result[0];
            total += check.weight();
            if (!(Boolean) result[1]) {
                failed += check.weight();
                var args = new ArrayList<>();
                for (int i = 2; i < result.length; i++) {
                    args.add(result[i]);
                }
                issues.add(new Issue(check, args));
            }
        }
        int score = total == 0 ? 100 : (int) Math.round(100.0 * (total - failed) / total);
        return new Assessment(score, issues, results.size());
    }

    private static Map<String, String> regions() {
        var map = new java.util.HashMap<String, String>();
        put(map, "NORTH_CHINA", "北京", "天津", "河北", "山西", "内蒙古");
        put(map, "NORTHEAST", "辽宁", "吉林", "黑龙江");
        put(map, "EAST_CHINA", "上海", "江苏", "浙江", "安徽", "福建", "江西", "山东");
        put(map, "SOUTH_CHINA", "广东", "广西", "海南");
        put(map, "CENTRAL_CHINA", "河南", "湖北", "湖南");
        put(map, "SOUTHWEST", "重庆", "四川", "贵州", "云南", "西藏");
        put(map, "NORTHWEST", "陕西", "甘肃", "青海", "宁夏", "新疆");
        put(map, "HK_MACAO_TAIWAN", "香港", "澳门", "台湾");
        return Map.copyOf(map);
    }

    private static void put(Map<String, String> map, String region, String... provinces) {
        for (var province : provinces) {
            map.put(province, region);
        }
    }
}
