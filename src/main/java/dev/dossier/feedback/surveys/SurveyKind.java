package dev.dossier.feedback.surveys;

/** What a survey asks: satisfaction with one case (1–5), or how likely one is to recommend us (0–10). */
enum SurveyKind {
    CSAT(1, 5),
    NPS(0, 10);

    private final int min;
    private final int max;

    SurveyKind(int min, int max) {
        this.min = min;
        this.max = max;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    boolean accepts(int score) {
        return score >= min && score <= max;
    }
}
