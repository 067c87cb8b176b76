package dev.dossier.feedback.problems;

import dev.dossier.feedback.ProblemSource;
import dev.dossier.feedback.ProblemStatus;
import dev.dossier.feedback.Severity;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bodies of the problem webhook events, shaped so that an integration maps them to a GitHub, GitLab or Jira issue
 * without looking anything up: the problem as Dossier knows it, and a suggested issue (title, Markdown body, labels,
 * priority). Field names are snake_case; {@code delivered_at} is set when each attempt is sent.
 */
@Component
class ProblemPayloads {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ProblemFacts facts;
    private final Clock clock;
    private final String baseUrl;

    ProblemPayloads(
            ProblemFacts facts, Clock clock, @Value("${dossier.base-url:http://localhost:8080}") String baseUrl) {
        this.facts = facts;
        this.clock = clock;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    String reported(Problem problem) {
        return JSON.writeValueAsString(envelope("problem.reported", problem));
    }

    String handedOff(Problem problem) {
        var body = envelope("problem.handed_off", problem);
        body.put("suggested", suggested(problem, facts.of(problem)));
        return JSON.writeValueAsString(body);
    }

    String statusChanged(Problem problem, ProblemStatus from, String comment, ProblemSource source) {
        var body = envelope("problem.status_changed", problem);
        var change = new LinkedHashMap<String, Object>();
        change.put("from", from.name());
        change.put("to", problem.status().name());
        change.put("comment", comment);
        change.put("source", source.name());
        body.put("change", change);
        return JSON.writeValueAsString(body);
    }

    private Map<String, Object> envelope(String event, Problem problem) {
        var body = new LinkedHashMap<String, Object>();
        body.put("event", event);
        body.put(
                "delivered_at",
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).toString());
        body.put("problem", problem(problem, facts.of(problem)));
        return body;
    }

    private Map<String, Object> problem(Problem problem, ProblemFacts.Facts facts) {
        var p = new LinkedHashMap<String, Object>();
        p.put("id", problem.id());
        p.put("number", problem.number());
        p.put("title", problem.title());
        p.put("description", problem.description());
        p.put("severity", problem.severity().name());
        p.put("status", problem.status().name());
        var product = new LinkedHashMap<String, Object>();
        product.put("id", problem.productId());
        product.put("name", facts.productName());
        product.put("version", facts.versionName());
        p.put("product", product);
        p.put("reproduction_steps", problem.reproductionSteps());
        p.put("affected_customers", facts.affectedCustomers());
        p.put("affected_cases", facts.affectedCases());
        p.put("external_ref", problem.externalRef());
        p.put("external_url", problem.externalUrl());
        p.put("fixed_in_version", problem.fixedInVersion());
        p.put("url", baseUrl + "/problems/" + problem.id());
        return p;
    }

    private Map<String, Object> suggested(Problem problem, ProblemFacts.Facts facts) {
        var s = new LinkedHashMap<String, Object>();
        s.put("title", "[" + problem.number() + "] " + problem.title());
        s.put("body_markdown", markdown(problem, facts));
        var labels = new ArrayList<String>();
        labels.add("bug");
        labels.add("dossier");
        labels.add("severity:" + problem.severity().name().toLowerCase(Locale.ROOT));
        if (facts.productName() != null) {
            labels.add("product:" + facts.productName().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-"));
        }
        s.put("labels", labels);
        s.put("priority", priority(problem.severity()));
        return s;
    }

    /** The priority names Jira uses by default; GitHub and GitLab take them as labels. */
    static String priority(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "Highest";
            case MAJOR -> "High";
            case MINOR -> "Medium";
            case TRIVIAL -> "Low";
        };
    }

    private String markdown(Problem problem, ProblemFacts.Facts facts) {
        var md = new StringBuilder();
        md.append("**")
                .append(problem.number())
                .append("** · severity **")
                .append(problem.severity().name().toLowerCase(Locale.ROOT))
                .append("** · ")
                .append(facts.affectedCases())
                .append(" customer report(s) from ")
                .append(facts.affectedCustomers())
                .append(" customer(s)\n\n");
        if (facts.productName() != null) {
            md.append("Product: ").append(facts.productName());
            if (facts.versionName() != null) {
                md.append(' ').append(facts.versionName());
            }
            md.append("\n\n");
        }
        if (problem.description() != null) {
            md.append("## Description\n\n").append(problem.description()).append("\n\n");
        }
        if (problem.reproductionSteps() != null) {
            md.append("## Steps to reproduce\n\n")
                    .append(problem.reproductionSteps())
                    .append("\n\n");
        }
        md.append("[Open in Dossier](")
                .append(baseUrl)
                .append("/problems/")
                .append(problem.id())
                .append(")\n");
        return md.toString();
    }
}
