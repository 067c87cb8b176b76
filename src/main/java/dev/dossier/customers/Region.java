package dev.dossier.customers;

/** The sales region a customer belongs to. */
public enum Region {
    NORTH_CHINA,
    NORTHEAST,
    EAST_CHINA,
    SOUTH_CHINA,
    CENTRAL_CHINA,
    SOUTHWEST,
    NORTHWEST,
    HK_MACAO_TAIWAN,
    ASIA_PACIFIC,
    EUROPE,
    AMERICAS,
    OTHER_OVERSEAS
}
