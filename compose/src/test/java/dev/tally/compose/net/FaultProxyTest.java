package dev.tally.compose.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy between plain sockets and an echo server: lag delays, a partition stalls, a heal restores. */
class FaultProxyTest {

    private final Faults faults = new Faults();
    private EchoServer echo;
    private FaultProxy proxy;
    private int proxyPort;

    @BeforeEach
    void start() throws Exception {
        echo = new EchoServer();
        proxyPort = freePort();
        proxy = FaultProxy.start(List.of(new ProxyRoute("echo", proxyPort, echo.port(), List.of("broker-1", "processor-2"))),
                faults, "127.0.0.1", "127.0.0.1", 1);
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void withoutFaultsBytesGoThroughBothWays() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "hello")).isEqualTo("hello");
        }
    }

    @Test
    void aLagHoldsEveryChunkAndKeepsTheirOrder() throws IOException {
        faults.lag("broker-1", new Faults.Lag(150, 250));
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            StringBuilder sent = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                String chunk = "<" + i + ">";
                out.write(chunk.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                sent.append(chunk);
            }
            String echoed = read(socket, sent.length());
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            // Each way held at least 150 ms; random draws up to 250 ms never reorder the chunks.
            assertThat(echoed).isEqualTo(sent.toString());
            assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void lagsOfBothEndsAddUp() {
        faults.lag("broker-1", new Faults.Lag(100, 100));
        faults.lag("processor-2", new Faults.Lag(30, 30));
        ProxyRoute route = new ProxyRoute("r", 1, 2, List.of("broker-1", "processor-2"));
        assertThat(faults.delayMs(route)).isEqualTo(130);
        assertThat(faults.delayMs(new ProxyRoute("other", 1, 2, List.of("broker-3")))).isZero();
    }

    @Test
    void aPartitionStallsOpenAndNewConnectionsAndTheHealDeliversWhatWaited() throws IOException {
        try (Socket open = connect()) {
            assertThat(roundTrip(open, "before")).isEqualTo("before");
            faults.partition("processor-2");
            open.getOutputStream().write("during".getBytes(StandardCharsets.US_ASCII));
            open.setSoTimeout(700);
            assertThatThrownBy(() -> open.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            try (Socket fresh = connect()) {
                fresh.getOutputStream().write("new".getBytes(StandardCharsets.US_ASCII));
                fresh.setSoTimeout(700);
                assertThatThrownBy(() -> fresh.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

                faults.heal();
                open.setSoTimeout(5_000);
                fresh.setSoTimeout(5_000);
                assertThat(read(open, "during".length())).isEqualTo("during");
                assertThat(read(fresh, "new".length())).isEqualTo("new");
            }
        }
    }

    @Test
    void healingOneInstanceLeavesTheOthersFaults() {
        faults.partition("broker-1");
        faults.partition("processor-2");
        faults.heal("broker-1");
        ProxyRoute both = new ProxyRoute("r", 1, 2, List.of("broker-1", "processor-2"));
        assertThat(faults.isPartitioned(both)).isTrue();
        assertThat(faults.isPartitioned(new ProxyRoute("r", 1, 2, List.of("broker-1")))).isFalse();
    }

    @Test
    void aPartitionOfAnotherProcessLeavesThisRouteAlone() throws IOException {
        faults.partition("broker-3");
        try (Socket socket = connect()) {
            socket.setSoTimeout(5_000);
            assertThat(roundTrip(socket, "untouched")).isEqualTo("untouched");
        }
    }

    @Test
    void whenTheProcessBehindIsDownTheClientSeesItsConnectionClosed() throws IOException {
        echo.close();
        try (Socket socket = connect()) {
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxyPort);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return read(socket, text.length());
    }

    private static String read(Socket socket, int length) throws IOException {
        byte[] buffer = socket.getInputStream().readNBytes(length);
        return new String(buffer, StandardCharsets.US_ASCII);
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Echoes every byte back, one thread per connection. */
    private static final class EchoServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        EchoServer() throws IOException {
            Thread acceptor = new Thread(this::accept, "echo-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread echo = new Thread(() -> echo(socket), "echo");
                    echo.setDaemon(true);
                    echo.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private static void echo(Socket socket) {
            try (socket) {
                socket.getInputStream().transferTo(socket.getOutputStream());
            } catch (IOException gone) {
                // the test closed its end
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
