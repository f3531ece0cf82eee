package dev.tally.query;

/**
 * One copy of a partition a read may ask.
 *
 * @param url      the instance's internal API, {@code http://host:port}
 * @param endpoint its {@code application.server}, {@code host:port}
 * @param role     {@code active} or {@code standby}, as the routing snapshot says
 */
public record Candidate(String url, String endpoint, String role) {

    /** E.g. {@code 127.0.0.1:8101 (active)}, for error messages. */
    public String describe() {
        return endpoint + " (" + role + ")";
    }
}
