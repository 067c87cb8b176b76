package dev.dossier.customers;

import dev.dossier.shared.EmailAddress;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.PhoneNumber;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Test-side access to the customer module for the performance benchmarks ({@code dev.dossier.bench}): generates
 * realistic customers, loads them through the application's own batch path ({@link CustomerRepository#insertAll}
 * and the history's {@code recordCreatedAll}, 1,000 a transaction), and runs the list and quick search
 * ({@link CustomerQueries#list}) with plain public types. Not a Spring bean, so other tests' contexts are unchanged.
 */
public final class BenchData {

    /** Customers a transaction when loading. */
    public static final int BATCH = 1_000;

    /**
     * One loaded customer, as the benchmark needs it to build queries that hit and to check answers.
     *
     * @param id customer id
     * @param company a company rather than a person
     * @param chinese a Chinese name rather than an English one
     * @param name the name shown
     * @param legalName a company's registered name, or null
     * @param syllables the common pinyin reading of each Han character of the name (empty for English names)
     * @param words the words of an English name (empty for Chinese names)
     * @param phones national significant numbers (13812345678, 1087654321)
     * @param emails addresses
     * @param grade grade name
     * @param region region name or null
     * @param ownerId owner
     * @param updatedAt last change
     */
    public record Loaded(
            UUID id,
            boolean company,
            boolean chinese,
            String name,
            String legalName,
            List<String> syllables,
            List<String> words,
            List<String> phones,
            List<String> emails,
            String grade,
            String region,
            UUID ownerId,
            OffsetDateTime updatedAt) {}

    /**
     * A list or quick-search request, as the page and the API take it (enum values by name).
     *
     * @param grade grade or null
     * @param region region or null
     * @param ownerId owner or null
     * @param q quick search or null
     * @param sort sort parameter (name, -name, -updated, ...) or null for the default
     * @param cursor cursor of the page or null for the first
     * @param limit page size
     */
    public record Request(String grade, String region, UUID ownerId, String q, String sort, String cursor, int limit) {

        public static Request search(String q, int limit) {
            return new Request(null, null, null, q, null, null, limit);
        }
    }

    /**
     * A list row as the benchmark checks it.
     *
     * @param id customer id
     * @param name name
     * @param sortKey the key the list sorts names by (pinyin reading)
     * @param grade grade name
     * @param region region name or null
     * @param ownerId owner
     * @param updatedAt last change
     * @param primaryPhone E.164 or null
     * @param primaryEmail address or null
     */
    public record Item(
            UUID id,
            String name,
            String sortKey,
            String grade,
            String region,
            UUID ownerId,
            OffsetDateTime updatedAt,
            String primaryPhone,
            String primaryEmail) {}

    /**
     * One page.
     *
     * @param items rows
     * @param nextCursor cursor of the next page or null
     */
    public record Page(List<Item> items, String nextCursor) {}

    private final CustomerRepository repository;
    private final ChangeHistory history;
    private final CustomerQueries queries;
    private final TransactionTemplate transactions;

    public BenchData(ApplicationContext context) {
        this.repository = context.getBean(CustomerRepository.class);
        this.history = context.getBean(ChangeHistory.class);
        this.queries = context.getBean(CustomerQueries.class);
        this.transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Queries

    /** {@link CustomerQueries#list} as the page and the API call it; the caller must be signed in. */
    public Page list(Request r) {
        var slice = queries.list(filter(r), false, CustomerQueries.Sort.parse(r.sort(), r.q()), r.cursor(), r.limit());
        var items = new ArrayList<Item>(slice.items().size());
        for (var row : slice.items()) {
            items.add(new Item(
                    row.id(),
                    row.name(),
                    null,
                    row.grade().name(),
                    row.region() == null ? null : row.region().name(),
                    row.ownerId(),
                    row.updatedAt(),
                    row.primaryPhone(),
                    row.primaryEmail()));
        }
        return new Page(items, slice.nextCursor());
    }

    /** How many customers a request's filter matches. */
    public int count(Request r) {
        return queries.count(filter(r), false);
    }

    /** The key the list sorts names by, as the repository writes it. */
    public static String sortKey(String name) {
        return CustomerRepository.sortName(name);
    }

    /** The term prefixes a quick search looks up. */
    public static List<String> queryPrefixes(String q) {
        return CustomerQueries.queryPrefixes(q);
    }

    private static CustomerFilter filter(Request r) {
        return new CustomerFilter(
                null,
                r.grade() == null ? null : Grade.valueOf(r.grade()),
                null,
                r.region() == null ? null : Region.valueOf(r.region()),
                null,
                null,
                r.ownerId(),
                null,
                r.q());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Loading

    /** Generates {@code count} customers from {@code seed} as {@link #load} would, without a database. */
    static List<Customer> generate(int count, long seed, List<UUID> owners, OffsetDateTime now) {
        var generator = new Generator(new Random(seed), owners, now);
        var customers = new ArrayList<Customer>(count);
        for (int i = 0; i < count; i++) {
            customers.add(generator.next());
        }
        return customers;
    }

    /** Generates {@code count} customers from {@code seed} and inserts them in batches; returns what was loaded. */
    public List<Loaded> load(int count, long seed, List<UUID> owners, OffsetDateTime now, Consumer<String> log) {
        var generator = new Generator(new Random(seed), owners, now);
        var loaded = new ArrayList<Loaded>(count);
        long generating = 0;
        long inserting = 0;
        long started = System.nanoTime();
        for (int done = 0; done < count; done += BATCH) {
            long t0 = System.nanoTime();
            int n = Math.min(BATCH, count - done);
            var batch = new ArrayList<Customer>(n);
            for (int i = 0; i < n; i++) {
                var customer = generator.next();
                batch.add(customer);
                loaded.add(generator.describe(customer));
            }
            long t1 = System.nanoTime();
            transactions.executeWithoutResult(status -> {
                repository.insertAll(batch);
                history.recordCreatedAll(batch);
            });
            long t2 = System.nanoTime();
            generating += t1 - t0;
            inserting += t2 - t1;
            if ((done + n) % 10_000 == 0 || done + n == count) {
                log.accept(String.format(
                        "  loaded %,d customers in %.1f s (generating %.1f s, inserting %.1f s)",
                        done + n, (System.nanoTime() - started) / 1e9, generating / 1e9, inserting / 1e9));
            }
        }
        return loaded;
    }

    /** Realistic customers of a Chinese business: 70 % Chinese names, 30 % English, from a seeded random. */
    private static final class Generator {

        private static final String[] SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
                        + "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
                        + "邵万钱严覃武戴莫孔向汤单")
                .split("");
        private static final String[] COMPOUND_SURNAMES = {"欧阳", "司马", "诸葛", "上官", "东方", "慕容"};
        private static final String[] GIVEN =
                ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文辉鹏飞玲" + "红宇浩然子轩梓涵欣怡雨萱思远博文嘉琪晨阳志宏晓东海燕丹凯婷雪琳亮斌俊峰佳颖瑞雅倩慧琦鑫磊昊天泽一诺").split("");
        private static final String[] CITY_PREFIXES = {
            "北京", "上海", "天津", "重庆", "广州", "深圳", "杭州", "南京", "苏州", "成都", "武汉", "西安", "长沙", "郑州", "青岛", "厦门", "宁波", "合肥",
            "济南", "福州", "沈阳", "大连", "昆明", "东莞", "无锡", "佛山", "浙江", "江苏", "广东", "山东", "四川", "湖北", "河南", "福建"
        };
        private static final String[] BRANDS = {
            "华信", "鼎盛", "恒通", "瑞丰", "天诚", "宏远", "金桥", "海润", "博雅", "星辰", "中科", "新时代", "立邦", "汇丰", "万达", "盛世", "东方", "远航",
            "百川", "嘉禾", "锦程", "和泰", "永安", "联创", "科睿", "智联", "云帆", "蓝海", "启明", "卓越", "宏图", "兴业", "富源", "天翼", "长风", "明德",
            "同创", "聚力", "新锐", "凯达", "华耀", "安泰", "润泽", "信达", "正大", "银河", "浩瀚", "天宇", "众诚", "德胜"
        };
        private static final String[][] INDUSTRY_WORDS = {
            {"科技", "IT_SOFTWARE"},
            {"网络科技", "IT_SOFTWARE"},
            {"信息技术", "IT_SOFTWARE"},
            {"软件", "IT_SOFTWARE"},
            {"贸易", "WHOLESALE"},
            {"进出口", "WHOLESALE"},
            {"商贸", "RETAIL"},
            {"实业", "MANUFACTURING"},
            {"机械制造", "MANUFACTURING"},
            {"电子", "MANUFACTURING"},
            {"建设工程", "CONSTRUCTION"},
            {"建筑装饰", "CONSTRUCTION"},
            {"物流", "LOGISTICS"},
            {"供应链管理", "LOGISTICS"},
            {"餐饮管理", "HOSPITALITY"},
            {"酒店管理", "HOSPITALITY"},
            {"医疗器械", "HEALTHCARE"},
            {"生物科技", "HEALTHCARE"},
            {"教育咨询", "EDUCATION"},
            {"文化传媒", "MEDIA_ENTERTAINMENT"},
            {"广告", "MEDIA_ENTERTAINMENT"},
            {"新能源", "ENERGY"},
            {"电力", "ENERGY"},
            {"房地产开发", "REAL_ESTATE"},
            {"物业管理", "REAL_ESTATE"},
            {"汽车销售", "AUTOMOTIVE"},
            {"汽车配件", "AUTOMOTIVE"},
            {"食品", "AGRICULTURE"},
            {"农业发展", "AGRICULTURE"},
            {"通信", "TELECOM"},
            {"投资管理", "FINANCE"},
            {"财务咨询", "PROFESSIONAL_SERVICES"},
            {"企业管理咨询", "PROFESSIONAL_SERVICES"},
            {"化工", "MANUFACTURING"}
        };
        private static final String[] COMPANY_SUFFIXES = {"有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司"};
        private static final String[] EN_FIRST = {
            "James",
            "Mary",
            "John",
            "Patricia",
            "Robert",
            "Jennifer",
            "Michael",
            "Linda",
            "William",
            "Elizabeth",
            "David",
            "Barbara",
            "Richard",
            "Susan",
            "Joseph",
            "Jessica",
            "Thomas",
            "Sarah",
            "Charles",
            "Karen",
            "Christopher",
            "Nancy",
            "Daniel",
            "Lisa",
            "Matthew",
            "Betty",
            "Anthony",
            "Margaret",
            "Mark",
            "Sandra",
            "Steven",
            "Emily",
            "Paul",
            "Michelle",
            "Andrew",
            "Laura",
            "Kevin",
            "Olivia",
            "Brian",
            "Sophie",
            "Peter",
            "Hannah",
            "Oliver",
            "Grace",
            "Lucas",
            "Chloe",
            "Henry",
            "Emma"
        };
        private static final String[] EN_LAST = {
            "Smith",
            "Johnson",
            "Williams",
            "Brown",
            "Jones",
            "Garcia",
            "Miller",
            "Davis",
            "Rodriguez",
            "Martinez",
            "Wilson",
            "Anderson",
            "Taylor",
            "Thomas",
            "Moore",
            "Jackson",
            "Martin",
            "Lee",
            "Thompson",
            "White",
            "Harris",
            "Clark",
            "Lewis",
            "Robinson",
            "Walker",
            "Young",
            "Allen",
            "King",
            "Wright",
            "Scott",
            "Nguyen",
            "Hill",
            "Green",
            "Adams",
            "Baker",
            "Nelson",
            "Carter",
            "Mitchell",
            "Roberts",
            "Turner",
            "Phillips",
            "Campbell",
            "Parker",
            "Evans",
            "Edwards",
            "Collins",
            "Stewart",
            "Morris",
            "Murphy",
            "Cook",
            "Rogers",
            "Morgan",
            "Cooper",
            "Peterson",
            "Schmidt",
            "Müller",
            "Fischer",
            "Dubois",
            "Rossi"
        };
        private static final String[] EN_BRANDS = {
            "Acme",
            "Globex",
            "Initech",
            "Umbrella",
            "Stark",
            "Wayne",
            "Vertex",
            "Northwind",
            "Contoso",
            "Fabrikam",
            "Pinnacle",
            "Summit",
            "Harbor",
            "Evergreen",
            "Bluewater",
            "Redwood",
            "Silverline",
            "Ironclad",
            "Brightpath",
            "Keystone",
            "Crescent",
            "Horizon",
            "Atlas",
            "Meridian",
            "Orion"
        };
        private static final String[][] EN_INDUSTRY = {
            {"Trading", "WHOLESALE"},
            {"Logistics", "LOGISTICS"},
            {"Software", "IT_SOFTWARE"},
            {"Systems", "IT_SOFTWARE"},
            {"Foods", "AGRICULTURE"},
            {"Motors", "AUTOMOTIVE"},
            {"Capital", "FINANCE"},
            {"Consulting", "PROFESSIONAL_SERVICES"},
            {"Energy", "ENERGY"},
            {"Medical", "HEALTHCARE"},
            {"Media", "MEDIA_ENTERTAINMENT"},
            {"Industries", "MANUFACTURING"},
            {"Hotels", "HOSPITALITY"},
            {"Retail", "RETAIL"}
        };
        private static final String[] EN_SUFFIXES = {"Ltd", "Inc.", "LLC", "GmbH", "Pte. Ltd.", "Co., Ltd.", "Limited"};
        private static final String[] MAIL_DOMAINS = {
            "163.com",
            "qq.com",
            "126.com",
            "sina.com",
            "gmail.com",
            "outlook.com",
            "foxmail.com",
            "hotmail.com",
            "yahoo.com",
            "icloud.com"
        };
        private static final String[] MOBILE_PREFIXES = {
            "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
            "156", "157", "158", "159", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189"
        };
        private static final String[] TAGS = {
            "重点客户", "老客户", "展会2024", "待回访", "代理商", "合作伙伴", "VIP", "newsletter", "key-account", "渠道", "高潜力", "投诉处理中"
        };

        /** City, province, region, area code (with trunk 0), postal code prefix. */
        private record City(String city, String province, String region, String areaCode, String postal) {}

        private static final City[] CITIES = {
            new City("北京市", "北京市", "NORTH_CHINA", "010", "100"), new City("上海市", "上海市", "EAST_CHINA", "021", "200"),
            new City("天津市", "天津市", "NORTH_CHINA", "022", "300"), new City("重庆市", "重庆市", "SOUTHWEST", "023", "400"),
            new City("广州市", "广东省", "SOUTH_CHINA", "020", "510"), new City("深圳市", "广东省", "SOUTH_CHINA", "0755", "518"),
            new City("东莞市", "广东省", "SOUTH_CHINA", "0769", "523"), new City("杭州市", "浙江省", "EAST_CHINA", "0571", "310"),
            new City("宁波市", "浙江省", "EAST_CHINA", "0574", "315"), new City("南京市", "江苏省", "EAST_CHINA", "025", "210"),
            new City("苏州市", "江苏省", "EAST_CHINA", "0512", "215"), new City("成都市", "四川省", "SOUTHWEST", "028", "610"),
            new City("武汉市", "湖北省", "CENTRAL_CHINA", "027", "430"), new City("西安市", "陕西省", "NORTHWEST", "029", "710"),
            new City("长沙市", "湖南省", "CENTRAL_CHINA", "0731", "410"),
                    new City("郑州市", "河南省", "CENTRAL_CHINA", "0371", "450"),
            new City("济南市", "山东省", "EAST_CHINA", "0531", "250"), new City("青岛市", "山东省", "EAST_CHINA", "0532", "266"),
            new City("厦门市", "福建省", "EAST_CHINA", "0592", "361"), new City("福州市", "福建省", "EAST_CHINA", "0591", "350"),
            new City("合肥市", "安徽省", "EAST_CHINA", "0551", "230"), new City("沈阳市", "辽宁省", "NORTHEAST", "024", "110"),
            new City("大连市", "辽宁省", "NORTHEAST", "0411", "116"), new City("哈尔滨市", "黑龙江省", "NORTHEAST", "0451", "150"),
            new City("昆明市", "云南省", "SOUTHWEST", "0871", "650"),
                    new City("南宁市", "广西壮族自治区", "SOUTH_CHINA", "0771", "530"),
            new City("石家庄市", "河北省", "NORTH_CHINA", "0311", "050"), new City("太原市", "山西省", "NORTH_CHINA", "0351", "030"),
            new City("南昌市", "江西省", "EAST_CHINA", "0791", "330"), new City("贵阳市", "贵州省", "SOUTHWEST", "0851", "550"),
            new City("长春市", "吉林省", "NORTHEAST", "0431", "130"), new City("兰州市", "甘肃省", "NORTHWEST", "0931", "730"),
            new City("乌鲁木齐市", "新疆维吾尔自治区", "NORTHWEST", "0991", "830"),
                    new City("海口市", "海南省", "SOUTH_CHINA", "0898", "570")
        };
        private static final String[] STREETS = {
            "人民路", "解放路", "中山路", "建设路", "和平路", "科技园路", "南京路", "长江路", "黄河路", "滨江大道", "新华路", "学院路", "工业大道", "文化路", "世纪大道"
        };
        private static final String[] OVERSEAS_REGIONS = {
            "ASIA_PACIFIC", "EUROPE", "AMERICAS", "OTHER_OVERSEAS", "HK_MACAO_TAIWAN"
        };

        private final Random random;
        private final List<UUID> owners;
        private final OffsetDateTime now;
        private final Set<String> usedPhones = new HashSet<>();
        private final Set<String> usedEmails = new HashSet<>();
        private final Set<String> usedNames = new HashSet<>();
        private int serial;

        Generator(Random random, List<UUID> owners, OffsetDateTime now) {
            this.random = random;
            this.owners = owners;
            this.now = now;
        }

        private String pick(String[] values) {
            return values[random.nextInt(values.length)];
        }

        private <T> T pick(T[] values) {
            return values[random.nextInt(values.length)];
        }

        private boolean chance(double p) {
            return random.nextDouble() < p;
        }

        private UUID uuid() {
            long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
            long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new UUID(msb, lsb);
        }

        Customer next() {
            serial++;
            boolean chinese = chance(0.70);
            boolean company = chance(chinese ? 0.45 : 0.40);
            var city = pick(CITIES);
            String name;
            String legalName = null;
            Industry industry = null;
            CompanySize size = null;
            String website = null;
            Gender gender = null;
            LocalDate birthDate = null;
            String region;
            String emailLocal;
            String emailDomain;
            if (chinese) {
                region = chance(0.97) ? city.region() : pick(OVERSEAS_REGIONS);
                if (company) {
                    var brand = pick(BRANDS);
                    var ind = pick(INDUSTRY_WORDS);
                    var prefix = chance(0.8)
                            ? pick(CITY_PREFIXES)
                            : city.city().substring(0, city.city().length() - 1);
                    var full = prefix + brand + ind[0] + pick(COMPANY_SUFFIXES);
                    // Keep registered names unique, as the business registry does (a second 鼎盛 takes another word).
                    while (!usedNames.add(full)) {
                        full = prefix + brand + pick(BRANDS).substring(0, 1) + ind[0] + pick(COMPANY_SUFFIXES);
                    }
                    if (chance(0.3)) {
                        name = brand + ind[0];
                        legalName = full;
                    } else {
                        name = full;
                        legalName = chance(0.5) ? full : null;
                    }
                    industry = Industry.valueOf(ind[1]);
                    emailLocal = pick(new String[] {"info", "sales", "service", "contact", "hr", "admin", "market"});
                    emailDomain = ascii(Pinyin.reading(brand)).replace(" ", "") + (chance(0.5) ? ".com" : ".com.cn");
                    if (chance(0.6)) {
                        website = "https://www." + emailDomain;
                    }
                } else {
                    var surname = chance(0.01) ? pick(COMPOUND_SURNAMES) : pick(SURNAMES);
                    var given = pick(GIVEN) + (chance(0.75) ? pick(GIVEN) : "");
                    name = surname + given;
                    gender = chance(0.5) ? Gender.MALE : Gender.FEMALE;
                    birthDate = LocalDate.of(1955 + random.nextInt(50), 1 + random.nextInt(12), 1 + random.nextInt(28));
                    var reading = ascii(Pinyin.reading(name));
                    emailLocal = switch (random.nextInt(3)) {
                        case 0 -> reading.replace(" ", "");
                        case 1 -> reading.replace(" ", ".");
                        default -> reading.replace(" ", "") + (1960 + random.nextInt(45));
                    };
                    emailDomain = pick(MAIL_DOMAINS);
                }
            } else {
                region = chance(0.5) ? pick(OVERSEAS_REGIONS) : city.region();
                if (company) {
                    var ind = pick(EN_INDUSTRY);
                    var brand = pick(EN_BRANDS);
                    var full = brand + " " + ind[0] + " " + pick(EN_SUFFIXES);
                    while (!usedNames.add(full)) {
                        full = brand + " " + pick(EN_BRANDS) + " " + ind[0] + " " + pick(EN_SUFFIXES);
                    }
                    name = full;
                    industry = Industry.valueOf(ind[1]);
                    emailLocal = pick(new String[] {"info", "sales", "hello", "contact", "office"});
                    emailDomain = brand.toLowerCase() + ind[0].toLowerCase() + ".com";
                    website = chance(0.7) ? "https://" + emailDomain : null;
                } else {
                    var first = pick(EN_FIRST);
                    var last = pick(EN_LAST);
                    name = first + " " + last;
                    gender = chance(0.5) ? Gender.MALE : Gender.FEMALE;
                    birthDate = LocalDate.of(1955 + random.nextInt(50), 1 + random.nextInt(12), 1 + random.nextInt(28));
                    emailLocal = ascii(first.toLowerCase()) + "." + ascii(last.toLowerCase());
                    emailDomain = pick(MAIL_DOMAINS);
                }
            }
            if (company) {
                size = pick(CompanySize.values());
            }
            // Phones: people have a mobile (a few two), companies a landline and often a mobile.
            var phones = new ArrayList<ContactPoints.Phone>();
            if (company) {
                if (chance(0.75)) {
                    phones.add(new ContactPoints.Phone(PhoneType.WORK, landline(city)));
                }
                if (phones.isEmpty() || chance(0.5)) {
                    phones.add(new ContactPoints.Phone(PhoneType.MOBILE, mobile()));
                }
            } else {
                phones.add(new ContactPoints.Phone(PhoneType.MOBILE, mobile()));
                if (chance(0.1)) {
                    phones.add(new ContactPoints.Phone(chance(0.5) ? PhoneType.HOME : PhoneType.WORK, landline(city)));
                }
            }
            var emails = new ArrayList<ContactPoints.Email>();
            if (chance(company ? 0.85 : 0.7)) {
                var address = emailLocal + "@" + emailDomain;
                if (!usedEmails.add(address.toLowerCase())) {
                    address = emailLocal + serial + "@" + emailDomain;
                    usedEmails.add(address.toLowerCase());
                }
                emails.add(new ContactPoints.Email(
                        company ? EmailType.WORK : EmailType.PERSONAL, EmailAddress.of(address)));
            }
            var social = new ArrayList<ContactPoints.SocialAccount>();
            if (chinese && chance(0.4)) {
                social.add(new ContactPoints.SocialAccount(
                        SocialType.WECHAT, "wx_" + Integer.toString(serial, 36) + random.nextInt(1000)));
            }
            var tags = new ArrayList<String>();
            int tagCount = chance(0.35) ? 0 : 1 + random.nextInt(3);
            for (int i = 0; i < tagCount; i++) {
                var tag = pick(TAGS);
                if (!tags.contains(tag)) {
                    tags.add(tag);
                }
            }
            double g = random.nextDouble();
            var grade = g < 0.40 ? Grade.POTENTIAL : g < 0.75 ? Grade.ORDINARY : g < 0.93 ? Grade.IMPORTANT : Grade.VIP;
            var stage = pick(LifecycleStage.values());
            var address = chinese || chance(0.5)
                    ? new CustomerDetails.Address(
                            "CN",
                            city.province(),
                            city.city(),
                            null,
                            pick(STREETS) + (1 + random.nextInt(999)) + "号",
                            city.postal() + (100 + random.nextInt(900)))
                    : new CustomerDetails.Address(
                            pick(new String[] {"US", "GB", "DE", "SG", "AU", "FR"}),
                            null,
                            null,
                            null,
                            (1 + random.nextInt(400)) + " Main Street",
                            null);
            // Owners: the first (the administrator) holds few, the sales people the rest.
            var owner = owners.size() == 1 || chance(0.1)
                    ? owners.getFirst()
                    : owners.get(1 + random.nextInt(owners.size() - 1));
            var remarks = chance(0.2)
                    ? pick(new String[] {
                        "老客户介绍", "展会认识，对新产品感兴趣", "需要定期回访", "Met at the trade fair; wants a quote", "价格敏感", "决策周期长"
                    })
                    : null;
            var details = new CustomerDetails(
                    company ? CustomerType.COMPANY : CustomerType.INDIVIDUAL,
                    name,
                    legalName,
                    gender,
                    birthDate,
                    industry,
                    size,
                    website,
                    grade,
                    stage,
                    Region.valueOf(region),
                    pick(SourceChannel.values()),
                    address,
                    new ContactPoints(phones, emails, social),
                    List.copyOf(tags),
                    owner,
                    null,
                    remarks);
            var created = now.minusMinutes(random.nextInt(3 * 365 * 24 * 60));
            var minutesSince = (int) java.time.Duration.between(created, now).toMinutes();
            var updated = chance(0.3) ? created : created.plusMinutes(random.nextInt(Math.max(1, minutesSince)));
            return new Customer(
                    uuid(), details, chance(0.3) ? 0 : 1 + random.nextInt(5), created, owner, updated, owner, null);
        }

        Loaded describe(Customer c) {
            var d = c.details();
            boolean chinese =
                    d.name().codePoints().anyMatch(ch -> Character.UnicodeScript.of(ch) == Character.UnicodeScript.HAN);
            var syllables = chinese
                    ? Pinyin.syllables(d.name()).stream().map(List::getFirst).toList()
                    : List.<String>of();
            var words = chinese ? List.<String>of() : List.of(d.name().split(" "));
            var phones = d.contactPoints().phones().stream()
                    .map(p -> p.number().nationalDigits())
                    .toList();
            var emails = d.contactPoints().emails().stream()
                    .map(e -> e.address().value())
                    .toList();
            return new Loaded(
                    c.id(),
                    d.type() == CustomerType.COMPANY,
                    chinese,
                    d.name(),
                    d.legalName(),
                    syllables,
                    words,
                    phones,
                    emails,
                    d.grade().name(),
                    d.region() == null ? null : d.region().name(),
                    d.ownerId(),
                    c.updatedAt());
        }

        private PhoneNumber mobile() {
            while (true) {
                var digits = pick(MOBILE_PREFIXES) + String.format("%08d", random.nextInt(100_000_000));
                if (!usedPhones.contains(digits)) {
                    try {
                        var number = PhoneNumber.parse(digits, "CN");
                        usedPhones.add(digits);
                        return number;
                    } catch (InvalidValueException e) {
                        // not a valid number in libphonenumber's plan: draw another
                    }
                }
            }
        }

        /** A fixed-line number of the city: 8 local digits in most cities, 7 in some (libphonenumber decides). */
        private PhoneNumber landline(City city) {
            while (true) {
                int length = chance(0.5) ? 8 : 7;
                var digits = city.areaCode()
                        + (2 + random.nextInt(8))
                        + String.format("%0" + (length - 1) + "d", random.nextInt((int) Math.pow(10, length - 1)));
                if (!usedPhones.contains(digits)) {
                    try {
                        var number = PhoneNumber.parse(digits, "CN");
                        usedPhones.add(digits);
                        return number;
                    } catch (InvalidValueException e) {
                        // not valid there: draw another
                    }
                }
            }
        }

        private static String ascii(String text) {
            var folded = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD)
                    .replaceAll("\\p{M}", "")
                    .replace("ü", "v")
                    .replace("ß", "ss");
            return folded.toLowerCase().replaceAll("[^a-z0-9 .]", "");
        }
    }

    /** A fixed reference time, so that a seed gives the same data on every run. */
    public static OffsetDateTime referenceTime() {
        return OffsetDateTime.of(2025, 6, 30, 12, 0, 0, 0, ZoneOffset.ofHours(8));
    }
}
