package vn.portal.searchnode;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.opensearch.Version;
import org.opensearch.action.admin.cluster.health.ClusterHealthResponse;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.cluster.health.ClusterHealthStatus;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.env.Environment;
import org.opensearch.http.BindHttpException;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.ExtensiblePlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.BindTransportException;
import org.opensearch.transport.Netty4Plugin;

/**
 * A single OpenSearch node running inside this JVM, for tests, CI and local development.
 *
 * <p>The modules that a packaged OpenSearch loads from its {@code modules/} folder are
 * handed to the node as classpath plugins instead (the way OpenSearch's own test
 * {@code MockNode} does it), so everything comes from Maven Central jars.
 *
 * <p>Environment: {@code SEARCH_NODE_PORT} (HTTP port, default 9200),
 * {@code SEARCH_NODE_DATA} (data folder, default {@code var/search-node} under the current
 * directory), {@code SEARCH_NODE_TRANSPORT_PORT} (transport port or range, default
 * 9300-9400), {@code SEARCH_NODE_LOG_LEVEL} (default INFO). The heap is set by whoever
 * starts the JVM ({@code -Xms/-Xmx}).
 */
public final class SearchNode extends Node {

    private static final String CLUSTER_NAME = "portal-search-node";
    private static final String NODE_NAME = "portal-search-node-1";
    private static final String HOST = "127.0.0.1";

    private static final List<Class<? extends Plugin>> PLUGINS = List.of(
        Netty4Plugin.class,
        CommonAnalysisPlugin.class,
        MapperExtrasPlugin.class,
        PainlessPlugin.class,
        ReindexPlugin.class
    );

    private SearchNode(Environment environment) {
        super(environment, PLUGINS, true);
    }

    public static void main(String[] args) throws Exception {
        String level = env("SEARCH_NODE_LOG_LEVEL", "INFO");
        configureLogging(Level.toLevel(level, Level.INFO));

        int httpPort = parsePort(env("SEARCH_NODE_PORT", "9200"));
        String transportPort = env("SEARCH_NODE_TRANSPORT_PORT", "9300-9400");
        // Fail in a second rather than after the node has been built (about ten seconds).
        checkPortFree(httpPort);
        Path data = Paths.get(env("SEARCH_NODE_DATA", "var/search-node")).toAbsolutePath().normalize();
        Path home = data.resolve("home");
        Path dataPath = data.resolve("data");
        Path logs = data.resolve("logs");
        for (Path dir : List.of(home, dataPath, logs)) {
            Files.createDirectories(dir);
        }

        Settings settings = Settings.builder()
            .put("cluster.name", CLUSTER_NAME)
            .put("node.name", NODE_NAME)
            .put("discovery.type", "single-node")
            .put("network.host", HOST)
            .put("http.port", httpPort)
            .put("transport.port", transportPort)
            .put("path.home", home.toString())
            .put("path.data", dataPath.toString())
            .put("path.logs", logs.toString())
            // A nearly full disk must not turn the indices read-only under the tests.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();

        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Collections.emptyMap(), null, () -> NODE_NAME);

        loadPainlessExtensions();

        SearchNode node;
        try {
            node = new SearchNode(environment);
        } catch (IllegalStateException e) {
            // Typically "failed to obtain node locks": another node uses the same folder.
            fail("cannot open the data folder " + data + ": " + e.getMessage()
                + " (is another search node running on it?)", e);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean closing = new AtomicBoolean(false);
        Thread hook = new Thread(() -> {
            boolean bySignal = closing.compareAndSet(false, true);
            boolean clean = true;
            if (bySignal) {
                System.out.println("search node stopping");
                clean = closeQuietly(node);
                System.out.println(clean ? "search node stopped" : "search node stopped uncleanly");
                System.out.flush();
            }
            LogManager.shutdown();
            stopped.countDown();
            if (bySignal) {
                // A stop asked for by SIGINT/SIGTERM that closed the node is a success, so
                // scripts can `kill $pid; wait $pid` under `set -e`. After System.exit(1)
                // (a failed start) the status is left alone.
                Runtime.getRuntime().halt(clean ? 0 : 1);
            }
        }, "search-node-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        try {
            node.start();
        } catch (Exception e) {
            closing.set(true);
            closeQuietly(node);
            if (isBindFailure(e)) {
                String what = hasCause(e, BindTransportException.class)
                    ? "transport ports " + HOST + ":" + transportPort + " (set SEARCH_NODE_TRANSPORT_PORT)"
                    : "HTTP port " + HOST + ":" + httpPort + " (set SEARCH_NODE_PORT)";
                fail("cannot bind " + what + ": " + rootMessage(e)
                    + ". Is another search node or Elasticsearch already running?", null);
            } else {
                fail("search node failed to start: " + e, e);
            }
            return;
        }

        ClusterHealthResponse health;
        try {
            health = node.client().admin().cluster().prepareHealth()
                .setWaitForYellowStatus()
                .setTimeout(TimeValue.timeValueSeconds(120))
                .get();
        } catch (RuntimeException e) {
            if (closing.compareAndSet(false, true)) {
                closeQuietly(node);
                fail("cluster health request failed: " + e, e);
            }
            return; // closed by a signal while starting: the hook sets the exit status
        }
        if (health.isTimedOut() || health.getStatus() == ClusterHealthStatus.RED) {
            if (closing.compareAndSet(false, true)) {
                closeQuietly(node);
                fail("cluster health is still " + health.getStatus() + " after 120 s", null);
            }
            return;
        }
        System.out.println(String.format(Locale.ROOT,
            "search node ready on http://%s:%d (OpenSearch %s, cluster %s, health %s, data %s)",
            HOST, httpPort, Version.CURRENT, CLUSTER_NAME,
            health.getStatus().name().toLowerCase(Locale.ROOT), data));
        System.out.flush();

        // Node threads are daemons: keep the JVM alive until a signal runs the hook.
        stopped.await();
    }

    /**
     * Classpath plugins declare no "extended plugins", so the node never hands lang-painless
     * the {@code PainlessExtension}s of the other modules (analysis-common's allow-list for
     * the predicate_token_filter and condition scripts). PainlessPlugin keeps its allow-lists
     * in a static map, so loading them here, before the node builds its script engine,
     * gives the same result as a packaged OpenSearch.
     */
    private static void loadPainlessExtensions() {
        new PainlessPlugin().loadExtensions(new ExtensiblePlugin.ExtensionLoader() {
            @Override
            public <T> List<T> loadExtensions(Class<T> extensionPointType) {
                List<T> found = new ArrayList<>();
                ServiceLoader.load(extensionPointType, SearchNode.class.getClassLoader()).forEach(found::add);
                return found;
            }
        });
    }

    private static void fail(String message, Throwable cause) {
        System.err.println("search node: " + message);
        if (cause != null && Boolean.parseBoolean(env("SEARCH_NODE_DEBUG", "false"))) {
            cause.printStackTrace();
        }
        System.err.flush();
        // Runs the shutdown hook, which closes the node if it got that far.
        System.exit(1);
    }

    private static boolean closeQuietly(Node node) {
        try {
            node.close();
            if (!node.awaitClose(20, TimeUnit.SECONDS)) {
                System.err.println("search node: timed out waiting for the node to close");
                return false;
            }
            return true;
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("search node: error while closing: " + e);
            return false;
        }
    }

    private static void checkPortFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        } catch (IOException e) {
            fail("cannot bind HTTP port " + HOST + ":" + port + ": " + e.getMessage()
                + ". Is another search node or Elasticsearch already running? "
                + "Set SEARCH_NODE_PORT to use another port.", null);
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindHttpException || t instanceof BindTransportException
                || t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            System.err.println("search node: SEARCH_NODE_PORT must be a port number, got '" + value + "'");
            System.exit(2);
            return -1;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Console logging, INFO for the node's own lifecycle and WARN for the chatty parts. */
    private static void configureLogging(Level level) {
        ConfigurationBuilder<BuiltConfiguration> builder = ConfigurationBuilderFactory.newConfigurationBuilder();
        builder.setStatusLevel(Level.ERROR);
        builder.setConfigurationName("search-node");
        // The node is closed from our own shutdown hook and still logs while closing.
        builder.setShutdownHook("disable");
        AppenderComponentBuilder console = builder.newAppender("console", "Console")
            .addAttribute("target", ConsoleAppender.Target.SYSTEM_OUT)
            .add(builder.newLayout("PatternLayout")
                .addAttribute("pattern", "[%d{HH:mm:ss,SSS}][%-5p][%c{1.}] %m%n"));
        builder.add(console);
        builder.add(builder.newRootLogger(level).add(builder.newAppenderRef("console")));
        for (String chatty : List.of(
            "org.opensearch.plugins.PluginsService",
            "org.opensearch.env.NodeEnvironment",
            "org.opensearch.cluster.coordination",
            "org.opensearch.gateway",
            "org.opensearch.threadpool",
            "org.opensearch.transport.TransportService",
            "org.opensearch.index.store.remote",
            "org.opensearch.telemetry",
            "org.opensearch.search.SearchService",
            "org.opensearch.cluster.service.ClusterApplierService",
            "org.opensearch.cluster.metadata.MetadataMappingService",
            "org.opensearch.cluster.service.MasterService",
            "org.opensearch.discovery",
            "org.opensearch.extensions",
            "org.opensearch.transport.NettyAllocator")) {
            if (level.isLessSpecificThan(Level.WARN)) {
                builder.add(builder.newLogger(chatty, Level.WARN));
            }
        }
        // Said once per start and not actionable here: no bundled JDK, dangling-index import off.
        builder.add(builder.newLogger("org.opensearch.deprecation.node.Node", Level.ERROR));
        builder.add(builder.newLogger("org.opensearch.gateway.DanglingIndicesState", Level.ERROR));
        Configurator.initialize(builder.build());
    }
}
