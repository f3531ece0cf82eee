package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.junit.jupiter.api.Test;

/** How every tally server's connections are set up, read from a running server. */
class JsonServerTest {

    @Test
    void everyConnectionKeepsASmallHeaderCacheNotJettysOneOf98Kilobytes() {
        Javalin app = Javalin.create(JsonServer::configure);
        JavalinTest.test(app, (server, client) -> {
            assertThat(client.get("/health").code()).isEqualTo(404);
            List<Integer> cacheRows = Arrays.stream(app.jettyServer().server().getConnectors())
                    .map(connector -> connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration().getHeaderCacheSize())
                    .toList();
            assertThat(cacheRows).isNotEmpty().containsOnly(JsonServer.HEADER_CACHE_ROWS);
        });
    }
}
