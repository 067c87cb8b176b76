package dev.dossier.quality;

import dev.dossier.shared.DuplicateCheck.Profile;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The keys that put customers who may be the same into one block, so that only customers sharing a key are ever
 * compared, never all pairs: each phone, email address and identity document (by their blind indexes), an
 * organisation's name core, and a person's name with their birth date. A person's name alone is no key: a common
 * name would make a block of thousands, and a name alone never makes a match. Keys are 64-bit hashes.
 */
final class BlockingKeys {

    private BlockingKeys() {}

    static Set<Long> of(Profile profile) {
        var keys = new HashSet<Long>();
        profile.phoneKeys().forEach(k -> keys.add(hash("p:" + k)));
        profile.emailKeys().forEach(k -> keys.add(hash("e:" + k)));
        if (profile.idDocumentKey() != null) {
            keys.add(hash("i:" + profile.idDocumentKey()));
        }
        if (profile.company()) {
            for (var name : new String[] {profile.name(), profile.legalName()}) {
                if (name != null) {
                    var core = Names.company(name).core();
                    if (core.length() >= 2) {
                        keys.add(hash("c:" + core));
                    }
                }
            }
        } else if (profile.birthDate() != null) {
            var name = Names.person(profile.name());
            if (!name.isEmpty()) {
                keys.add(hash("n:" + name + "|" + profile.birthDate()));
            }
        }
        return keys;
    }

    /** FNV-1a over the UTF-8 bytes, then mixed (SplitMix64's finaliser) so that every bit depends on every byte. */
    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
