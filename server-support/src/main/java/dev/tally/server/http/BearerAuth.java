package dev.tally.server.http;

import dev.tally.server.Env;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One shared secret a caller proves it knows with {@code Authorization: Bearer <secret>}: the API's
 * {@code API_TOKEN} for its users, a stack's {@code INTERNAL_SECRET} for the processors' internal API.
 * Compared in constant time, so the answer's timing says nothing about how much of a guess was right.
 */
public final class BearerAuth {

    /** Longer than any sane secret, so a huge header is refused without comparing it. */
    private static final int MAX_SECRET_BYTES = 4_096;

    private final byte[] secret;
    private final String variable;

    private BearerAuth(String secret, String variable) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.variable = variable;
    }

    public static BearerAuth of(String secret, String variable) {
        if (secret == null || secret.isBlank() || secret.getBytes(StandardCharsets.UTF_8).length > MAX_SECRET_BYTES) {
            throw new IllegalArgumentException(variable + " must be 1 to " + MAX_SECRET_BYTES + " bytes of text");
        }
        return new BearerAuth(secret.strip(), variable);
    }

    /**
     * The secret named by {@code variable} (its value) or {@code variable_FILE} (a file holding it,
     * e.g. a mounted secret; surrounding whitespace ignored); empty when neither is set.
     *
     * @throws IllegalArgumentException when both are set, or the file cannot be read
     */
    public static Optional<BearerAuth> fromEnv(Env env, String variable) {
        String value = env.string(variable, null);
        String file = env.string(variable + "_FILE", null);
        if (value != null && file != null) {
            throw new IllegalArgumentException("set " + variable + " or " + variable + "_FILE, not both");
        }
        if (file != null) {
            try {
                value = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException(variable + "_FILE: cannot read " + file + ": " + e.getMessage());
            }
        }
        return value == null ? Optional.empty() : Optional.of(of(value, variable));
    }

    /** The header a client of this secret sends. */
    public String header() {
        return "Bearer " + new String(secret, StandardCharsets.UTF_8);
    }

    /**
     * Requires the secret on every request whose path {@code open} does not accept, before any route
     * (an unknown path too, so that not even which routes exist is told without it).
     */
    public void install(RoutesConfig routes, Predicate<String> open) {
        routes.before(ctx -> {
            if (!open.test(ctx.path())) {
                require(ctx);
            }
        });
    }

    /** @throws ApiException 401 {@code unauthorized} without the right {@code Authorization: Bearer} header */
    public void require(Context ctx) {
        if (!matches(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "unauthorized", "this request needs the header Authorization: Bearer <"
                    + variable + ">");
        }
    }

    boolean matches(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] offered = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return offered.length <= MAX_SECRET_BYTES && MessageDigest.isEqual(offered, secret);
    }
}
