package dev.dossier.keys;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of an installation: data keys by id, one of them primary (new values are encrypted with it), a
 * separate key for blind indexes, which never changes on rotation, the keys that seal the audit trail's chain (the
 * newest seals new entries; rotation adds one) and the key that signs the trail's checkpoints. Immutable;
 * {@link #withNewPrimary()} gives a new ring.
 *
 * <p>Text form, one entry a line (or separated by {@code ;} in the environment):
 * {@code index=<base64 key>}, {@code data.<id>=<created ISO instant>,<base64 key>}, {@code primary=<id>},
 * {@code audit.<id>=<created ISO instant>,<base64 key>}, {@code anchor=<base64 key>}; lines starting with {@code #}
 * are comments. A ring written before the trail was keyed has no audit or anchor key: it gets an audit key
 * {@code a0} and an anchor key derived from its index key (HMAC of a fixed label), which are as secret as the index
 * key and the same every time the ring is read.
 */
public final class KeyRing {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KEY_BYTES = 32;

    /**
     * A data key.
     *
     * @param id short id written into every value it encrypts
     * @param created when it was made
     * @param key the AES-256 key
     */
    public record DataKey(String id, Instant created, SecretKey key) {}

    /**
     * A key of the audit trail's chain.
     *
     * @param id short id recorded with every entry it seals
     * @param created when it was made
     * @param key the HMAC-SHA256 key
     */
    record ChainKey(String id, Instant created, SecretKey key) {}

    private final Map<String, DataKey> keys;
    private final String primaryId;
    private final SecretKey indexKey;
    private final List<String> order;
    private final Map<String, ChainKey> chainKeys;
    private final List<String> chainOrder;
    private final SecretKey anchorKey;

    private KeyRing(
            Map<String, DataKey> keys,
            String primaryId,
            SecretKey indexKey,
            Map<String, ChainKey> chainKeys,
            SecretKey anchorKey) {
        if (keys.isEmpty() || !keys.containsKey(primaryId)) {
            throw new IllegalArgumentException("The key ring names no primary data key that it holds");
        }
        this.keys = Map.copyOf(keys);
        this.primaryId = primaryId;
        this.indexKey = indexKey;
        this.order = List.copyOf(keys.keySet());
        var chain = new LinkedHashMap<>(chainKeys);
        if (chain.isEmpty()) {
            chain.put("a0", new ChainKey("a0", Instant.EPOCH, hmacKey(derive(indexKey, "dossier audit chain a0"))));
        }
        this.chainKeys = Map.copyOf(chain);
        this.chainOrder = List.copyOf(chain.keySet());
        this.anchorKey = anchorKey != null ? anchorKey : hmacKey(derive(indexKey, "dossier audit anchor"));
    }

    /** A new ring with one fresh data key, a fresh index key, a fresh chain key and a fresh anchor key. */
    static KeyRing generate() {
        var keys = new LinkedHashMap<String, DataKey>();
        keys.put("k1", new DataKey("k1", now(), aesKey(random())));
        var chain = new LinkedHashMap<String, ChainKey>();
        chain.put("a1", new ChainKey("a1", now(), hmacKey(random())));
        return new KeyRing(keys, "k1", hmacKey(random()), chain, hmacKey(random()));
    }

    /**
     * The same ring with one more data key, which becomes the primary, and one more chain key, which seals the new
     * entries of the audit trail; the old keys stay to read old values and verify old entries.
     */
    KeyRing withNewPrimary() {
        var id = "k" + next(order, 'k');
        var all = new LinkedHashMap<String, DataKey>();
        order.forEach(k -> all.put(k, keys.get(k)));
        all.put(id, new DataKey(id, now(), aesKey(random())));
        var chainId = "a" + next(chainOrder, 'a');
        var chain = new LinkedHashMap<String, ChainKey>();
        chainOrder.forEach(k -> chain.put(k, chainKeys.get(k)));
        chain.put(chainId, new ChainKey(chainId, now(), hmacKey(random())));
        return new KeyRing(all, id, indexKey, chain, anchorKey);
    }

    private static int next(List<String> ids, char prefix) {
        int next = 1;
        for (var id : ids) {
            if (id.matches(prefix + "[0-9]+")) {
                next = Math.max(next, Integer.parseInt(id.substring(1)) + 1);
            }
        }
        return next;
    }

    /** Reads the text form; throws {@link IllegalArgumentException} saying what is wrong. */
    static KeyRing parse(String text) {
        var keys = new LinkedHashMap<String, DataKey>();
        String primary = null;
        SecretKey index = null;
        SecretKey anchor = null;
        var chain = new LinkedHashMap<String, ChainKey>();
        for (var raw : text.split("[\\r\\n;]+")) {
            var line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(
                        "Key ring entry without '=': " + line.substring(0, Math.min(12, line.length())));
            }
            var name = line.substring(0, eq).strip();
            var value = line.substring(eq + 1).strip();
            if (name.equals("primary")) {
                primary = value;
            } else if (name.equals("index")) {
                index = hmacKey(decode(value, "index"));
            } else if (name.equals("anchor")) {
                anchor = hmacKey(decode(value, "anchor"));
            } else if (name.startsWith("audit.")) {
                var id = name.substring(6);
                if (!id.matches("[A-Za-z0-9_-]{1,16}")) {
                    throw new IllegalArgumentException("Invalid key id: " + id);
                }
                int comma = value.indexOf(',');
                var created = comma < 0
                        ? Instant.EPOCH
                        : Instant.parse(value.substring(0, comma).strip());
                chain.put(
                        id,
                        new ChainKey(
                                id,
                                created,
                                hmacKey(decode(value.substring(comma + 1).strip(), id))));
            } else if (name.startsWith("data.")) {
                var id = name.substring(5);
                if (!id.matches("[A-Za-z0-9_-]{1,16}")) {
                    throw new IllegalArgumentException("Invalid key id: " + id);
                }
                int comma = value.indexOf(',');
                var created = comma < 0
                        ? Instant.EPOCH
                        : Instant.parse(value.substring(0, comma).strip());
                keys.put(
                        id,
                        new DataKey(
                                id,
                                created,
                                aesKey(decode(value.substring(comma + 1).strip(), id))));
            } else {
                throw new IllegalArgumentException("Unknown key ring entry: " + name);
            }
        }
        if (index == null) {
            throw new IllegalArgumentException("The key ring has no index key");
        }
        if (primary == null) {
            throw new IllegalArgumentException("The key ring names no primary key");
        }
        return new KeyRing(keys, primary, index, chain, anchor);
    }

    /** The text form, to be kept secret. */
    String format() {
        var out = new StringBuilder();
        out.append("# Dossier encryption keys. Back this file up and keep it apart from the database backups:\n");
        out.append("# without it the encrypted values cannot be read. Never remove a key that values still use.\n");
        out.append("index=")
                .append(Base64.getEncoder().encodeToString(indexKey.getEncoded()))
                .append('\n');
        for (var id : order) {
            var key = keys.get(id);
            out.append("data.")
                    .append(id)
                    .append('=')
                    .append(key.created())
                    .append(',')
                    .append(Base64.getEncoder().encodeToString(key.key().getEncoded()))
                    .append('\n');
        }
        out.append("primary=").append(primaryId).append('\n');
        out.append("# Keys of the audit trail: the chain's (the newest seals new entries) and the checkpoints'.\n");
        for (var id : chainOrder) {
            var key = chainKeys.get(id);
            out.append("audit.")
                    .append(id)
                    .append('=')
                    .append(key.created())
                    .append(',')
                    .append(Base64.getEncoder().encodeToString(key.key().getEncoded()))
                    .append('\n');
        }
        out.append("anchor=")
                .append(Base64.getEncoder().encodeToString(anchorKey.getEncoded()))
                .append('\n');
        return out.toString();
    }

    public DataKey primary() {
        return keys.get(primaryId);
    }

    /** The data key with this id, or null. */
    public DataKey key(String id) {
        return keys.get(id);
    }

    /** All data keys, oldest first. */
    public List<DataKey> keys() {
        return order.stream().map(keys::get).toList();
    }

    /**
     * A check value of each key, by id (the index key as {@link KeyRegistry#INDEX}): an HMAC-SHA256 of a fixed text
     * under the key. Two keys under one id have different checks; a check reveals nothing of its key.
     */
    java.util.Map<String, String> checks() {
        var checks = new LinkedHashMap<String, String>();
        for (var id : order) {
            checks.put(id, check(keys.get(id).key()));
        }
        checks.put(KeyRegistry.INDEX, check(indexKey));
        return checks;
    }

    private static String check(SecretKey key) {
        try {
            var mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            var digest = mac.doFinal("dossier key check v1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    SecretKey indexKey() {
        return indexKey;
    }

    /** The chain key that seals new entries of the audit trail: the newest. */
    ChainKey chainKey() {
        return chainKeys.get(chainOrder.getLast());
    }

    /** The chain key with this id, or null. */
    ChainKey chainKey(String id) {
        return id == null ? null : chainKeys.get(id);
    }

    /** The ids of the chain keys, oldest first. */
    public List<String> chainKeyIds() {
        return chainOrder;
    }

    SecretKey anchorKey() {
        return anchorKey;
    }

    private static byte[] derive(SecretKey key, String label) {
        try {
            var mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(label.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static byte[] decode(String base64, String name) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Key " + name + " is not valid base64");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("Key " + name + " must be 32 bytes, not " + bytes.length);
        }
        return bytes;
    }

    private static byte[] random() {
        var bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static SecretKey aesKey(byte[] bytes) {
        return new SecretKeySpec(bytes, "AES");
    }

    private static SecretKey hmacKey(byte[] bytes) {
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
