package kvs.tester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import kvs.tester.conformance.ConformanceCommand;
import picocli.CommandLine;

/** {@code run}, {@code conformance} and {@code cluster} take the same network options, meaning the same. */
class NetworkOptionsTest {
    private static NetworkOptions parsed(Object command, String... args) {
        CommandLine line = new CommandLine(command);
        line.parseArgs(args);
        return (NetworkOptions) line.getCommandSpec().mixins().get("networkOptions").userObject();
    }

    private static Object fresh(Object command) {
        try {
            var constructor = command.getClass().getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyCommandTakesTheSameOptions() {
        for (Object command : new Object[] {new RunCommand(), new ConformanceCommand(), new ClusterCommand()}) {
            NetworkOptions options = parsed(command, "--network", "loopback", "--port", "23000", "--subnet", "10.77.0.0/24",
                    "--bridge", "xbr0", "--ns-prefix", "xx");
            String name = command.getClass().getSimpleName();
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            assertEquals(RunConfig.Network.LOOPBACK, options.network(quiet, "t", ""), name);
            assertEquals(Optional.of(23000), options.loopbackBasePort(), name);
            assertEquals("xbr0", options.netns().bridge(), name);
            assertEquals(23000, options.netns().port(), name);
            NetworkOptions defaults = parsed(fresh(command));
            assertEquals("auto", defaults.network, name);
            assertEquals(8090, defaults.netns().port(), name);
            assertEquals(Optional.empty(), defaults.loopbackBasePort(), "free ports by default: " + name);
        }
    }

    @Test
    void theOldBasePortStillWorksAndPortZeroMeansFreePorts() {
        assertEquals(Optional.of(24000), parsed(new ConformanceCommand(), "--base-port", "24000").loopbackBasePort());
        assertEquals(Optional.empty(), parsed(new ConformanceCommand(), "--base-port", "0").loopbackBasePort());
        NetworkOptions both = parsed(new ConformanceCommand(), "--base-port", "24000", "--port", "25000");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, both::loopbackBasePort);
        assertTrue(e.getMessage().contains("old name of --port"), e.getMessage());
    }

    @Test
    void anUnknownNetworkIsAClearError() {
        NetworkOptions options = parsed(new RunCommand(), "--network", "carrier-pigeon");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> options.network(quiet, "t", ""));
        assertEquals("--network must be netns, loopback or auto, not 'carrier-pigeon'", e.getMessage());
    }
}
