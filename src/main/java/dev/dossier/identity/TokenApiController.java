package dev.dossier.identity;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Personal API tokens over REST: issue one with a user's password, list and revoke with a token. */
@RestController
@RequestMapping("/api/v1/tokens")
@Tag(name = "Tokens", description = "Personal API tokens: issue one with your password, list and revoke yours")
@Permission.SelfService
class TokenApiController {

    /**
     * What to call a new token and how long it lives.
     *
     * @param name a name to recognise it by
     * @param validDays days until it expires; none for no expiry
     * @param scope {@code READ_ONLY} (GET and HEAD only) or {@code READ_WRITE}, the default
     */
    record TokenRequest(
            String name,
            Integer validDays,
            @Schema(implementation = TokenScope.class) String scope) {}

    private final ApiTokens tokens;

    TokenApiController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping
    @Operation(
            summary = "Issue a personal API token",
            description = "The only endpoint that takes HTTP Basic credentials. The token is in the answer once. "
                    + "A user with two-factor sign-in sends the current code from the app (or a recovery code) "
                    + "in the X-Dossier-Code header. A READ_ONLY token is refused (403) for anything but GET and HEAD.")
    @SecurityRequirement(name = "basic")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<ApiTokens.IssuedToken> issue(@RequestBody(required = false) TokenRequest request) {
        var user = CurrentUser.get();
        var name = request == null || request.name() == null ? "API" : request.name();
        var issued = tokens.issue(
                user.id(),
                name,
                request == null ? null : request.validDays(),
                request == null ? null : request.scope());
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + issued.id()))
                .body(issued);
    }

    @GetMapping
    @Operation(summary = "List your tokens (never their secrets)")
    @SecurityRequirement(name = "bearer")
    List<ApiTokens.TokenView> list() {
        return tokens.of(CurrentUser.get().id());
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke one of your tokens")
    @SecurityRequirement(name = "bearer")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        tokens.revoke(CurrentUser.get().id(), id);
        return ResponseEntity.noContent().build();
    }
}
