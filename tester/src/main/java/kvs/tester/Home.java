package kvs.tester;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where this checkout is: {@code -Dkvs.home} (set by scripts/kvs-test), else the first parent of the working folder with scripts/replica. */
final class Home {
    private Home() {}

    static Optional<Path> find() {
        String property = System.getProperty("kvs.home");
        if (property != null && !property.isBlank()) {
            return Optional.of(Path.of(property).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("scripts").resolve("replica"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** The default replica command: our own replica, {@code scripts/replica} of this checkout. */
    static String ourReplica() {
        return find().map(h -> RunCommand.quote(h.resolve("scripts").resolve("replica").toString())).orElseThrow(() -> new IllegalArgumentException(
                "no --replica-cmd given and this checkout's scripts/replica was not found (run from the checkout, or give"
                        + " --replica-cmd)"));
    }
}
