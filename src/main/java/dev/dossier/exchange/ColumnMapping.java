package dev.dossier.exchange;

import dev.dossier.customers.CustomerImport.Field;
import dev.dossier.interactions.InteractionImport;
import java.text.Normalizer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which field each column of a file holds: guessed from the headers as Chinese and English spreadsheets and the
 * exports of other CRMs write them (姓名, 手机, 公司, 客户等级, Name, Mobile, Account Name, …), then edited by the
 * person importing; each kind of import has its own headers. Stored with the import as {@code column=FIELD} pairs.
 */
final class ColumnMapping {

    private static final Map<ImportKind, Map<String, String>> HEADERS = new EnumMap<>(ImportKind.class);
    private static final Pattern DECORATION = Pattern.compile("[\\s_\\-*:：()（）/\\[\\]【】]|必填|required|optional|选填");

    static {
        alias(
                Field.REFERENCE,
                "客户编号",
                "客户id",
                "客户代码",
                "编号",
                "外部编号",
                "id",
                "externalid",
                "reference",
                "customerid",
                "recordid",
                "accountid",
                "contactid");
        alias(Field.TYPE, "客户类型", "类型", "type", "customertype", "accounttype");
        alias(
                Field.NAME,
                "姓名",
                "名称",
                "客户名称",
                "客户名",
                "客户",
                "name",
                "fullname",
                "customername",
                "customer",
                "accountname");
        alias(
                Field.COMPANY,
                "公司",
                "公司名称",
                "单位",
                "单位名称",
                "企业",
                "企业名称",
                "工作单位",
                "所在公司",
                "company",
                "companyname",
                "organization",
                "organisation",
                "employer");
        alias(Field.CONTACT_NAME, "联系人", "联系人姓名", "联系人名称", "contact", "contactname", "contactperson");
        alias(Field.JOB_TITLE, "职位", "职务", "头衔", "岗位", "title", "jobtitle", "position");
        alias(Field.DEPARTMENT, "部门", "所在部门", "department", "dept");
        alias(
                Field.MOBILE,
                "手机",
                "手机号",
                "手机号码",
                "移动电话",
                "联系手机",
                "mobile",
                "mobilephone",
                "mobilenumber",
                "cell",
                "cellphone");
        alias(
                Field.PHONE,
                "电话",
                "座机",
                "固定电话",
                "办公电话",
                "联系电话",
                "电话号码",
                "phone",
                "telephone",
                "tel",
                "workphone",
                "officephone",
                "phonenumber",
                "businessphone");
        alias(Field.EMAIL, "邮箱", "电子邮箱", "邮件", "电子邮件", "邮箱地址", "email", "emailaddress", "mail");
        alias(Field.GENDER, "性别", "gender", "sex");
        alias(Field.BIRTH_DATE, "生日", "出生日期", "出生年月日", "birthday", "birthdate", "dateofbirth", "dob");
        alias(Field.INDUSTRY, "行业", "所属行业", "行业类别", "industry");
        alias(Field.WEBSITE, "网址", "网站", "公司网站", "官网", "website", "web", "url", "homepage");
        alias(Field.GRADE, "客户等级", "等级", "级别", "客户级别", "grade", "rating", "tier", "level", "customergrade");
        alias(
                Field.LIFECYCLE_STAGE,
                "客户阶段",
                "生命周期",
                "生命周期阶段",
                "阶段",
                "客户状态",
                "lifecyclestage",
                "lifecycle",
                "stage",
                "status");
        alias(Field.SOURCE, "来源", "客户来源", "来源渠道", "获客渠道", "source", "leadsource", "sourcechannel");
        alias(Field.REGION, "地区", "区域", "大区", "销售区域", "region", "area", "territory", "salesregion");
        alias(Field.COUNTRY, "国家", "国家地区", "country", "countrycode");
        alias(Field.PROVINCE, "省", "省份", "所在省", "所在省份", "province", "state");
        alias(Field.CITY, "市", "城市", "所在城市", "city", "town");
        alias(Field.DISTRICT, "区", "区县", "县", "district", "county");
        alias(
                Field.ADDRESS,
                "地址",
                "详细地址",
                "街道地址",
                "通讯地址",
                "联系地址",
                "address",
                "street",
                "streetaddress",
                "mailingaddress");
        alias(Field.POSTAL_CODE, "邮编", "邮政编码", "postalcode", "postcode", "zip", "zipcode");
        alias(Field.TAGS, "标签", "客户标签", "tags", "tag", "labels");
        alias(
                Field.OWNER,
                "负责人",
                "所有者",
                "归属人",
                "客户经理",
                "销售负责人",
                "跟进人",
                "owner",
                "accountowner",
                "contactowner",
                "salesrep",
                "assignedto");
        alias(
                Field.REMARKS,
                "备注",
                "说明",
                "描述",
                "备注信息",
                "remarks",
                "notes",
                "note",
                "description",
                "comments",
                "comment");
        interaction(
                InteractionImport.Field.REFERENCE,
                "记录编号",
                "互动编号",
                "记录id",
                "跟进记录id",
                "联系记录id",
                "活动id",
                "activityid",
                "interactionid",
                "historyid",
                "recordid",
                "id");
        interaction(
                InteractionImport.Field.CUSTOMER_REFERENCE,
                "客户编号",
                "客户id",
                "客户代码",
                "原客户id",
                "customerid",
                "accountid",
                "contactid",
                "customerref",
                "customerreference",
                "relatedto");
        interaction(
                InteractionImport.Field.CUSTOMER_PHONE,
                "客户手机",
                "手机",
                "手机号",
                "手机号码",
                "电话号码",
                "客户电话",
                "联系电话",
                "mobile",
                "phone",
                "phonenumber",
                "customerphone");
        interaction(
                InteractionImport.Field.CUSTOMER_EMAIL, "客户邮箱", "邮箱", "电子邮箱", "email", "emailaddress", "customeremail");
        interaction(
                InteractionImport.Field.STARTED_AT,
                "时间",
                "日期",
                "跟进时间",
                "联系时间",
                "沟通时间",
                "拜访时间",
                "开始时间",
                "发生时间",
                "date",
                "time",
                "datetime",
                "startedat",
                "started",
                "start",
                "starttime",
                "activitydate",
                "when");
        interaction(
                InteractionImport.Field.CHANNEL,
                "方式",
                "渠道",
                "跟进方式",
                "联系方式",
                "沟通方式",
                "类型",
                "跟进类型",
                "channel",
                "type",
                "activitytype",
                "medium");
        interaction(InteractionImport.Field.DIRECTION, "方向", "呼叫方向", "direction", "inout");
        interaction(
                InteractionImport.Field.DURATION,
                "时长",
                "通话时长",
                "时长分钟",
                "持续时间",
                "duration",
                "durationminutes",
                "minutes",
                "length");
        interaction(
                InteractionImport.Field.SUMMARY,
                "主题",
                "标题",
                "摘要",
                "概要",
                "跟进主题",
                "subject",
                "summary",
                "title",
                "topic");
        interaction(
                InteractionImport.Field.CONTENT,
                "内容",
                "详情",
                "跟进内容",
                "详细内容",
                "沟通内容",
                "记录",
                "备注",
                "描述",
                "content",
                "details",
                "description",
                "notes",
                "note",
                "body",
                "comments");
        interaction(InteractionImport.Field.OUTCOME, "结果", "跟进结果", "outcome", "result", "status");
        interaction(
                InteractionImport.Field.SATISFACTION,
                "满意度",
                "评分",
                "客户满意度",
                "satisfaction",
                "customersatisfaction",
                "rating",
                "csat",
                "score");
        interaction(
                InteractionImport.Field.OWNER,
                "负责人",
                "跟进人",
                "记录人",
                "销售",
                "销售员",
                "业务员",
                "员工",
                "owner",
                "assignedto",
                "salesperson",
                "user",
                "createdby",
                "rep");
    }

    private ColumnMapping() {}

    private static void alias(Field field, String... headers) {
        put(ImportKind.CUSTOMERS, field.name(), headers);
    }

    private static void interaction(InteractionImport.Field field, String... headers) {
        put(ImportKind.INTERACTIONS, field.name(), headers);
    }

    private static void put(ImportKind kind, String field, String... headers) {
        var map = HEADERS.computeIfAbsent(kind, k -> new HashMap<>());
        for (var header : headers) {
            var key = key(header);
            if (map.put(key, field) != null) {
                throw new IllegalStateException("Header " + header + " is named twice");
            }
        }
    }

    static String key(String header) {
        var text = Normalizer.normalize(header, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return DECORATION.matcher(text).replaceAll("");
    }

    /** The field a header of a customers file names, or null. */
    static String guess(String header) {
        return guess(ImportKind.CUSTOMERS, header);
    }

    /** The field a header names, or null. */
    static String guess(ImportKind kind, String header) {
        return header == null ? null : HEADERS.get(kind).get(key(header));
    }

    /** A field for each column of a customers file whose header names one. */
    static Map<Integer, String> suggest(List<String> headers) {
        return suggest(ImportKind.CUSTOMERS, headers, Map.of());
    }

    /**
     * A field for each column whose header names one, each field once, for its first column; also knowing the
     * fields by {@code labels} (the import's own labels of its fields in each language, which an export writes as
     * its headers), keyed as {@link #labels} keys them.
     */
    static Map<Integer, String> suggest(ImportKind kind, List<String> headers, Map<String, String> labels) {
        var mapping = new LinkedHashMap<Integer, String>();
        var used = new java.util.HashSet<String>();
        for (int i = 0; i < headers.size(); i++) {
            var field = guess(kind, headers.get(i));
            if (field == null && headers.get(i) != null) {
                field = labels.get(key(headers.get(i)));
            }
            if (field != null && used.add(field)) {
                mapping.put(i, field);
            }
        }
        return mapping;
    }

    /** The fields of a kind by their labels, as a message source gives them in each language. */
    static Map<String, String> labels(
            ImportKind kind, java.util.function.BiFunction<String, java.util.Locale, String> message) {
        var labels = new HashMap<String, String>();
        for (var field : kind.fields()) {
            for (var locale : List.of(java.util.Locale.ENGLISH, java.util.Locale.SIMPLIFIED_CHINESE)) {
                var label = message.apply(kind.label(field), locale);
                if (label != null) {
                    labels.putIfAbsent(key(label), field);
                }
            }
        }
        return Map.copyOf(labels);
    }

    /** The stored form: {@code 0=NAME,3=MOBILE}. */
    static String text(Map<Integer, String> mapping) {
        var text = new StringBuilder();
        mapping.forEach((column, field) -> {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(column).append('=').append(field);
        });
        return text.toString();
    }

    static Map<Integer, String> parse(String text) {
        var mapping = new LinkedHashMap<Integer, String>();
        if (text == null || text.isBlank()) {
            return mapping;
        }
        for (var pair : text.split(",")) {
            int eq = pair.indexOf('=');
            mapping.put(Integer.parseInt(pair.substring(0, eq)), pair.substring(eq + 1));
        }
        return mapping;
    }
}
