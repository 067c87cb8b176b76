package dev.dossier.quality;

import dev.dossier.shared.DuplicateCheck.Profile;
import java.util.EnumSet;
import java.util.Set;

/**
 * Compares two customers and says why they may be the same and why not. A person's name alone is never enough: two
 * people called 张伟 share nothing else, and a name counts only beside a phone, an address, a document or a birth
 * date. An organisation's name is distinctive enough on its own, once its legal form and place are set aside.
 */
final class DuplicateMatcher {

    private DuplicateMatcher() {}

    /** The reasons for and against two customers being one. */
    static Set<Reason> reasons(Profile a, Profile b) {
        var reasons = EnumSet.noneOf(Reason.class);
        if (a.idDocumentKey() != null && b.idDocumentKey() != null) {
            reasons.add(
                    a.idDocumentKey().equals(b.idDocumentKey()) ? Reason.ID_DOCUMENT : Reason.ID_DOCUMENT_DIFFERENT);
        }
        if (shares(a.phoneKeys(), b.phoneKeys())) {
            reasons.add(Reason.PHONE);
        }
        if (shares(a.emailKeys(), b.emailKeys())) {
            reasons.add(Reason.EMAIL);
        }
        if (a.company() != b.company()) {
            reasons.add(Reason.TYPE_DIFFERENT);
            return reasons;
        }
        if (a.company()) {
            companies(a, b, reasons);
        } else {
            persons(a, b, reasons);
        }
        return reasons;
    }

    private static void companies(Profile a, Profile b, Set<Reason> reasons) {
        var left = Names.company(a.name());
        var right = Names.company(b.name());
        boolean same = !left.core().isEmpty() && left.core().equals(right.core());
        if (!same && (a.legalName() != null || b.legalName() != null)) {
            var legalLeft = a.legalName() == null ? left : Names.company(a.legalName());
            var legalRight = b.legalName() == null ? right : Names.company(b.legalName());
            same = !legalLeft.core().isEmpty()
                    && (legalLeft.core().equals(legalRight.core())
                            || legalLeft.core().equals(right.core())
                            || left.core().equals(legalRight.core()));
        }
        reasons.add(same ? Reason.COMPANY_NAME : Reason.COMPANY_NAME_DIFFERENT);
        var placeLeft = left.place() != null ? left.place() : Names.place(a.city());
        var placeRight = right.place() != null ? right.place() : Names.place(b.city());
        if (placeLeft != null && placeRight != null && !placeLeft.equals(placeRight)) {
            // A name's place may be a province and the other's a city in it: only two cities, two provinces or two
            // names' places are compared.
            boolean comparable = (left.place() != null) == (right.place() != null);
            if (comparable) {
                reasons.add(Reason.PLACE_DIFFERENT);
            }
        } else if (placeLeft == null && placeRight == null) {
            var provinceLeft = Names.place(a.province());
            var provinceRight = Names.place(b.province());
            if (provinceLeft != null && provinceRight != null && !provinceLeft.equals(provinceRight)) {
                reasons.add(Reason.PLACE_DIFFERENT);
            }
        }
    }

    private static void persons(Profile a, Profile b, Set<Reason> reasons) {
        var left = Names.person(a.name());
        var right = Names.person(b.name());
        boolean similar = false;
        if (!left.isEmpty() && left.equals(right)) {
            reasons.add(Reason.PERSON_NAME);
            similar = true;
        } else if (Names.oneTypoApart(left, right)) {
            reasons.add(Reason.PERSON_NAME_TYPO);
            similar = true;
        } else {
            reasons.add(Reason.PERSON_NAME_DIFFERENT);
        }
        if (a.birthDate() != null && b.birthDate() != null) {
            if (!a.birthDate().equals(b.birthDate())) {
                reasons.add(Reason.BIRTH_DATE_DIFFERENT);
            } else if (similar) {
                reasons.add(Reason.BIRTH_DATE);
            }
        }
    }

    private static boolean shares(Set<String> left, Set<String> right) {
        if (left.isEmpty() || right.isEmpty()) {
            return false;
        }
        for (var key : left) {
            if (right.contains(key)) {
                return true;
            }
        }
        return false;
    }
}
