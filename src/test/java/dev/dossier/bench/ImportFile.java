package dev.dossier.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A spreadsheet of customers as a company brings it from its old system, for the import benchmark: Chinese and
 * English names, mobiles, emails for half, a company and job title for a third (their person becomes its contact),
 * province and city, grade, tags, an id in the old system; a tenth of the rows repeat an earlier row's mobile under
 * another name (the duplicates every such file has), and one row in fifty is wrong in one of three ways (a number
 * that is no phone number, a grade no one has, an address that is no email address), which the import must reject.
 * UTF-8 with a byte order mark, as Excel writes CSV. Also the interactions of such a system's history, one row in
 * fifty wrong (a date that is no date, a customer no one has, a channel no one knows).
 */
final class ImportFile {

    private static final String[] SURNAMES = {
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"
    };
    private static final String[] GIVEN = {
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "桂英", "建华"
    };
    private static final String[] LATIN = {
        "Anna", "Ben", "Chloe", "David", "Emma", "Frank", "Grace", "Henry", "Iris", "Jack"
    };
    private static final String[] FAMILY = {"Smith", "Brown", "Miller", "Wilson", "Moore", "Taylor", "Clark", "Lewis"};
    private static final String[][] PLACES = {
        {"广东", "深圳"}, {"广东", "广州"}, {"上海", "上海"}, {"北京", "北京"}, {"浙江", "杭州"}, {"江苏", "南京"}, {"四川", "成都"}, {"湖北", "武汉"}
    };
    private static final String[] COMPANIES = {"华信贸易", "星河科技", "东方制造", "长江物流", "蓝海网络", "金桥投资", "瑞丰食品", "天成建设"};
    private static final String[] GRADES = {"潜在", "普通", "重要", "VIP"};
    private static final String[] INDUSTRIES = {"制造业", "批发", "零售", "物流", "金融", "教育"};

    /**
     * A generated file.
     *
     * @param bytes its content
     * @param dirty how many of its rows are wrong on purpose, each of which an import must reject
     */
    record Generated(byte[] bytes, int dirty) {}

    private ImportFile() {}

    /** Whether row {@code i} is one of the wrong ones, and which kind of wrong (0, 1 or 2), or -1. */
    private static int dirt(int i) {
        return i % 50 == 7 ? (i / 50) % 3 : -1;
    }

    static Generated customers(int count, long seed) {
        int dirty = 0;
        var random = new Random(seed);
        var out = new ByteArrayOutputStream(count * 120);
        var text = new StringBuilder();
        text.append('\uFEFF').append("客户编号,姓名,手机,邮箱,公司,职位,行业,省份,城市,客户等级,标签\r\n");
        for (int i = 0; i < count; i++) {
            boolean chinese = random.nextInt(4) > 0;
            var name = chinese
                    ? SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)] + i
                    : LATIN[random.nextInt(LATIN.length)] + " " + FAMILY[random.nextInt(FAMILY.length)] + " " + i;
            int dirt = dirt(i);
            int number = i > 10 && random.nextInt(10) == 0 ? random.nextInt(i) : i;
            if (dirt >= 0) {
                // A wrong row is a new customer, so that nothing matches it before it is checked.
                number = i;
            }
            var mobile = "186" + String.format("%08d", 30_000_000 + number);
            if (dirt >= 0) {
                dirty++;
            }
            if (dirt == 0) {
                mobile = "12345";
            }
            var place = PLACES[random.nextInt(PLACES.length)];
            boolean company = random.nextInt(3) == 0 && dirt < 0;
            text.append("OLD-")
                    .append(i)
                    .append(',')
                    .append(name)
                    .append(',')
                    .append(mobile)
                    .append(',')
                    .append(
                            dirt == 2
                                    ? "user" + i + "@@example"
                                    : random.nextBoolean() ? "user" + i + "@example.cn" : "")
                    .append(',')
                    .append(company ? COMPANIES[random.nextInt(COMPANIES.length)] + "有限公司" + (i % 5_000) : "")
                    .append(',')
                    .append(company ? "经理" : "")
                    .append(',')
                    .append(company ? INDUSTRIES[random.nextInt(INDUSTRIES.length)] : "")
                    .append(',')
                    .append(place[0])
                    .append(',')
                    .append(place[1])
                    .append(',')
                    .append(dirt == 1 ? "超级VIP" : GRADES[random.nextInt(GRADES.length)])
                    .append(',')
                    .append(random.nextInt(5) == 0 ? "展会" : "")
                    .append("\r\n");
            if (text.length() > 1 << 16) {
                out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
                text.setLength(0);
            }
        }
        out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        return new Generated(out.toByteArray(), dirty);
    }

    private static final String[] CHANNELS = {"电话", "微信", "拜访", "邮件", "Meeting", "Call"};
    private static final String[] OUTCOMES = {"已接通", "未接通", "需跟进", "", "Reached"};
    private static final String[] PHRASES = {
        "客户询问新版本的价格和交付时间", "演示了报表功能，客户比较满意", "客户反馈安装过程中遇到问题",
        "约定下周再次拜访", "Sent the quotation and the contract draft", "讨论了续约条款和付款方式"
    };

    /**
     * The history of an old system: {@code count} interactions, each naming one of {@code customers} by its id, at a
     * time in 2024, with a channel and an outcome in either language, a summary, and two phrases of details.
     */
    static Generated interactions(int count, java.util.List<java.util.UUID> customers, long seed) {
        var random = new Random(seed);
        int dirty = 0;
        var text = new StringBuilder("ID,Customer ID,Date,Type,Subject,Notes,Outcome\n");
        for (int i = 0; i < count; i++) {
            int dirt = dirt(i);
            if (dirt >= 0) {
                dirty++;
            }
            text.append("I")
                    .append(i)
                    .append(',')
                    .append(dirt == 1 ? java.util.UUID.randomUUID() : customers.get(random.nextInt(customers.size())))
                    .append(',')
                    .append(
                            dirt == 0
                                    ? "昨天"
                                    : String.format(
                                            "2024-%02d-%02d %02d:%02d",
                                            1 + random.nextInt(12),
                                            1 + random.nextInt(28),
                                            8 + random.nextInt(10),
                                            random.nextInt(60)))
                    .append(',')
                    .append(dirt == 2 ? "飞鸽传书" : CHANNELS[random.nextInt(CHANNELS.length)])
                    .append(",跟进 #")
                    .append(i)
                    .append(',')
                    .append(PHRASES[random.nextInt(PHRASES.length)])
                    .append(' ')
                    .append(PHRASES[random.nextInt(PHRASES.length)])
                    .append(',')
                    .append(OUTCOMES[random.nextInt(OUTCOMES.length)])
                    .append('\n');
        }
        return new Generated(text.toString().getBytes(StandardCharsets.UTF_8), dirty);
    }
}
