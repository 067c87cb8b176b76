package dev.dossier.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A spreadsheet of customers as a company brings it from its old system, for the import benchmark: Chinese and
 * English names, mobiles, emails for half, a company and job title for a third (their person becomes its contact),
 * province and city, grade, tags, an id in the old system; a tenth of the rows repeat an earlier row's mobile under
 * another name (the duplicates every such file has). UTF-8 with a byte order mark, as Excel writes CSV.
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

    private ImportFile() {}

    static byte[] csv(int count, long seed) {
        var random = new Random(seed);
        var out = new ByteArrayOutputStream(count * 120);
        var text = new StringBuilder();
        text.append('\uFEFF').append("客户编号,姓名,手机,邮箱,公司,职位,行业,省份,城市,客户等级,标签\r\n");
        for (int i = 0; i < count; i++) {
            boolean chinese = random.nextInt(4) > 0;
            var name = chinese
                    ? SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)] + i
                    : LATIN[random.nextInt(LATIN.length)] + " " + FAMILY[random.nextInt(FAMILY.length)] + " " + i;
            int number = i > 10 && random.nextInt(10) == 0 ? random.nextInt(i) : i;
            var mobile = "186" + String.format("%08d", 30_000_000 + number);
            var place = PLACES[random.nextInt(PLACES.length)];
            boolean company = random.nextInt(3) == 0;
            text.append("OLD-")
                    .append(i)
                    .append(',')
                    .append(name)
                    .append(',')
                    .append(mobile)
                    .append(',')
                    .append(random.nextBoolean() ? "user" + i + "@example.cn" : "")
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
                    .append(GRADES[random.nextInt(GRADES.length)])
                    .append(',')
                    .append(random.nextInt(5) == 0 ? "展会" : "")
                    .append("\r\n");
            if (text.length() > 1 << 16) {
                out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
                text.setLength(0);
            }
        }
        out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
