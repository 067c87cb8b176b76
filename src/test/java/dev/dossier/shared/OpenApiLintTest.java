package dev.dossier.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.dossier.DossierTest;
import dev.dossier.support.ApiClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document, as the running application serves it, passes Spectral's {@code spectral:oas} rules
 * ({@code .spectral.yaml}) with neither errors nor warnings. Spectral is a Node.js program: it is installed once from
 * the pinned {@code src/test/spectral/package-lock.json} into the build directory (npm keeps its downloads in
 * {@code ~/.npm}), so the test needs {@code node} and {@code npm} on the path and, the first time, the npm registry.
 */
@DossierTest
class OpenApiLintTest {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path BUILD = Path.of(System.getProperty("dossier.build.directory", "target"));
    private static final String SEVERITIES = "error,warn,info,hint";

    @LocalServerPort
    int port;

    /** The document does not depend on the database: linting it once, on H2, is enough. */
    @org.junit.jupiter.api.BeforeAll
    static void onceOnH2() {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                dev.dossier.TestDatabase.postgresql(), "the OpenAPI document is the same on every database");
    }

    @Test
    void theDocumentPassesSpectralWithoutErrorsOrWarnings() throws Exception {
        var answer = new ApiClient(port).get("/v3/api-docs");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var document = BUILD.resolve("openapi/openapi.json");
        Files.createDirectories(document.getParent());
        Files.writeString(document, answer.body());

        var spectral = install();
        var report = BUILD.resolve("openapi/spectral.json");
        Files.deleteIfExists(report);
        // Spectral exits with 1 when it finds errors: the report says which, below.
        var exit = run(
                spectral.getParent(),
                120,
                spectral.toString(),
                "lint",
                "--quiet",
                "--format",
                "json",
                "--output",
                report.toString(),
                "--ruleset",
                PROJECT.resolve(".spectral.yaml").toString(),
                document.toString());
        assertThat(exit).as("Spectral's exit code").isIn(0, 1);
        assertThat(report).as("Spectral's report").exists();

        var findings = new ArrayList<String>();
        int errors = 0;
        int warnings = 0;
        for (var finding : JsonMapper.builder().build().readTree(Files.readString(report))) {
            int severity = finding.path("severity").asInt();
            errors += severity == 0 ? 1 : 0;
            warnings += severity == 1 ? 1 : 0;
            findings.add(
                    SEVERITIES.split(",")[severity] + " " + finding.path("code").asString() + " at "
                            + finding.path("path").toString() + ": "
                            + finding.path("message").asString());
        }
        System.out.printf("Spectral: %d errors, %d warnings, %d findings in all%n", errors, warnings, findings.size());
        assertThat(findings.stream()
                        .filter(f -> f.startsWith("error") || f.startsWith("warn"))
                        .toList())
                .as("Spectral's errors and warnings about %s (report: %s)", document, report)
                .isEmpty();
    }

    /** Spectral from the pinned lock file, installed into the build directory unless it already is. */
    private static Path install() throws IOException, InterruptedException {
        var home = BUILD.resolve("spectral");
        var lock = PROJECT.resolve("src/test/spectral/package-lock.json");
        var installed = home.resolve("package-lock.json");
        var spectral = home.resolve("node_modules/.bin/spectral");
        if (Files.isExecutable(spectral) && Files.exists(installed) && Files.mismatch(lock, installed) == -1) {
            return spectral;
        }
        Files.createDirectories(home);
        Files.copy(
                PROJECT.resolve("src/test/spectral/package.json"),
                home.resolve("package.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(lock, installed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(run(home, 300, "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"))
                .as("npm ci in %s", home)
                .isZero();
        assertThat(spectral).as("Spectral after npm ci in %s", home).isExecutable();
        return spectral;
    }

    /** Runs a program, printing what it says, and answers its exit code; fails if it cannot start or times out. */
    private static int run(Path directory, int seconds, String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(List.of(command))
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return fail(
                    "%s cannot be started (%s). This test lints the OpenAPI document with Spectral, which "
                            + "needs Node.js and npm on the PATH (Debian: apt-get install nodejs npm).",
                    command[0], e.getMessage());
        }
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return fail("%s took more than %d s: %s", String.join(" ", command), seconds, output);
        }
        if (!output.isBlank()) {
            System.out.println(String.join(" ", command) + ": " + output.strip());
        }
        return process.exitValue();
    }
}
