package dev.dossier.feedback.measures;

/** Net promoter score arithmetic: the share of promoters (9–10) minus the share of detractors (0–6), in points. */
final class Nps {

    private Nps() {}

    /** The score from −100 to 100, rounded to a whole point, or null when nobody answered. */
    static Integer score(long promoters, long passives, long detractors) {
        long answers = promoters + passives + detractors;
        if (answers == 0) {
            return null;
        }
        return (int) Math.round(100.0 * (promoters - detractors) / answers);
    }

    /** Which group an answer from 0 to 10 falls into. */
    static String group(int answer) {
        if (answer < 0 || answer > 10) {
            throw new IllegalArgumentException("An NPS answer is 0 to 10: " + answer);
        }
        return answer >= 9 ? "PROMOTER" : answer >= 7 ? "PASSIVE" : "DETRACTOR";
    }
}
