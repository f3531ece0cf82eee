package dev.tally.perf.load;

/**
 * The API token the generator sends as {@code Authorization: Bearer}, from TALLY_TOKEN (as the
 * command-line client reads it), so a load runs against an API started with API_TOKEN too; none when unset.
 */
final class AccessToken {

    /** The header value, or null when TALLY_TOKEN is unset or blank. */
    static final String HEADER = header(System.getenv("TALLY_TOKEN"));

    private AccessToken() {
    }

    static String header(String token) {
        return token == null || token.isBlank() ? null : "Bearer " + token.strip();
    }
}
