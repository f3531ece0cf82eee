package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import dev.tally.server.Env;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerAuthTest {

    private final BearerAuth auth = BearerAuth.of("s3cret-token", "API_TOKEN");

    private final Javalin app = Javalin.create(config -> {
        JsonServer.configure(config);
        auth.install(config.routes, path -> path.startsWith("/health"));
        config.routes.get("/health", ctx -> ctx.result("up"));
        config.routes.get("/status", ctx -> ctx.result("the status"));
        JsonErrors.install(config.routes);
    });

    @Test
    void withoutTheTokenEveryRouteButHealthIsAJson401() {
        JavalinTest.test(app, (server, client) -> {
            assertThat(client.get("/health").code()).isEqualTo(200);
            for (String path : new String[] {"/status", "/no-such-route"}) {
                var refused = client.get(path);
                assertThat(refused.code()).as(path).isEqualTo(401);
                assertThat(refused.headers().get("WWW-Authenticate")).containsExactly("Bearer");
                JsonNode body = Json.MAPPER.readTree(refused.body().string());
                assertThat(body.get("error").asText()).isEqualTo("unauthorized");
                assertThat(body.get("message").asText()).contains("API_TOKEN").doesNotContain("s3cret");
            }
        });
    }

    @Test
    void onlyTheExactTokenIsLetIn() {
        JavalinTest.test(app, (server, client) -> {
            assertThat(client.get("/status", r -> r.header("Authorization", "Bearer s3cret-token")).code()).isEqualTo(200);
            assertThat(client.get("/status", r -> r.header("Authorization", "bearer s3cret-token")).code()).isEqualTo(200);
            for (String wrong : new String[] {"Bearer s3cret-toke", "Bearer s3cret-token2", "Basic s3cret-token", "s3cret-token", "Bearer "}) {
                assertThat(client.get("/status", r -> r.header("Authorization", wrong)).code()).as(wrong).isEqualTo(401);
            }
        });
    }

    @Test
    void theTokenComesFromTheVariableOrAFileButNotBoth(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "from-a-file\n");

        assertThat(BearerAuth.fromEnv(new Env(Map.of()), "API_TOKEN")).isEmpty();
        assertThat(BearerAuth.fromEnv(new Env(Map.of("API_TOKEN", "t1")), "API_TOKEN")).hasValueSatisfying(a ->
                assertThat(a.matches("Bearer t1")).isTrue());
        assertThat(BearerAuth.fromEnv(new Env(Map.of("API_TOKEN_FILE", file.toString())), "API_TOKEN")).hasValueSatisfying(a ->
                assertThat(a.matches("Bearer from-a-file")).isTrue());
        assertThatThrownBy(() -> BearerAuth.fromEnv(new Env(Map.of("API_TOKEN", "t1", "API_TOKEN_FILE", file.toString())), "API_TOKEN"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> BearerAuth.fromEnv(new Env(Map.of("API_TOKEN_FILE", dir.resolve("none").toString())), "API_TOKEN"))
                .hasMessageContaining("cannot read");
    }
}
