package kvs.cli.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kvs.cli.Context;
import kvs.cli.ExitCode;
import kvs.cli.http.ReplicaAddress;
import kvs.cli.http.ReplicaClient;
import kvs.cli.op.RetryPolicy;
import kvs.cli.record.AppendingFileRecorder;
import kvs.cli.record.Recorder;
import kvs.cli.record.VerboseRecorder;
import kvs.cli.session.SessionStore;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code kvs-cli}: the top command. Its options are global: they may be given before or after a subcommand. */
@Command(name = "kvs-cli",
        mixinStandardHelpOptions = true,
        versionProvider = KvsCommand.Version.class,
        exitCodeOnInvalidInput = ExitCode.USAGE,
        exitCodeOnExecutionException = ExitCode.INTERNAL,
        description = "A client for the causally consistent key-value store. A named session carries the causal "
                + "metadata from command to command, so consecutive commands in a shell are causally tracked.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  export KVS_REPLICAS=127.0.0.1:8091,127.0.0.1:8092,127.0.0.1:8093",
            "  kvs-cli put x 1                      # VALUE is JSON when it parses as JSON",
            "  kvs-cli --session bob get x          # bob's own causal session",
            "  kvs-cli put greeting hello --string  # force a string",
            "  kvs-cli get x --json -m              # machine-readable, with the metadata",
            "  kvs-cli view list --all",
            "  kvs-cli workload --sessions 4 --ops 1000 --check",
            "  kvs-cli shell                        # a prompt: one JVM, history, Tab completion",
            "  source <(kvs-cli generate-completion)   # shell completion for bash and zsh",
            "",
            "Environment: KVS_REPLICAS (comma-separated IP:PORT); KVS_HOME (default ~/.kvs),",
            "under which sessions live in sessions/NAME.json."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:success",
            " 1:workload --check: the history is not causally consistent",
            " 2:workload --check: the checker could not decide",
            " 3:not found (key, session, or view member)",
            " 4:unavailable: no replica reachable, 503 until --wait ran out, or a write's outcome unknown",
            " 5:bad response from a replica",
            " 6:rejected by the replica (400: key too long, no value)",
            "64:usage error",
            "70:internal error",
            "74:session or history file unreadable or unwritable"})
public final class KvsCommand implements Runnable {
    /**
     * The subcommands, in the order the help lists them. They are added by {@code Main}: all of them
     * for help and completion, only the one named on the command line otherwise (building a
     * command's model is most of picocli's start-up work).
     */
    public static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> all = new LinkedHashMap<>();
        all.put("put", PutCommand.class);
        all.put("get", GetCommand.class);
        all.put("delete", DeleteCommand.class);
        all.put("session", SessionCommand.class);
        all.put("view", ViewCommand.class);
        all.put("workload", WorkloadCommand.class);
        all.put("shell", kvs.cli.shell.ShellCommand.class);
        all.put("generate-completion", AutoComplete.GenerateCompletion.class);
        all.put("help", CommandLine.HelpCommand.class);
        return Collections.unmodifiableMap(all);
    }

    /** The subcommands that work on the whole tree (they list or complete the others). */
    public static final Set<String> NEED_THE_WHOLE_TREE = Set.of("help", "generate-completion", "shell");

    /** The global options that take a value, so that the subcommand's name can be found after them. */
    public static final Set<String> OPTIONS_WITH_VALUE = Set.of(
            "-s", "--session", "-r", "--replica", "--replicas", "-w", "--wait", "--timeout", "--connect-timeout", "--record");

    /** The global options without a value. */
    public static final Set<String> FLAGS = Set.of(
            "--json", "-m", "--show-metadata", "-v", "--verbose");

    private final Context context;

    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--session"}, scope = ScopeType.INHERIT, paramLabel = "NAME", defaultValue = "default",
            description = "Session whose causal metadata is sent and updated (default: ${DEFAULT-VALUE}).")
    String session;

    @Option(names = {"-r", "--replica", "--replicas"}, scope = ScopeType.INHERIT, paramLabel = "IP:PORT", split = ",",
            description = "Replica to talk to; repeatable or comma-separated; tried in order. Default: $KVS_REPLICAS.")
    List<String> replicas = new ArrayList<>();

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print one JSON object, for scripts.")
    boolean json;

    @Option(names = {"-m", "--show-metadata"}, scope = ScopeType.INHERIT,
            description = "Also print the causal metadata the session holds after the command.")
    boolean showMetadata;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print every HTTP attempt (replica, status, error) on stderr: fail-over and 503 retries become visible.")
    boolean verbose;

    @Option(names = {"-w", "--wait"}, scope = ScopeType.INHERIT, paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How long to keep retrying 503 answers, with backoff (default: ${DEFAULT-VALUE}).")
    Duration wait;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION", defaultValue = "2s",
            converter = DurationConverter.class,
            description = "How long to wait for one replica's answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--connect-timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION", defaultValue = "1s",
            converter = DurationConverter.class,
            description = "How long to wait for a connection before trying the next replica (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--record", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Append every operation (invocation and completion) to this history file, in the checker's format.")
    Optional<Path> record = Optional.empty();

    /** {@code --version}: the version of the jar, as every tool prints it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kvs-cli " + kvs.checker.usage.Usage.version(KvsCommand.class)};
        }
    }

    public KvsCommand(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: put, get, delete, session, view, workload or shell");
    }

    public Context context() {
        return context;
    }

    /** The {@code --session} option as given (the shell starts in it). */
    public String sessionOption() {
        return session;
    }

    String sessionName() {
        SessionStore.checkName(session);
        return session;
    }

    SessionStore sessionStore() {
        return new SessionStore(context.kvsHome().resolve("sessions"));
    }

    /** The replicas from {@code --replica}, else {@code KVS_REPLICAS}, without duplicates, in the order given. */
    List<ReplicaAddress> replicaAddresses(CommandLine commandLine) {
        List<String> given = new ArrayList<>(replicas);
        if (given.isEmpty()) {
            context.variable("KVS_REPLICAS").ifPresent(v -> given.addAll(List.of(v.split(","))));
        }
        LinkedHashSet<ReplicaAddress> addresses = new LinkedHashSet<>();
        for (String text : given) {
            if (text.isBlank()) continue;
            try {
                addresses.add(ReplicaAddress.parse(text));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(commandLine, e.getMessage());
            }
        }
        if (addresses.isEmpty()) {
            throw new CommandLine.ParameterException(commandLine,
                    "no replica given: use --replica IP:PORT (repeatable) or set KVS_REPLICAS");
        }
        return List.copyOf(addresses);
    }

    ReplicaClient replicaClient() {
        return new ReplicaClient(connectTimeout, timeout);
    }

    RetryPolicy retryPolicy() {
        return RetryPolicy.waitingMillis(wait.toMillis());
    }

    /** The recorder of {@code --record} (checked to be writable before any request goes out) and {@code --verbose}. */
    Recorder recorder(PrintWriter err) throws IOException {
        Recorder recorder = Recorder.NONE;
        if (record.isPresent()) {
            AppendingFileRecorder file = new AppendingFileRecorder(record.get());
            file.prepare();
            recorder = file;
        }
        return verbose ? new VerboseRecorder(recorder, err) : recorder;
    }
}
