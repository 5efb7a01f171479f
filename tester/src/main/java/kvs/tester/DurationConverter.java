package kvs.tester;

import java.time.Duration;
import picocli.CommandLine;

/** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or a number of seconds. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        return kvs.cli.command.DurationConverter.parse(text);
    }
}
