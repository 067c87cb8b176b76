package dev.dossier.customers;

/** Social and messaging networks a customer can be reached on. */
public enum SocialType {
    WECHAT,
    QQ,
    WEIBO,
    DINGTALK,
    WHATSAPP,
    LINKEDIN,
    TWITTER,
    FACEBOOK,
    OTHER
}
